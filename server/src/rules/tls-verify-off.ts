// tls-verify-off: TLS certificate (or host name) verification switched off, in Python, JS/TS and in
// plain-text config that sets NODE_TLS_REJECT_UNAUTHORIZED=0. Checks per language live in ./tls/.
import type { Rule } from '../core/types';
import { checkJs } from './tls/js';
import { checkPython } from './tls/python';
import { checkText } from './tls/text';

export const tlsVerifyOff: Rule = {
  meta: {
    id: 'tls-verify-off',
    title: 'TLS certificate verification turned off',
    defaultSeverity: 'error',
    summary:
      'verify=False, ssl._create_unverified_context, CERT_NONE/check_hostname=False, rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0.',
    checklistItem: 'tls-verified',
    taxonomy: { cwe: [295], owasp: 'A07', securitySeverity: 7.4 },
    languages: ['python', 'js', 'text'],
  },
  keywords: [
    'verify',
    'Unauthorized',
    'UNAUTHORIZED',
    'unverified',
    'CERT_NONE',
    'check_hostname',
    'strictSSL',
    'ssl=',
    'HTTPSVERIFY',
    'CA_BUNDLE',
    'checkServerIdentity',
    'wrap_socket',
  ],
  python: checkPython,
  js: checkJs,
  text: checkText,
};

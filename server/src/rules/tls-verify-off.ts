// tls-verify-off: TLS certificate (or host name) verification switched off, in Python, JS/TS and in
// plain-text config that sets NODE_TLS_REJECT_UNAUTHORIZED=0. Checks per language live in ./tls-verify-off/.
import type { Rule } from '../core/types';
import { checkJs } from './tls-verify-off/js';
import { checkPython } from './tls-verify-off/python';
import { checkText } from './tls-verify-off/text';

export const tlsVerifyOff: Rule = {
  meta: {
    id: 'tls-verify-off',
    title: 'TLS certificate verification turned off',
    defaultSeverity: 'error',
    summary:
      'verify=False, ssl._create_unverified_context, CERT_NONE/check_hostname=False, rejectUnauthorized: ' +
      'false, NODE_TLS_REJECT_UNAUTHORIZED=0.',
    checklistItem: 'tls-verified',
    taxonomy: { cwe: [295], owasp: 'A07', securitySeverity: 7.4 },
    languages: ['python', 'js', 'text'],
    messages: {
      verifyFalse:
        'verify=False turns off certificate checks: anyone on the network path (public Wi-Fi, a proxy, a ' +
        'compromised router) can read and change the traffic, including credentials. Remove it (or pass ' +
        'verify="/path/to/ca.pem" for a private CA).',
      verifyCertsFalse:
        'verify_certs=False turns off certificate checks: anyone on the network path (public Wi-Fi, a ' +
        'proxy, a compromised router) can read and change the traffic, including credentials.',
      verifySslFalse:
        'verify_ssl=False turns off certificate checks: anyone on the network path (public Wi-Fi, a ' +
        'proxy, a compromised router) can read and change the traffic, including credentials.',
      aiohttpSslFalse:
        'ssl=False makes aiohttp skip certificate checks: anyone on the network path (public Wi-Fi, a ' +
        'proxy, a compromised router) can read and change the traffic, including credentials.',
      certReqsNone:
        'cert_reqs=CERT_NONE accepts any certificate: anyone on the network path (public Wi-Fi, a proxy, ' +
        'a compromised router) can read and change the traffic, including credentials.',
      wrapSocket:
        'ssl.wrap_socket() checks no certificate by default (cert_reqs=CERT_NONE) and never the ' +
        'hostname: anyone on the network path (public Wi-Fi, a proxy, a compromised router) can read and ' +
        'change the traffic, including credentials. Use ssl.create_default_context().wrap_socket(sock, ' +
        'server_hostname=host).',
      unverifiedContext:
        'ssl._create_unverified_context skips certificate and host name checks: anyone on the network ' +
        'path (public Wi-Fi, a proxy, a compromised router) can read and change the traffic, including ' +
        'credentials.',
      sessionVerifyFalse:
        '{{target}} = False turns off certificate checks for every request of this session: anyone on ' +
        'the network path (public Wi-Fi, a proxy, a compromised router) can read and change the traffic, ' +
        'including credentials.',
      environmentSwitch:
        'Setting {{name}} to "{{value}}" turns off certificate checks for the whole process: anyone on ' +
        'the network path (public Wi-Fi, a proxy, a compromised router) can read and change the traffic, ' +
        'including credentials.',
      checkHostnameFalse:
        'check_hostname = False accepts a valid certificate for any other host: anyone on the network ' +
        'path (public Wi-Fi, a proxy, a compromised router) can read and change the traffic, including ' +
        'credentials.',
      verifyModeNone:
        'verify_mode = CERT_NONE accepts any certificate: anyone on the network path (public Wi-Fi, a ' +
        'proxy, a compromised router) can read and change the traffic, including credentials.',
      rejectUnauthorizedOption:
        'rejectUnauthorized: false accepts any certificate: anyone on the network path (public Wi-Fi, a ' +
        'proxy, a compromised router) can read and change the traffic, including credentials. Remove it ' +
        '(or pass `ca` for a private CA).',
      strictSslOption:
        'strictSSL: false accepts any certificate: anyone on the network path (public Wi-Fi, a proxy, a ' +
        'compromised router) can read and change the traffic, including credentials.',
      anyServerIdentity:
        'A checkServerIdentity that accepts everything turns off host name checks: a valid certificate ' +
        'for any other site is accepted; anyone on the network path (public Wi-Fi, a proxy, a ' +
        'compromised router) can read and change the traffic, including credentials.',
      childProcessEnvironment:
        "NODE_TLS_REJECT_UNAUTHORIZED=0 in a child process's environment turns off certificate checks " +
        'there: anyone on the network path (public Wi-Fi, a proxy, a compromised router) can read and ' +
        'change the traffic, including credentials.',
      processEnvironment:
        'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0" turns off certificate checks for every request ' +
        'of this process: anyone on the network path (public Wi-Fi, a proxy, a compromised router) can ' +
        'read and change the traffic, including credentials.',
      rejectUnauthorizedAssignment:
        '{{target}} = false accepts any certificate: anyone on the network path (public Wi-Fi, a proxy, ' +
        'a compromised router) can read and change the traffic, including credentials.',
      environmentFile:
        '{{name}}=0 turns off TLS certificate checks for every connection the process makes: anyone on ' +
        'the network path can read and change the traffic, including credentials. Remove it (point the ' +
        'runtime at your CA bundle instead if you use a private CA).',
    },
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

// cors-wildcard: CORS that lets any website (or any site on a shared host) call the API from a
// visitor's browser. The per-language checks live in ./cors-wildcard/; origin judging in ./cors-wildcard/origins.ts.
import type { Rule } from '../core/types';
import { checkJs } from './cors-wildcard/js';
import { checkPython } from './cors-wildcard/python';

export const corsWildcard: Rule = {
  meta: {
    id: 'cors-wildcard',
    title: 'CORS allows any origin',
    defaultSeverity: 'warning',
    summary:
      'Any-origin CORS (allow_origins=["*"], CORS(app), cors(), origin: true, a literal ' +
      'Access-Control-Allow-Origin: *), shared-hosting wildcards and literal "*" patterns that match nothing; ' +
      'an error when credentials are allowed.',
    checklistItem: 'cors-restricted',
    taxonomy: { cwe: [942], owasp: 'A05', securitySeverity: 5.3 },
    languages: ['python', 'js'],
    messages: {
      anyOrigin:
        "{{where}} allows every origin: any website can call this API from a visitor's " +
        'browser.{{credentials}} Allow only your own origins, e.g. from a CORS_ORIGINS environment ' +
        'variable.',
      anyOriginByDefault:
        "{{where}} allows every origin by default: any website can call this API from a visitor's " +
        'browser.{{credentials}} Allow only your own origins, e.g. from a CORS_ORIGINS environment ' +
        'variable.',
      sharedHost:
        "{{where}} allows every site on {{host}}, where anyone can publish a site: a stranger's page " +
        "there can call this API from a visitor's browser.{{credentials}} Allow only your own origins, " +
        'e.g. from a CORS_ORIGINS environment variable.',
      literalPattern:
        '{{where}}: "{{value}}" is compared as a literal string, so the * is not a wildcard and this ' +
        'entry matches no origin at all. List exact origins instead.',
      literalSharedPattern:
        '{{where}}: "{{value}}" is compared as a literal string, so the * is not a wildcard and this ' +
        'entry matches no origin at all (and as a pattern it would have allowed every site on {{host}}, ' +
        'which anyone can publish to). List exact origins instead.',
      invalidPattern:
        '{{where}}: "{{value}}" is read as a regular expression (it holds regex characters) and is not a ' +
        'valid one, so matching it fails at request time. List exact origins instead.',
      starHeader:
        'Access-Control-Allow-Origin: * allows every origin: any website can call this API from a ' +
        "visitor's browser. Allow only your own origins, e.g. from a CORS_ORIGINS environment variable. " +
        '(Browsers refuse * together with credentials, so cookies are not sent, but every response stays ' +
        'readable by any site.)',
      reflectedOrigin:
        "Access-Control-Allow-Origin echoes the caller's Origin header without checking it: every " +
        "website is allowed to call this API from a visitor's browser.{{credentials}} Echo the origin " +
        'only when it is on an allow-list (for example a CORS_ORIGINS environment variable).',
    },
  },
  keywords: ['cors', 'CORS', 'Cors', 'llow-Origin', 'llow-origin', 'LLOW-ORIGIN'],
  python: checkPython,
  js: checkJs,
};

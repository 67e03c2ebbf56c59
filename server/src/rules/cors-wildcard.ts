// cors-wildcard: CORS that lets any website (or any site on a shared host) call the API from a
// visitor's browser. The per-language checks live in ./cors/; origin judging in ./cors/origins.ts.
import type { Rule } from '../core/types';
import { checkJs } from './cors/js';
import { checkPython } from './cors/python';

export const corsWildcard: Rule = {
  meta: {
    id: 'cors-wildcard',
    title: 'CORS allows any origin',
    defaultSeverity: 'warning',
    summary:
      'Any-origin CORS (allow_origins=["*"], CORS(app), cors(), origin: true, a literal Access-Control-Allow-Origin: *), shared-hosting wildcards and literal "*" patterns that match nothing; an error when credentials are allowed.',
    checklistItem: 'cors-restricted',
    taxonomy: { cwe: [942], owasp: 'A05', securitySeverity: 5.3 },
    languages: ['python', 'js'],
  },
  keywords: ['cors', 'CORS', 'Cors', 'llow-Origin', 'llow-origin', 'LLOW-ORIGIN'],
  python: checkPython,
  js: checkJs,
};

// token-in-localstorage: anything in localStorage is readable by every script on the page, so one XSS
// (or one compromised npm package) walks away with the session.
import type { Rule, TreeContext } from '../core/types';
import { perTree } from '../syntax/memo';
import { callArgs, stringValue } from '../syntax/js';
import { calleeName, nodesAt } from '../syntax/tree';

const TOKEN_WORDS = new Set([
  'token',
  'tokens',
  'jwt',
  'session',
  'sid',
  'auth',
  'access',
  'refresh',
  'bearer',
  'apikey',
  'secret',
  'credential',
  'credentials',
]);

/** Whole words of a key or name (camelCase, snake_case, kebab-case): `tokenizerModel` is not a token. */
function isTokenish(name: string): boolean {
  const words = name
    .replace(/api[_-]?key/gi, 'apikey')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => TOKEN_WORDS.has(w));
}
// Candidates from the text: `setItem` after `localStorage.`/`sessionStorage.` (in the call's callee), and
// `localStorage.`/`localStorage[` at the start of an assignment's left side, a chain of any length
// (`localStorage.a.b.token = ...`): the nearest assignment is the one it starts.
const CALL_CANDIDATES = /\b(?:localStorage|sessionStorage)\s*\??\.\s*(?<at>setItem)\b/g;
const ASSIGN_CANDIDATES = /\b(?:localStorage|sessionStorage)[.[]/g;
// Small wrappers around the storage (`ss.set('SECRET_TOKEN', token)`, `storage.set(...)`): the receiver's name
// says it is a storage, or it is imported from a module whose path does (`@/utils/storage`).
const WRAPPER_CANDIDATES = /\b[A-Za-z_$][\w$]*\s*\.\s*(?:set|setItem|save|put)\s*\(/g;
const STORAGE_NAME = /^(ss|ls)$|storage/i;

/** Local names imported or required from a module whose path names a storage (`@/utils/storage`), once per parse. */
function storageImports(ctx: TreeContext): Set<string> {
  return perTree(ctx.root, 'storageImports', () => {
    const names = new Set<string>();
    // Anchored at line starts and bounded to one statement, so the search stays linear in the file length.
    const from =
      /^\s*import\s([^;]{0,2000}?)\sfrom\s*['"][^'"]*storage[^'"]*['"]|^\s*(?:const|let|var)\s([^;=]{0,1000}?)=\s*require\(\s*['"][^'"]*storage[^'"]*['"]/gim;
    for (const m of ctx.text.matchAll(from)) for (const id of (m[1] ?? m[2]).match(/[\w$]+/g) ?? []) names.add(id);
    return names;
  });
}

export const tokenInLocalstorage: Rule = {
  meta: {
    id: 'token-in-localstorage',
    title: 'Token stored in localStorage',
    defaultSeverity: 'info',
    summary: 'localStorage/sessionStorage.setItem of a token, session or JWT.',
    checklistItem: 'auth-sound',
    taxonomy: { cwe: [922], owasp: 'A04', securitySeverity: 3.5 },
    languages: ['js'],
    messages: {
      tokenStored:
        'A token in localStorage can be read by any script on the page (one XSS steals the session). ' +
        'Prefer an httpOnly, Secure, SameSite cookie set by the server.',
    },
  },
  keywords: ['Storage', 'storage', 'ss.', 'ls.'],
  js(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, CALL_CANDIDATES, 'call_expression')) {
      if (!/(^|\.)(localStorage|sessionStorage)\.setItem$/.test(calleeName(call))) continue;
      const [key, value] = callArgs(call);
      const keyText = stringValue(key) ?? key?.text ?? '';
      if (isTokenish(keyText) || (value && /^[\w.]+$/.test(value.text) && isTokenish(value.text)))
        ctx.report({ start: call.startIndex, end: call.endIndex, messageId: 'tokenStored' });
    }
    for (const call of nodesAt(ctx.root, ctx.text, WRAPPER_CANDIDATES, 'call_expression')) {
      const name = calleeName(call);
      const receiver = name.split('.').slice(-2, -1)[0] ?? '';
      if (!/^[\w$]+\.(set|setItem|save|put)$/.test(name) || /^(localStorage|sessionStorage)$/.test(receiver)) continue;
      if (!STORAGE_NAME.test(receiver) && !storageImports(ctx).has(receiver)) continue;
      const key = stringValue(callArgs(call)[0]);
      if (key !== undefined && isTokenish(key))
        ctx.report({ start: call.startIndex, end: call.endIndex, messageId: 'tokenStored' });
    }
    for (const a of nodesAt(ctx.root, ctx.text, ASSIGN_CANDIDATES, 'assignment_expression')) {
      const left = a.childForFieldName('left');
      if (left && /^(window\.)?(localStorage|sessionStorage)[.[]/.test(left.text) && isTokenish(left.text))
        ctx.report({ start: a.startIndex, end: a.endIndex, messageId: 'tokenStored' });
    }
  },
};

// cors-wildcard: what one configured origin really allows, judged the way each library matches it
// (exact strings, full/prefix/search regexes), and the wording and severity of the finding.
import type { Node, Severity, TextEdit, TreeContext } from '../../core/types';
import { escapeRegExp } from '../../syntax/tree';

/** Hosts where anyone can publish a site under a subdomain: allowing `*.host` allows strangers. */
export const SHARED_HOSTS = [
  'vercel.app',
  'netlify.app',
  'herokuapp.com',
  'railway.app',
  'onrender.com',
  'pages.dev',
  'github.io',
  'fly.dev',
  'web.app',
  'firebaseapp.com',
  'workers.dev',
  'deno.dev',
  'glitch.me',
  'replit.app',
  'repl.co',
  'surge.sh',
  'ngrok.io',
  'ngrok-free.app',
  'azurewebsites.net',
  'appspot.com',
  'gitlab.io',
  'vercel.sh',
];

export type Verdict =
  | { kind: 'any' }
  | { kind: 'shared'; host: string }
  /** A `*` in a library that compares strings literally: matches no origin at all. */
  | { kind: 'literal'; value: string; host?: string }
  /** A string the library reads as a regular expression that is not a valid one. */
  | { kind: 'invalid'; value: string };

function sharedSuffix(value: string): string | undefined {
  const host = value
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[/:].*$/, '')
    .replace(/^\*\.?/, '')
    .toLowerCase();
  return SHARED_HOSTS.find((h) => host === h);
}

/** Libraries comparing origins as exact strings (Starlette, express `cors`, django-cors-headers). */
export function literalOrigin(value: string): Verdict | undefined {
  const v = value.trim();
  if (v === '*') return { kind: 'any' };
  if (v.includes('*')) return { kind: 'literal', value: v, host: sharedSuffix(v) };
  return undefined;
}

/**
 * The pattern is the user's code, so it is only run when it cannot backtrack for ages: a repeated group
 * (`(...)*`, `(...)+`, `(...){n,}`) holding a quantifier must also hold a literal every repetition has to
 * consume (`(\w+\.)*` is fine; `(a+)+`, `(.*)*`, `(\w*)+` are not run).
 */
function mayBacktrackBadly(source: string): boolean {
  for (const m of source.matchAll(/\(((?:[^()\\]|\\.)*)\)[*+{]/g)) {
    const inner = m[1]
      .replace(/^\?(?:[:!=]|<[!=]|<\w+>)/, '')
      .replace(/\[(?:[^\]\\]|\\.)*\]/g, '~')
      .replace(/\\[wWdDsSbB]/g, '~');
    if (!/[*+}|]/.test(inner)) continue; // a plain repeated group, or alternatives that may overlap
    if (!/(\\[^wWdDsSbB]|[A-Za-z0-9:/@-])(?![*?+{])/.test(inner)) return true;
  }
  return false;
}

export type RegexMode = 'full' | 'prefix' | 'search';

/** Python regex text in JS syntax where the two differ in ways that matter here. */
function fromPython(source: string): { source: string; flags: string } {
  let flags = '';
  let s = source.replace(/\(\?P</g, '(?<').replace(/\\Z/g, '$');
  const inline = /^\(\?([aiLmsux]+)\)/.exec(s);
  if (inline) {
    if (inline[1].includes('i')) flags += 'i';
    s = s.slice(inline[0].length);
  }
  return { source: s, flags };
}

/**
 * Tests an origin regex against origins a stranger controls. `python` converts Python syntax first;
 * a pattern JavaScript cannot compile yields undefined (we only report what we can show).
 */
export function regexOrigin(
  pattern: string,
  mode: RegexMode,
  options: { python?: boolean; flags?: string } = {},
): Verdict | undefined {
  const converted = options.python ? fromPython(pattern) : { source: pattern, flags: '' };
  const flags = [...new Set((converted.flags + (options.flags ?? '')).replace(/[gy]/g, ''))].join('');
  // The pattern is the user's code: never run one that could backtrack for ages (nested quantifiers).
  if (pattern.length > 300 || mayBacktrackBadly(converted.source)) return undefined;
  let re: RegExp;
  try {
    const body =
      mode === 'full' ? `^(?:${converted.source})$` : mode === 'prefix' ? `^(?:${converted.source})` : converted.source;
    re = new RegExp(body, flags);
  } catch {
    return undefined;
  }
  if (re.test('https://attacker.invalid') || re.test('http://attacker.invalid')) return { kind: 'any' };
  const host = SHARED_HOSTS.find((h) => re.test(`https://attacker1.${h}`));
  return host ? { kind: 'shared', host } : undefined;
}

/** flask-cors: `*` alone is "any"; strings holding regex characters are matched with re.match. */
export function flaskOrigin(value: string): Verdict | undefined {
  const v = value.trim();
  if (v === '*') return { kind: 'any' };
  if (!/[*\\\]?$^[()]/.test(v)) return undefined;
  const verdict = regexOrigin(v, 'prefix', { python: true, flags: 'i' });
  if (verdict) return verdict;
  if (!v.includes('*')) return undefined;
  try {
    new RegExp(fromPython(v).source);
  } catch {
    return { kind: 'invalid', value: v };
  }
  return { kind: 'literal', value: v, host: sharedSuffix(v) };
}

/** Bearer-token login set up in the file: passport-jwt, express-jwt, an `Authorization: Bearer` check. */
const TOKEN_LOGIN = /passport\.use\(\s*["'`]jwt["'`]|passport-jwt|ExtractJwt|express-?jwt|\bBearer\b|HTTPBearer/;
/** What lets a browser carry a login to another site's request on its own: cookies and sessions. */
const AMBIENT_LOGIN = /cookie|session|withCredentials/i;

/**
 * True when the file's login is a bearer token and nothing in it uses cookies or sessions: a browser never
 * attaches such a token to a stranger's request, so with credentials off an open CORS policy lets other sites
 * read only what needs no login.
 */
export function tokenLoginOnly(text: string): boolean {
  return TOKEN_LOGIN.test(text) && !AMBIENT_LOGIN.test(text);
}

export function severityOf(verdict: Verdict, credentials: boolean, tokenOnly = false): Severity {
  const open = verdict.kind === 'any' || verdict.kind === 'shared';
  if (credentials && open) return 'error';
  return tokenOnly && open ? 'info' : 'warning';
}

/** The sentence a message gains about credentials (`{{credentials}}`): allowed, or a token login only. */
function credentialsNote(credentials: boolean, tokenOnly = false): string {
  if (credentials)
    return ' With credentials allowed, any site a signed-in user visits can act as that user and read the answers.';
  return tokenOnly
    ? " Its login is a bearer token, which browsers never attach to another site's request, and nothing here " +
        'uses cookies or sessions, so other sites can read only what needs no login: low risk.'
    : '';
}

/** The finding's message id and data; `where` names the setting (`allow_origins`, `cors()`, ...). */
export function messageOf(
  verdict: Verdict,
  where: string,
  credentials: boolean,
  defaulted = false,
  tokenOnly = false,
): { messageId: string; data: Record<string, string> } {
  switch (verdict.kind) {
    case 'any':
      return {
        messageId: defaulted ? 'anyOriginByDefault' : 'anyOrigin',
        data: { where, credentials: credentialsNote(credentials, tokenOnly) },
      };
    case 'shared':
      return {
        messageId: 'sharedHost',
        data: { where, host: verdict.host, credentials: credentialsNote(credentials, tokenOnly) },
      };
    case 'literal':
      return verdict.host
        ? { messageId: 'literalSharedPattern', data: { where, value: verdict.value, host: verdict.host } }
        : { messageId: 'literalPattern', data: { where, value: verdict.value } };
    case 'invalid':
      return { messageId: 'invalidPattern', data: { where, value: verdict.value } };
  }
}

/** The literal `Access-Control-Allow-Origin: *` finding, shared by both languages; `firstOrigin` is the env read. */
export function reportStarHeader(
  ctx: TreeContext,
  value: Node,
  firstOrigin: string,
  extraEdits: TextEdit[] = [],
): void {
  ctx.report({
    start: value.startIndex,
    end: value.endIndex,
    messageId: 'starHeader',
    fixes: [
      {
        title: 'Send the first origin listed in the CORS_ORIGINS environment variable instead of *',
        edits: [{ start: value.startIndex, end: value.endIndex, newText: firstOrigin }, ...extraEdits],
      },
    ],
  });
}

/** The caller's own Origin header, read from the request (Express, Koa, Flask, Starlette, Django). */
const REQUEST_ORIGIN =
  /\b(?:req|request|ctx\.request|ctx)\s*\.\s*(?:headers\s*(?:\.\s*origin\b|\[\s*["'`]origin["'`]\s*\]|\.\s*get\s*\(\s*["'`]origin["'`])|get\s*\(\s*["'`]origin["'`]|header\s*\(\s*["'`]origin["'`]|META\s*(?:\.\s*get\s*\(|\[)\s*["']HTTP_ORIGIN["'])/i;
/** An allow-list test on the origin before it is echoed. */
const ORIGIN_CHECKED =
  /allow(?:ed)?_?(?:origins|list|hosts)|whitelist|trusted|(?:includes|has|indexOf|test|match|fullmatch|search)\s*\(\s*[\w.]*origin|origin\w*\s*(?:in\b|not in\b|===|!==|==|!=)|(?:===|!==|==|!=)\s*[\w.]*origin|origin\w*\s*\.\s*(?:startsWith|endsWith|startswith|endswith)/i;

/** True when `value` is the request's Origin header, directly or through a local assigned from it. */
function isReflectedOrigin(value: Node, scopeText: string): boolean {
  if (REQUEST_ORIGIN.test(value.text)) return true;
  if (value.type !== 'identifier') return false;
  const escaped = escapeRegExp(value.text);
  const assigned = new RegExp(`\\b${escaped}\\s*(?::[^=\\n]*)?=\\s*([^\\n;]*)`).exec(scopeText);
  return !!assigned && REQUEST_ORIGIN.test(assigned[1]);
}

/**
 * `Access-Control-Allow-Origin` set to the caller's own Origin with no allow-list check: every site is allowed,
 * and with credentials every site reads signed-in answers. `scope` is the enclosing function's code.
 */
export function reportReflectedOrigin(ctx: TreeContext, value: Node, scope: string): boolean {
  if (!isReflectedOrigin(value, scope)) return false;
  if (ORIGIN_CHECKED.test(scope)) return false;
  const credentials =
    /access-control-allow-credentials["'`]?\]?\s*[,:=]\s*["'`]?true|credentials\s*[:=]\s*(?:true|True)/i.test(ctx.text);
  ctx.report({
    start: value.startIndex,
    end: value.endIndex,
    severity: credentials ? 'error' : 'warning',
    messageId: 'reflectedOrigin',
    data: { credentials: credentialsNote(credentials) },
  });
  return true;
}

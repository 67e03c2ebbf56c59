// Generic secrets: a literal assigned to a secret-sounding name in code, .env, YAML, TOML, JSON, INI,
// shell, Dockerfile ENV/ARG or compose `environment:`. Anchored on the name (one regex pass finds the
// candidate words), then the assignment around it is read by hand, so nothing here can backtrack.
import type { Severity } from '../core/types';
import { isTestPath } from '../core/languages';
import { looksRandom } from './entropy';
import { isNonSecretValue } from './placeholders';
import type { SecretHit } from './types';

const STRONG =
  /password|passwd|passphrase|secret|token|apikey|privatekey|accesskey|credential|authkey|signingkey|encryptionkey|masterkey|appkey|sessionkey|clientkey/;
/** The name describes something about a secret (its URL, length, field, label…), not the secret. */
const NOT_SECRET_LAST = new Set(
  (
    'url uri endpoint path file filename dir directory name names id ids field fields label placeholder hint length ' +
    'len size min max count type types header headers prefix suffix env var variable policy regex re pattern format ' +
    'mode enabled required reset confirm confirmation message msg error errors text title column col table expiry ' +
    'expires expiration exp ttl timeout lifetime age algorithm algorithms alg version scope scopes strategy ' +
    'provider validator store storage manager service cache usage limit rotation input visible visibility strength ' +
    'changed hash hashed hasher salt rounds iterations param params parameter location source method class prop ' +
    'props option options schema request response form view page route handler callback fn func function event ' +
    'events link button icon style selector attr attribute index idx rule rules requirement requirements valid ' +
    'invalid match mismatch prompt question description desc help tooltip sent expired generator factory builder ' +
    'parser loader reader writer helper util utils module kind status state flag template key_name endpoint_url ' +
    'tokens ref refs id_token'
  ).split(' '),
);
const NOT_SECRET_FIRST = new Set(
  (
    'is has use uses show hide enable enabled disable disabled require requires should allow allows can num max min ' +
    'total count no skip with without forgot toggle validate invalid missing'
  ).split(' '),
);
const NOT_SECRET_ANY = new Set(
  (
    'tokens tokenizer tokenize tokenized tokenization page pagination continuation cursor cancel cancellation next ' +
    'prev sync lexer passport bypass compass secretary csrf xsrf i18n translation aria'
  ).split(' '),
);

const CODE_LANGUAGES =
  /^(?:python|javascript|javascriptreact|typescript|typescriptreact|vue|svelte|html|go|ruby|php|java|csharp|rust|kotlin|swift|c|cpp|scala|dart)$/;
/** Template languages whose inline scripts and attributes are code: a value there is a quoted literal. */
const TEMPLATE_PATH =
  /\.(?:pug|jade|ejs|hbs|handlebars|mustache|njk|nunjucks|jinja2?|j2|twig|liquid|erb|haml|slim|astro)$/i;
/** A query parameter of an image URL (`badge.svg?token=…`): status badges carry public read-only tokens. */
const IMAGE_URL_BEFORE = /\.(?:svg|png|gif|jpe?g|webp)$/i;
const YAML_LIKE_PATH = /\.(?:ya?ml|md|markdown|mdx)$/i;
const PROSE_PATH = /\.(?:md|markdown|mdx|rst|txt|adoc)$/i;
const LOCALE_PATH =
  /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|translations?|messages)\/|\.(?:po|pot|xliff|xlf|strings|resx)$/i;
/** Identifier characters, by char code: letters, digits, `_ . $ -`. */
function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 36 ||
    code === 45
  );
}

/** Start of the line holding `offset`, looking back at most 200 characters (enough for ENV/ARG and getenv). */
function lineStartNear(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && offset - i < 200 && text[i - 1] !== '\n') i--;
  return i;
}

function words(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [])
    .map((w) => w.toLowerCase());
}

const nameCache = new Map<string, boolean>();

/** True for `SECRET_KEY`, `db_password`, `apiKey`, `client-secret`; false for `password_field`, `max_tokens`. */
function isSecretName(name: string): boolean {
  let known = nameCache.get(name);
  if (known === undefined) {
    known = judgeName(name);
    if (nameCache.size > 5000) nameCache.clear(); // bounded: names repeat, texts do not grow it forever
    nameCache.set(name, known);
  }
  return known;
}

function judgeName(name: string): boolean {
  const w = words(name);
  if (!w.length) return false;
  const joined = w.join('');
  const strong = STRONG.test(joined) || w.includes('pwd') || (w[w.length - 1] === 'pass' && w.length > 1);
  if (!strong) return false;
  if (NOT_SECRET_LAST.has(w[w.length - 1]) || NOT_SECRET_FIRST.has(w[0])) return false;
  return !w.some((x) => NOT_SECRET_ANY.has(x));
}

/** `db.password` -> `DB_PASSWORD`, `apiKey` -> `API_KEY`; undefined when not a usable env name. */
export function envNameFor(name: string): string | undefined {
  const env = words(name).join('_').toUpperCase();
  return /^[A-Z][A-Z0-9_]{1,80}$/.test(env) ? env : undefined;
}

interface Assignment {
  name: string;
  valueStart: number;
  valueEnd: number;
}

interface Syntax {
  /** Program text: a value must be a quoted literal. */
  code: boolean;
  /** YAML or Markdown: `| > ! & * [ {` open block scalars, tags, anchors, aliases and flow collections. */
  yamlLike: boolean;
}

/** Reads `name <sep> value` starting at an identifier; undefined when it is not an assignment of a literal. */
function readAssignment(text: string, identStart: number, identEnd: number, syntax: Syntax): Assignment | undefined {
  const { code } = syntax;
  const name = text.slice(identStart, identEnd).replace(/^[^A-Za-z0-9_]+/, '');
  let i = identEnd;
  const quote = text[identStart - 1];
  if (
    (quote === '"' || quote === "'" || quote === '`') &&
    /\?\s{0,3}$/.test(text.slice(Math.max(0, identStart - 5), identStart - 1))
  )
    return undefined; // `c ? 'a' : 'b'`
  if ((quote === '"' || quote === "'" || quote === '`') && text[i] === quote) i++;
  else if (quote === '"' && text[i] === '\\' && text[i + 1] === '"') i += 2;
  if (text[i] === ']') i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const rest = text.slice(i, i + 3);
  let sep = 0;
  // `KEY==x…` in a .env or Dockerfile is KEY set to `=x…` (a random key may start with `=`); in code, a comparison.
  const envValueFromEq = !code && rest.startsWith('==') && rest[2] !== '=' && i === identEnd;
  if (!envValueFromEq && /^(?:===|!==|==|!=|<=|>=)/.test(rest)) return undefined;
  if (rest.startsWith(':=') || rest.startsWith('=>') || rest.startsWith('||') || rest.startsWith('??')) sep = 2;
  else if (rest[0] === '=' || (rest[0] === ':' && rest[1] !== ':')) sep = 1;
  else if (
    rest[0] === ',' &&
    /(?:getenv|environ\.get|env\.get|Getenv|getProperty|define|setdefault)\(\s*\\?["']$/.test(
      text.slice(Math.max(0, identStart - 60), identStart),
    )
  )
    sep = 1;
  else if (i > identEnd && /^\s*(?:ENV|ARG)\s+$/i.test(text.slice(lineStartNear(text, identStart), identStart)))
    sep = 0;
  else return undefined;
  if ((rest.startsWith('||') || rest.startsWith('??')) && !/env\.[A-Za-z0-9_]+$/.test(text.slice(identStart, identEnd)))
    return undefined;
  i += sep;
  while (text[i] === ' ' || text[i] === '\t') i++;
  // `name: str = "…"` (Python/TS annotations): skip the type.
  if (rest[0] === ':' && code) {
    const annotation = /^[A-Za-z_][\w.[\]|, ]{0,60}=(?!=)/.exec(text.slice(i, i + 64));
    if (annotation) {
      i += annotation[0].length;
      while (text[i] === ' ') i++;
    }
  }
  return readValue(text, i, syntax, name);
}

function readValue(text: string, i: number, { code, yamlLike }: Syntax, name: string): Assignment | undefined {
  if (/^[rRuU]?["'`]/.test(text.slice(i, i + 2)) && /[rRuU]/.test(text[i])) i++;
  let open = text[i];
  if (open === '\\' && text[i + 1] === '"') open = '\\"';
  if (open === '"' || open === "'" || open === '`' || open === '\\"') {
    if (text.startsWith(open.repeat(3), i) && open.length === 1) return undefined; // docstrings / blocks
    const from = i + open.length;
    // Searched in a bounded window: a long line with many candidates must not cost quadratic time.
    const window = text.slice(from, from + 1001 + open.length);
    const close = window.indexOf(open);
    const lineEnd = window.indexOf('\n');
    if (close < 0 || (lineEnd >= 0 && close > lineEnd) || close > 1000) return undefined;
    return { name, valueStart: from, valueEnd: from + close };
  }
  if (code) return undefined; // an expression, not a literal
  if (yamlLike && /[|>!&*[{]/.test(open ?? '')) return undefined; // YAML blocks, tags, anchors, flow collections
  if (open === '#' && /\s/.test(text[i - 1] ?? '')) return undefined; // `KEY: # comment`
  let end = i;
  // `#` inside a word stays in the value (.env, YAML and shell start a comment only after a space); a random key
  // holds one by chance (Django's alphabet has it), and cutting the key there hid it.
  while (end < text.length && end - i < 1000 && !/[\s"'`,;}\]]/.test(text[end])) end++;
  if (/^[A-Za-z_$][\w$.]*\($/.test(text.slice(i, end))) return undefined; // `document.querySelector(…)`: a call
  return end > i ? { name, valueStart: i, valueEnd: end } : undefined;
}

function titleFor(name: string): string {
  const lower = name.toLowerCase();
  if (/pass|pwd/.test(lower)) return `Password in \`${name}\``;
  if (lower.includes('token')) return `Token in \`${name}\``;
  if (/key/.test(lower)) return `Key in \`${name}\``;
  return `Secret in \`${name}\``;
}

/** Severity for a value under a secret name, or undefined when it is not a credential. */
function judge(name: string, value: string, path: string): Severity | undefined {
  const password = /pass|pwd/i.test(name);
  if (value.length < (password ? 6 : 8) || value.length > 1000) return undefined;
  if (isNonSecretValue(value, name)) return undefined;
  if (/[^\x21-\x7e]/.test(value)) return undefined; // non-ASCII or spaces: prose, not a credential
  const random = looksRandom(value);
  if (!random) {
    if (/^[A-Z][a-z]+$/.test(value) || LOCALE_PATH.test(path)) return undefined; // labels and translations
    // `test-token`, `mock_secret`
    if (/(?:^|[-_.])(?:test|testing|mock|stub|demo|local)(?:$|[-_.])/i.test(value)) return undefined;
    if (PROSE_PATH.test(path) && /^[A-Za-z]+$/.test(value)) return undefined; // `Credentials: sentences…` in docs
  }
  if (isTestPath(path)) return 'info';
  if (!random && PROSE_PATH.test(path)) return 'warning';
  return 'error';
}

/** Whether a char code is a letter, digit or `_`. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * The name written at text[s, e): without leading punctuation or trailing `.`/`-`, and without a bundler's
 * `$1` suffix (bundlers rename clashing names `API_KEY$1`; the suffix is not part of the name the user wrote).
 * Most of the prefilter's anchors are plain words (`key`, `token_count`): those skip the regexes.
 */
function nameAt(text: string, s: number, e: number): string {
  const name = text.slice(s, e);
  const last = text.charCodeAt(e - 1);
  if (isWordChar(text.charCodeAt(s)) && last !== 46 && last !== 45 && !name.includes('$')) return name;
  return name.replace(/^[^A-Za-z0-9_]+|[.-]+$/g, '').replace(/\$\d+$/, '');
}

/** Generic secret-named assignments in any text, around the prefilter's anchor words. */
export function findGeneric(text: string, path: string, languageId: string, anchors: readonly number[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const code = CODE_LANGUAGES.test(languageId) || TEMPLATE_PATH.test(path);
  const syntax: Syntax = { code, yamlLike: /^(?:yaml|markdown)$/.test(languageId) || YAML_LIKE_PATH.test(path) };
  let lastEnd = -1;
  for (const at of anchors) {
    if (at < lastEnd) continue; // another anchor inside the identifier already judged
    let s = at;
    let e = at + 1;
    while (s > 0 && at - s < 100 && isNameChar(text.charCodeAt(s - 1))) s--;
    while (e < text.length && e - at < 100 && isNameChar(text.charCodeAt(e))) e++;
    if (s > 0 && text[s - 1] === '\\' && s < at) s++; // `\nDB_PASSWORD` in an escaped string: `n` is the escape
    lastEnd = e;
    // `${DB_PASSWORD:-x}` / `$DB_PASSWORD`: a reference to the variable (and its default), not an assignment.
    if (text[s - 1] === '$' || (text[s - 1] === '{' && text[s - 2] === '$')) continue;
    if ((text[s - 1] === '?' || text[s - 1] === '&') && IMAGE_URL_BEFORE.test(text.slice(Math.max(0, s - 201), s - 1)))
      continue;
    const full = nameAt(text, s, e);
    const key = full.slice(full.lastIndexOf('.') + 1);
    if (!isSecretName(key)) continue;
    const a = readAssignment(text, s, e, syntax);
    if (!a) continue;
    const value = text.slice(a.valueStart, a.valueEnd);
    const severity = judge(key, value, path);
    if (!severity) continue;
    hits.push({
      kind: 'generic-secret',
      title: titleFor(key),
      severity,
      start: a.valueStart,
      end: a.valueEnd,
      value,
      envName: envNameFor(key),
    });
  }
  return hits;
}

// False-positive filters: values that sit where a secret goes but are not one (placeholders,
// template variables, env lookups, identifiers, paths, URLs, versions, sentences, well-known ids).
import { charClasses, looksRandom } from './entropy';

/** Whole values that are words, not secrets. Compared lower-cased. */
const STOP_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'secrets',
  'token',
  'key',
  'apikey',
  'api_key',
  'api-key',
  'secret_key',
  'secretkey',
  'private_key',
  'access_token',
  'auth_token',
  'client_secret',
  'credentials',
  'test',
  'testing',
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'default',
  'string',
  'str',
  'required',
  'optional',
  'empty',
  'n/a',
  'na',
  'tbd',
  'unknown',
  'value',
  'admin',
  'root',
  'user',
  'username',
  'guest',
  'demo',
  'example',
  'sample',
  'hidden',
  'masked',
  'redacted',
  'bearer',
  'basic',
  'env',
  'environment',
  'setme',
  'set_me',
  'set-me',
  'secure',
  'insecure',
  'plain',
  'text',
  // fetch() credential modes (`credentials: 'same-origin'`), not credentials
  'same-origin',
  'include',
  'omit',
  // the documented default passwords of database and broker images: public knowledge, not a leaked secret
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'redis',
  'mongo',
  'mongodb',
  'rabbitmq',
  'elastic',
  'minio',
  'minioadmin',
]);

/** Substrings that mark a value as a stand-in. Compared lower-cased. */
const PLACEHOLDER_PARTS = [
  'your',
  'changeme',
  'change_me',
  'change-me',
  'change_this',
  'change-this',
  'changethis',
  'replace',
  'placeholder',
  'example',
  'sample',
  'dummy',
  'fake',
  'redacted',
  'insert',
  'todo',
  'fixme',
  'xxxx',
  '****',
  '...',
  '\u2026',
  'notreal',
  'not-real',
  'not_real',
  'not-a-real',
  'not_a_real',
  'lorem',
  '<',
  '>',
  'put-',
  'put_',
  'enter-',
  'enter_',
  'secret-here',
  'key-here',
  'key_here',
  'token-here',
  'token_here',
  'here>',
  'goes-here',
  'goes_here',
  'generate',
  'supply',
  'provide',
];

/** Template and reference syntaxes (and SQL bind parameters `:name`, `@name`): the value is filled in elsewhere. */
const TEMPLATE =
  /\$\{|\{\{|\{%|<%|\$\(|^\$[A-Za-z_{(]|%[A-Za-z_][A-Za-z0-9_]*%|#\{|\(\(|^__[A-Z0-9_]+__$|^@[A-Za-z]|^:[A-Za-z_]\w*$/;

/** Template constructs (open ones too: a value may be cut at a space), removed before judging the rest of it. */
const TEMPLATE_PARTS =
  /\$\{[^}]*(?:\}|$)|\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)|<%.*?(?:%>|$)|\$\([\w .,/'"=-]*(?:\)|$)|%[A-Za-z_]\w*%|#\{[^}]*(?:\}|$)|\(\([\w .-]*(?:\)\)|$)|^[$@:][A-Za-z_]\w*$|^__[A-Z0-9_]+__$/g;

/** Values naming where a secret comes from instead of being one. */
const REFERENCE =
  /^(?:env|secret|secrets|vault|ssm|aws-sm|gcp-sm|file|ref\+[a-z]+|op|sops|k8s|keyvault):|^arn:aws:|^projects\/[^/]+\/secrets\/|process\.env|os\.environ|getenv|import\.meta\.env|ENV\[|System\.getenv/;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VERSION = /^v?\d{1,4}(?:\.\d{1,4}){1,3}(?:[-+][0-9A-Za-z.-]{1,30})?$/;
const URL = /^[a-z][a-z0-9+.-]{1,20}:\/\//i;
const PATH =
  /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)|\.(?:pem|key|crt|cer|p12|pfx|json|txt|env|ya?ml|toml|ini|cfg|conf|js|ts|py|sh|gpg|asc|jks|keystore)$/i;
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,24}$/;
/** Letter-only identifiers: snake/dotted, camelCase, CONSTANT_CASE, 3+ part kebab slugs: names, not values. */
const IDENTIFIER =
  /^(?:[A-Za-z]{1,40}(?:[._][A-Za-z]{1,40}){1,8}|[a-z]{1,40}(?:[A-Z][a-z]{0,40}){1,8}|[A-Z]{1,40}(?:_[A-Z]{1,40}){1,8}|[a-z]{1,40}(?:-[a-z]{1,40}){2,8})$/;
const REPEATED = /^(.)\1*$/;
/** CSS class or id selectors and dotted event names (`.data-api`, `#password-field`): markup names. */
const SELECTOR =
  /^(?:[.#][A-Za-z][\w-]{0,60}(?:\.[A-Za-z][\w-]{0,60}){0,4}|[a-z][a-z-]{0,60}(?:\.[a-z][a-z-]{0,60}){1,4})$/;
/** A two-part or longer word slug naming the kind of secret (`smtp-password`, `db_secret`): a stand-in. */
const NAMED_SLUG = /^[a-z]{1,20}(?:[-_][a-z]{1,20}){1,4}$/i;
const SECRET_WORD = /^(?:password|passwd|pass|pwd|secret|token|key|apikey)$/i;
// A call written where a value would be (`abort(401)`, `get_secret("db")`): code, not a credential.
const CALL = /^[A-Za-z_$][\w$.]{0,100}\([\w\s'",.:/=-]{0,200}\)$/;

/** True for `your-key-here`, `changeme`, `xxx`, `<KEY>`, `sk-...`, `***`, `TODO`, `example`… */
export function isPlaceholder(value: string): boolean {
  const v = value.toLowerCase();
  if (STOP_WORDS.has(v) || REPEATED.test(v)) return true;
  if (/^(?:x{3,}|X{3,})|(?:x{3,}|X{3,})$/.test(value)) return true;
  if (/^0{6,}|^1234567890?$|^abc(?:def|123)?$|^(?:foo|bar|baz|qux){1,4}$/.test(v)) return true;
  if (/(?:^|[^a-z])here(?:$|[^a-z])/.test(v)) return true;
  // In a machine-made value a part is chance (`…q7Your3k…`, `…X#****_d…`: 1 to 3 random keys in 10,000), and a key
  // read as a placeholder is a leak let through; there a part counts only where a person writes one: at an end, or
  // standing apart between separators (`my-fake-key-123`).
  const random = looksRandom(value, 20);
  return PLACEHOLDER_PARTS.some((p) => (random ? standsApart(v, p) : v.includes(p)));
}

function standsApart(v: string, part: string): boolean {
  if (v.startsWith(part) || v.endsWith(part)) return true;
  const apart = (c: string | undefined) => c === undefined || !/[a-z0-9]/.test(c);
  for (let i = v.indexOf(part, 1); i !== -1; i = v.indexOf(part, i + 1))
    if (apart(v[i - 1]) && apart(v[i + part.length])) return true;
  return false;
}

/**
 * A file path, not a key: base64 keys start with `/` (1 in 64) and hold more of them, so a part of the path that
 * looks random and has no file extension (`/GipJq+D6u2OX76…/…=`) makes it a key.
 */
function isPath(value: string): boolean {
  return PATH.test(value) && !value.split(/[\\/]/).some((part) => !part.includes('.') && looksRandom(part, 12));
}

/** True for `${X}`, `{{ x }}`, `$X`, `%X%`, env lookups and secret-manager references. */
export function isTemplateOrReference(value: string): boolean {
  if (REFERENCE.test(value)) return true;
  if (!TEMPLATE.test(value)) return false;
  // A machine-made key holds `((`, `$(`, `%s%` or starts with `$x`/`@x` by chance (about 9 Django secret keys in
  // 100): not a template when what is left without its template parts is itself key-like (long, three or more of
  // lower case, upper case, digits and symbols, random), unlike text around one (`upload-${Date.now()}`).
  const rest = value.replace(TEMPLATE_PARTS, '');
  return !(rest.length >= 20 && charClasses(rest) >= 3 && looksRandom(rest, 20));
}

/**
 * True when a value found under a secret-sounding name is not a credential: placeholders,
 * templates, identifiers, paths, URLs, e-mail addresses, UUIDs, versions, numbers, sentences.
 */
export function isNonSecretValue(value: string, name = ''): boolean {
  if (isPlaceholder(value) || isTemplateOrReference(value)) return true;
  if (/\s/.test(value)) return true; // sentences and i18n messages ("Enter your password")
  if (IDENTIFIER.test(value) || UUID.test(value) || VERSION.test(value) || URL.test(value) || CALL.test(value))
    return true;
  if (isPath(value) || EMAIL.test(value) || /^[0-9]+$/.test(value)) return true;
  if (/^#[0-9a-fA-F]{3,8}$/.test(value)) return true; // CSS colours
  if (SELECTOR.test(value)) return true;
  // signing scope
  if (/^[A-Z0-9]{16,128}\/\d{8}\/[a-z0-9-]{1,30}\/[a-z0-9-]{1,30}\/aws4_request$/.test(value)) return true;
  if (NAMED_SLUG.test(value) && value.split(/[-_]/).some((w) => SECRET_WORD.test(w))) return true;
  if (/^(?:sha(?:1|256|384|512)|md5)[-:]/i.test(value)) return true; // integrity strings
  if (/^\$(?:2[abxy]?|argon2i?d?|scrypt|pbkdf2[-_a-z0-9]{0,10})\$|^pbkdf2_sha(?:1|256)\$|^bcrypt\$/.test(value))
    return true; // password hashes
  if (/^[0-9a-f]{40}$/.test(value) && /(?:sha|commit|rev|hash|digest)/i.test(name)) return true;
  const lowerName = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const lowerValue = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (lowerName.length > 0 && (lowerValue === lowerName || lowerName.endsWith(lowerValue))) return true;
  // `POSTGRES_PASSWORD: postgres`, `REDIS_PASS=redis`: the value repeats a word of the name (a default).
  const nameWords = name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
  return lowerValue.length >= 4 && nameWords.includes(lowerValue);
}

/** Every value-level pattern, for the backtracking-safety test. */
export const VALUE_PATTERNS: readonly RegExp[] = [
  TEMPLATE,
  REFERENCE,
  UUID,
  VERSION,
  URL,
  PATH,
  EMAIL,
  IDENTIFIER,
  REPEATED,
  CALL,
  SELECTOR,
  NAMED_SLUG,
];

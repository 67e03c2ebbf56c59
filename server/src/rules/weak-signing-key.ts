// weak-signing-key: the key that signs sessions, JWTs or HMACs is a guessable literal or falls back to one
// when its environment variable is missing. Anyone who knows (or guesses) the key forges any session or
// token, so for a signing key even a placeholder-looking value is the bug, not a false alarm.
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { calleeName, kids, lastSegment, nodesAt } from '../syntax/tree';
import { importedNames, keywordArg, positionalArgs, stringValue as pyString } from '../syntax/python';
import { callArgs, stringValue as jsString } from '../syntax/js';
import { jsBinding, pyBinding } from '../syntax/values';
import { ensureSortedPythonImport } from '../syntax/pyedit';
import { looksRandom } from '../secrets/entropy';
import { isPlaceholder } from '../secrets/placeholders';
import { envNameFor } from '../secrets/generic';
import { isTypeScript } from '../core/languages';
import { jsRequiredEnv } from '../syntax/envList';

/** Words before `secret`/`key` that make a name a signing key (`JWT_SECRET`, `sessionSecret`, `SECRET_KEY`). */
const SIGNING_WORDS = new Set([
  'jwt',
  'session',
  'sessions',
  'cookie',
  'cookies',
  'signing',
  'sign',
  'hmac',
  'auth',
  'nextauth',
  'token',
  'access',
  'refresh',
  'app',
  'flask',
  'django',
  'csrf',
  'itsdangerous',
  'private',
]);

function words(name: string): string[] {
  return name
    .replace(/^.*[.[]\s*["']?/, '') // `app.config["SECRET_KEY"]` / `app.secret_key` -> the last part
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [])
    .map((w) => w.toLowerCase());
}

/** `SECRET_KEY`, `JWT_SECRET`, `jwtSecretKey`, `SESSION_SECRET`, `HMAC_KEY`; not `STRIPE_SECRET_KEY` or `API_KEY`. */
function isSigningKeyName(name: string): boolean {
  const w = words(name);
  if (!w.length) return false;
  let end = w.length;
  if (w[end - 1] === 'key' || w[end - 1] === 'secret') end--;
  if (end > 0 && w[end - 1] === 'secret') end--;
  if (end === w.length) return false;
  const before = w.slice(0, end);
  const last = w[w.length - 1];
  if (!before.length) return name.replace(/^.*[.[]\s*["']?/, '').match(/secret[_-]?key/i) !== null; // SECRET_KEY
  if (last === 'key' && !w.includes('secret'))
    return before.every((x) => x === 'jwt' || x === 'hmac' || x === 'signing');
  return before.every((x) => SIGNING_WORDS.has(x)) && before.some((x) => x !== 'private' && x !== 'app');
}

/** A literal value anyone could guess: placeholders, words, short strings, Django's generated dev keys. */
function guessable(value: string): boolean {
  // Word phrases (`you-will-never-guess`, `keyboard cat`) are guessable however long; random-looking values are
  // reported by hardcoded-secret instead.
  return (
    value.startsWith('django-insecure') ||
    isPlaceholder(value) ||
    /^[A-Za-z]+(?:[\s._-]+[A-Za-z]+)*[\s._-]*[0-9]{0,4}$/.test(value) ||
    !looksRandom(value)
  );
}

const PY_ENV_CALL = /^(os\.getenv|os\.environ\.get|getenv|environ\.get|env|env\.str|config|decouple\.config)$/;
const PY_SIGNING_CALLS = /\b(?:encode|decode|new|\w*Serializer|\w*Signer|SessionMiddleware)\s*\(/g;
const PY_NAMED = /\b\w*(?:secret|SECRET|Secret|jwt|JWT|hmac|HMAC|SIGNING|signing)\w*/g;
const JS_NAMED = /\b[\w$]*(?:secret|SECRET|Secret|jwt|JWT|Jwt|hmac|HMAC|Hmac|SIGNING|signing|Signing)[\w$]*/g;
const JS_SIGNING_CALLS = /\b(?:sign|verify|createHmac|cookieParser|session|cookieSession|expressjwt|expressJwt)\s*\(/g;

interface Weak {
  /** The literal to point at. */
  literal: Node;
  fallback: boolean;
  /** The environment variable read before the fallback, when there is one. */
  envKey?: string;
  /** The whole value expression, replaced by the fix. */
  value: Node;
}

const nonEmpty = (literal: string | undefined): literal is string => literal !== undefined && literal.length > 0;

/** A key given as a string literal: weak when non-empty and either `strict` or guessable. */
function weakLiteral(value: Node, literal: string, strict: boolean): Weak | undefined {
  return nonEmpty(literal) && (strict || guessable(literal)) ? { literal: value, fallback: false, value } : undefined;
}

// ---------- Python ----------

function pyEnvKey(call: Node): string | undefined {
  if (call.type !== 'call' || !PY_ENV_CALL.test(calleeName(call))) return undefined;
  return pyString(positionalArgs(call)[0]);
}

/** Judges a Python value given to a signing key. `strict`: any literal counts (keys passed to signing calls). */
function pyWeak(value: Node, strict: boolean): Weak | undefined {
  const literal = pyString(value);
  if (literal !== undefined) return weakLiteral(value, literal, strict);
  if (value.type === 'call') {
    const key = pyEnvKey(value);
    if (key === undefined) return undefined;
    const fallback = positionalArgs(value)[1] ?? keywordArg(value, 'default');
    return nonEmpty(pyString(fallback)) ? { literal: fallback, fallback: true, envKey: key, value } : undefined;
  }
  if (value.type === 'boolean_operator' && value.text.includes(' or ')) {
    const right = value.childForFieldName('right');
    const left = value.childForFieldName('left');
    if (!nonEmpty(pyString(right)) || !left) return undefined;
    const key = left.type === 'call' ? pyEnvKey(left) : undefined;
    const envRead = key !== undefined || /\b(environ|getenv|env)\b/.test(left.text);
    return envRead ? { literal: right!, fallback: true, envKey: key, value } : undefined;
  }
  return undefined;
}

function pyFix(ctx: TreeContext, weak: Weak, name: string | undefined): Fix[] {
  const env = weak.envKey ?? (name ? envNameFor(name.replace(/^.*[.[]\s*["']?/, '')) : undefined);
  if (!env || !/^[A-Z_][A-Z0-9_]*$/.test(env)) return [];
  return [
    {
      title: `Read ${env} from the environment (fails at startup when missing)`,
      preferred: true,
      edits: [
        { start: weak.value.startIndex, end: weak.value.endIndex, newText: `os.environ["${env}"]` },
        ...ensureSortedPythonImport(ctx.root, 'os'),
      ],
    },
  ];
}

/** A pydantic settings field `SECRET_KEY: str = "changeme"`: dropping the default makes it required. */
function pySettingsField(assignment: Node): TextEdit | undefined {
  const type = assignment.childForFieldName('type');
  const block = assignment.parent?.parent;
  const cls = block?.parent;
  if (!type || block?.type !== 'block' || cls?.type !== 'class_definition') return undefined;
  if (!/Settings|Config/.test(cls.childForFieldName('superclasses')?.text ?? '')) return undefined;
  return { start: type.endIndex, end: assignment.endIndex, newText: '' };
}

function checkPython(ctx: TreeContext): void {
  const seen = new Set<number>();
  const report = (weak: Weak, fixes: Fix[]) => {
    if (seen.has(weak.literal.startIndex)) return;
    seen.add(weak.literal.startIndex);
    ctx.report({
      start: weak.literal.startIndex,
      end: weak.literal.endIndex,
      messageId: weak.fallback ? 'literalFallback' : 'literalKey',
      fixes,
    });
  };
  // Named keys: `SECRET_KEY = ...`, `app.secret_key = ...`, `app.config["SECRET_KEY"] = ...`, `secret_key=...`,
  // `{"SECRET_KEY": ...}`, and env reads of a signing-key variable wherever they appear.
  for (const node of nodesAt(ctx.root, ctx.text, PY_NAMED, ['assignment', 'keyword_argument', 'pair', 'call'])) {
    let name: string | undefined;
    let value: Node | null = null;
    if (node.type === 'assignment') {
      name = node.childForFieldName('left')?.text;
      value = node.childForFieldName('right');
    } else if (node.type === 'keyword_argument') {
      name = node.childForFieldName('name')?.text;
      value = node.childForFieldName('value');
    } else if (node.type === 'pair') {
      name = pyString(node.childForFieldName('key'));
      value = node.childForFieldName('value');
    } else {
      const key = pyEnvKey(node);
      if (key === undefined || !isSigningKeyName(key)) continue;
      const weak = pyWeak(node, false);
      if (weak) report(weak, pyFix(ctx, weak, undefined));
      continue;
    }
    if (!name || !value || !isSigningKeyName(name)) continue;
    const weak = pyWeak(value, false);
    if (!weak) continue;
    const field = node.type === 'assignment' && !weak.fallback ? pySettingsField(node) : undefined;
    const fixes: Fix[] = field
      ? [{ title: 'Make it a required setting (read from the environment)', preferred: true, edits: [field] }]
      : pyFix(ctx, weak, name);
    report(weak, fixes);
  }
  // Keys handed to signing calls: jwt.encode/decode, hmac.new, itsdangerous serializers.
  const imports = importedNames(ctx.root);
  for (const call of nodesAt(ctx.root, ctx.text, PY_SIGNING_CALLS, 'call')) {
    const name = calleeName(call);
    const first = name.split('.')[0];
    // The callee's full dotted name through the module's imports: `encode` from `jwt` is `jwt.encode`.
    const full = (imports.get(first) ?? first) + name.slice(first.length);
    const last = lastSegment(name);
    let key: Node | undefined;
    if ((last === 'encode' || last === 'decode') && /(^|\.)jwt\.\w+$|^jose\./.test(full))
      key = positionalArgs(call)[1] ?? keywordArg(call, 'key');
    else if (full === 'hmac.new') key = positionalArgs(call)[0] ?? keywordArg(call, 'key');
    else if (/Serializer$|Signer$/.test(last) && full.startsWith('itsdangerous'))
      key = positionalArgs(call)[0] ?? keywordArg(call, 'secret_key');
    if (!key) continue;
    const direct = pyWeak(key, true);
    if (direct) {
      report(direct, []);
      continue;
    }
    const bound = key.type === 'identifier' ? pyBinding(key, key.text) : undefined;
    const weak = bound ? pyWeak(bound, pyString(bound) !== undefined) : undefined;
    if (weak) report(weak, bound?.parent?.type === 'assignment' ? pyFix(ctx, weak, key.text) : []);
  }
}

// ---------- JavaScript / TypeScript ----------

function jsEnvKey(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const m = /^process\.env(?:\.([A-Za-z_]\w*)|\[\s*["'`]([A-Za-z_]\w*)["'`]\s*\])$/.exec(node.text.replace(/\s+/g, ''));
  if (m) return m[1] ?? m[2];
  const meta = /^import\.meta\.env\.([A-Za-z_]\w*)$/.exec(node.text.replace(/\s+/g, ''));
  return meta?.[1];
}

function jsWeak(value: Node, strict: boolean): Weak | undefined {
  const literal = jsString(value);
  if (literal !== undefined) return weakLiteral(value, literal, strict);
  if (value.type === 'binary_expression') {
    const op = value.childForFieldName('operator')?.text;
    const right = value.childForFieldName('right');
    const left = value.childForFieldName('left');
    if ((op !== '||' && op !== '??') || !nonEmpty(jsString(right)) || !left) return undefined;
    const key = jsEnvKey(left);
    const envRead = key !== undefined || /\b(process\.env|import\.meta\.env|config|env)\b/.test(left.text);
    return envRead ? { literal: right!, fallback: true, envKey: key, value } : undefined;
  }
  return undefined;
}

/** `const JWT_SECRET = process.env.JWT_SECRET || "dev";` -> read it and throw when it is missing. */
function jsFix(ctx: TreeContext, weak: Weak, declarator: Node | undefined): Fix[] {
  if (!declarator || declarator.type !== 'variable_declarator') return [];
  const name = declarator.childForFieldName('name');
  const statement = declarator.parent;
  if (name?.type !== 'identifier' || !statement || kids(statement).length !== 1) return [];
  const env = weak.envKey ?? envNameFor(name.text);
  if (!env) return [];
  const indent = /^[ \t]*/.exec(ctx.text.slice(ctx.text.lastIndexOf('\n', statement.startIndex) + 1))?.[0] ?? '';
  return [
    {
      title: `Read ${env} from the environment and throw at startup when it is missing`,
      preferred: true,
      edits: [
        {
          start: weak.value.startIndex,
          end: weak.value.endIndex,
          newText: jsRequiredEnv(env, isTypeScript(ctx.file.languageId)),
        },
        {
          start: statement.endIndex,
          end: statement.endIndex,
          newText: `\n${indent}if (!${name.text}) throw new Error("${env} must be set");`,
        },
      ],
    },
  ];
}

/** Object keys that are the signing key of a session/JWT/cookie library's options. */
const OPTION_KEYS = new Set(['secret', 'secretOrKey', 'secretOrPrivateKey', 'keys', 'password', 'signingKey']);
const OPTION_CALLEE = /session|jwt|cookie|passport|strategy|iron|nextauth|auth/i;

function optionOwner(pair: Node): string | undefined {
  const obj = pair.parent;
  const args = obj?.parent;
  const call = args?.parent;
  if (obj?.type !== 'object' || args?.type !== 'arguments' || !call) return undefined;
  if (call.type !== 'call_expression' && call.type !== 'new_expression') return undefined;
  // The callee and any argument before the options (`app.register(fastifyJwt, {...})`).
  const before = callArgs(call)
    .filter((a) => a.endIndex <= obj.startIndex)
    .map((a) => a.text)
    .join(' ');
  const callee = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  return `${callee?.text ?? ''} ${before}`;
}

function checkJs(ctx: TreeContext): void {
  const seen = new Set<number>();
  const report = (weak: Weak, fixes: Fix[]) => {
    if (seen.has(weak.literal.startIndex)) return;
    seen.add(weak.literal.startIndex);
    ctx.report({
      start: weak.literal.startIndex,
      end: weak.literal.endIndex,
      messageId: weak.fallback ? 'literalFallback' : 'literalKey',
      fixes,
    });
  };
  const types = [
    'variable_declarator',
    'assignment_expression',
    'pair',
    'public_field_definition',
    'binary_expression',
  ];
  for (const node of nodesAt(ctx.root, ctx.text, JS_NAMED, types)) {
    if (node.type === 'binary_expression') {
      const key = jsEnvKey(node.childForFieldName('left'));
      if (!key || !isSigningKeyName(key)) continue;
      const weak = jsWeak(node, false);
      if (weak) report(weak, jsFix(ctx, weak, node.parent?.type === 'variable_declarator' ? node.parent : undefined));
      continue;
    }
    const nameNode =
      node.childForFieldName('name') ?? node.childForFieldName('left') ?? node.childForFieldName('key') ?? null;
    const value = node.childForFieldName('value') ?? node.childForFieldName('right');
    if (!nameNode || !value) continue;
    const name = jsString(nameNode) ?? nameNode.text;
    if (!isSigningKeyName(name)) continue;
    const weak = jsWeak(value, false);
    if (weak) report(weak, jsFix(ctx, weak, node));
  }
  // `session({ secret: "keyboard cat" })`, `expressjwt({ secret })`, `cookieSession({ keys: ["a"] })`.
  for (const pair of nodesAt(
    ctx.root,
    ctx.text,
    /\b(?:secret|secretOrKey|secretOrPrivateKey|keys|signingKey|password)\b/g,
    'pair',
  )) {
    const key = pair.childForFieldName('key');
    const keyName = jsString(key) ?? key?.text ?? '';
    if (!OPTION_KEYS.has(keyName)) continue;
    const owner = optionOwner(pair);
    if (!owner || !OPTION_CALLEE.test(owner) || (keyName === 'password' && !/iron/i.test(owner))) continue;
    let value = pair.childForFieldName('value');
    if (!value) continue;
    if (value.type === 'array') value = kids(value)[0] ?? null;
    if (!value) continue;
    const weak = jsWeak(value, true) ?? (value.type === 'identifier' ? boundWeak(value) : undefined);
    if (weak) report(weak, []);
  }
  // Keys passed positionally: jwt.sign(payload, "secret"), jwt.verify(token, key), createHmac("sha256", "k").
  for (const call of nodesAt(ctx.root, ctx.text, JS_SIGNING_CALLS, 'call_expression')) {
    const name = calleeName(call);
    const last = lastSegment(name);
    const receiver = name.slice(0, -last.length - 1);
    let key: Node | undefined;
    if ((last === 'sign' || last === 'verify') && /jwt|jsonwebtoken/i.test(receiver)) key = callArgs(call)[1];
    else if (last === 'createHmac') key = callArgs(call)[1];
    else if (last === 'cookieParser') key = callArgs(call)[0];
    if (!key || key.type === 'object') continue;
    const weak = jsWeak(key, true) ?? (key.type === 'identifier' ? boundWeak(key) : undefined);
    if (weak) report(weak, []);
  }

  function boundWeak(id: Node): Weak | undefined {
    const bound = jsBinding(id, id.text);
    return bound ? jsWeak(bound, jsString(bound) !== undefined) : undefined;
  }
}

export const weakSigningKey: Rule = {
  meta: {
    id: 'weak-signing-key',
    title: 'Guessable or fallback signing key',
    defaultSeverity: 'error',
    summary:
      'A session/JWT/HMAC signing key that is a guessable literal or falls back to a literal when its ' +
      'environment variable is missing.',
    checklistItem: 'secrets-fail-hard',
    taxonomy: { cwe: [1391, 798], owasp: 'A07', securitySeverity: 8.1 },
    languages: ['python', 'js'],
    // A signing key that also looks like a credential is one problem: this finding, with hardcoded-secret's fixes.
    supersedes: ['hardcoded-secret'],
    messages: {
      literalKey:
        'Signing key written as a guessable literal: anyone who reads or guesses it forges sessions and ' +
        'tokens. Read it from the environment, fail at startup when it is missing, and use a new random key ' +
        'if this one was ever committed or shared.',
      literalFallback:
        'Signing key falls back to a literal when its environment variable is missing: a deployment that ' +
        'forgets it signs with a public key, and anyone can forge sessions and tokens. Fail at startup ' +
        'instead.',
    },
  },
  keywords: [
    'secret',
    'SECRET',
    'Secret',
    'jwt',
    'JWT',
    'hmac',
    'Hmac',
    'HMAC',
    'signing',
    'SIGNING',
    'Serializer',
    'Signer',
    'cookieParser',
  ],
  python(ctx) {
    if (!ctx.options.isTestFile) checkPython(ctx);
  },
  js(ctx) {
    if (!ctx.options.isTestFile) checkJs(ctx);
  },
};

// timing-compare: `==` on secrets returns as soon as a character differs, so response times leak how much
// of a guessed token was right. Compare request values with configured secrets in constant time.
import type { Fix, Node, Rule, TreeContext } from '../core/types';
import { ensurePythonImport } from '../syntax/fixes';
import { isConstant as jsConstant } from '../syntax/js';
import { isConstant as pyConstant } from '../syntax/python';
import { jsEnvKey, pythonSoftEnvRead, SECRETISH } from '../syntax/secretGuards';
import { kids, lastSegment, nodesAt } from '../syntax/tree';
import { pyStrType } from './timing-compare/py-types';

// The name must END like a credential: `WEBHOOK_SECRET`, `api_key`; `SECRET_RULE_ID` is an id, not a secret.
const SECRET_SUFFIX = /(api_?key|secret|token|passw(or)?d|passwd|signature|_key|credentials?)$/i;
// Candidates from the text: any name ending like a credential; the tree then confirms a comparison around it.
// No leading `[\w$]*`: it made the search backtrack at every position; the node at the match is the name anyway.
const SECRET_OPERAND = /(?:api_?key|secret|token|passw(?:or)?d|passwd|signature|_key|credentials?)\b/gi;
const CONFIG_OBJECT =
  /^(settings|config|app\.config|current_app\.config|conf|env|process\.env|os\.environ|self\.settings|cfg)$/;
/**
 * What every finding needs somewhere in the file, read from the text before any parse: a configured secret
 * (isConfiguredSecret) is an UPPER_SNAKE name ending like a credential, a read from a CONFIG_OBJECT (`settings.`,
 * `config[`, `process.env.`, `os.environ.get(`) or a `getenv(` call. Most modules compare some `token` or `key`
 * with `==` and have none of these: they are not parsed for this rule.
 */
const CONFIGURED_SECRET_TEXT =
  /(?:API_?KEY|SECRET|TOKEN|PASSW(?:OR)?D|SIGNATURE|_KEY|CREDENTIALS?)\b|\b(?:settings|config|conf|env|environ|cfg)\s*[.[]|\bgetenv\b/;

/** `KEY.trim()`, `key.strip()`, `String(KEY)`, `str(key)`: the same value, normalised. */
function unwrap(node: Node): Node {
  for (let i = 0; i < 3; i++) {
    if (node.type !== 'call' && node.type !== 'call_expression') break;
    const fn = node.childForFieldName('function');
    const args = kids(node.childForFieldName('arguments') ?? node).filter((k) => k.type !== 'comment');
    if (fn && /\.(trim|strip|toString|encode|lower|toLowerCase)$/.test(fn.text) && !args.length)
      node = fn.childForFieldName('object') ?? node;
    else if (fn && /^(String|str|bytes)$/.test(fn.text) && args.length === 1) node = args[0];
    else break;
  }
  return node;
}

/** A configured secret: UPPER_SNAKE secret-named constant, `settings.API_KEY`, or an env read of a secret key. */
function isConfiguredSecret(node: Node): boolean {
  node = unwrap(node);
  if (node.type === 'identifier') return /^[A-Z][A-Z0-9_]*$/.test(node.text) && SECRET_SUFFIX.test(node.text);
  if (node.type === 'attribute' || node.type === 'member_expression') {
    const object = node.childForFieldName('object')?.text ?? '';
    return CONFIG_OBJECT.test(object) && SECRET_SUFFIX.test(lastSegment(node.text));
  }
  if (node.type === 'subscript' || node.type === 'subscript_expression') {
    const object = (node.childForFieldName('value') ?? node.childForFieldName('object'))?.text ?? '';
    return CONFIG_OBJECT.test(object) && SECRET_SUFFIX.test(node.text.slice(object.length).replace(/[\]"'`\s]+$/, ''));
  }
  if (node.type === 'call') return !!pythonSoftEnvRead(node) && SECRETISH.test(node.text);
  return !!jsEnvKey(node) && SECRETISH.test(node.text);
}

function operator(node: Node): string {
  if (node.type === 'binary_expression') return node.childForFieldName('operator')?.type ?? '';
  return node.children.find((c) => c !== null && !c.isNamed)?.type ?? '';
}

/**
 * Browser code: a timing attack needs a server answering a remote attacker, so comparisons in pages and
 * front-end bundles (`event.key !== STORAGE_KEY`, `localStorage` reads) are not secret checks.
 */
const BROWSER_PATH = /(?:^|\/)(?:public|static|assets|www|client|frontend|web)\//;
const BROWSER_VALUE =
  /^(?:event|evt|e|ev)\.(?:key|code|newValue|oldValue|storageArea)$|\b(?:localStorage|sessionStorage|document|window)\b/;
function browserSide(ctx: TreeContext, other: Node): boolean {
  if (ctx.family !== 'js') return false;
  return BROWSER_VALUE.test(other.text) || BROWSER_PATH.test(ctx.file.path) || /^\s*["']use client["']/.test(ctx.text);
}

/** Operands `.encode()` can follow without parentheses. */
const PRIMARY = new Set(['identifier', 'attribute', 'subscript', 'call', 'string', 'parenthesized_expression']);
/** Where a replacement holding `and`/`or` needs no parentheses: the whole condition, value or argument. */
const WHOLE = new Set(['if_statement', 'elif_clause', 'while_statement', 'return_statement', 'assignment']);

/**
 * `a == b` -> `hmac.compare_digest(...)`, preferred only when it answers exactly as `==` for every value the
 * code can hold there. Two str: both encoded (UTF-8 with surrogates passed through: one byte string per
 * string, so equal exactly when the strings are, and nothing raises). Two bytes: as they are. A str that may
 * be None (`headers.get(...)`, `os.getenv(...)`, `Header(None)`), held in a name, against a str: a None test
 * first, False as `==` would say. Anything else (types unknown, `settings.X`, both possibly None) is offered
 * as the plain call, which raises TypeError on None, non-ASCII str or str against bytes: not preferred.
 */
function pythonFix(ctx: TreeContext, cmp: Node, sides: Node[], negate: boolean): Fix {
  const types = sides.map((s) => pyStrType(s));
  const encoded = (s: Node) => `${PRIMARY.has(s.type) ? s.text : `(${s.text})`}.encode("utf-8", "surrogatepass")`;
  const not = negate ? 'not ' : '';
  let text = `${not}hmac.compare_digest(${sides[0].text}, ${sides[1].text})`;
  let preferred = false;
  if (types[0] === 'bytes' && types[1] === 'bytes') preferred = true;
  else if (types.every((t) => t === 'str' || t === 'optional') && !types.every((t) => t === 'optional')) {
    const call = `hmac.compare_digest(${encoded(sides[0])}, ${encoded(sides[1])})`;
    const maybeNone = sides.find((_, i) => types[i] === 'optional');
    if (!maybeNone) {
      text = `${not}${call}`;
      preferred = true;
    } else if (maybeNone.type === 'identifier') {
      const guarded = negate ? `${maybeNone.text} is None or not ${call}` : `${maybeNone.text} is not None and ${call}`;
      text = WHOLE.has(cmp.parent?.type ?? '') ? guarded : `(${guarded})`;
      preferred = true;
    }
  }
  return {
    title: 'Compare with hmac.compare_digest (constant time)',
    preferred,
    edits: [{ start: cmp.startIndex, end: cmp.endIndex, newText: text }, ...ensurePythonImport(ctx.root, 'hmac')],
  };
}

function check(ctx: TreeContext, cmp: Node, isConstant: (n: Node) => boolean): void {
  const op = operator(cmp);
  if (!['==', '!=', '===', '!=='].includes(op)) return;
  const sides = kids(cmp);
  if (sides.length !== 2) return;
  const secretIndex = sides.findIndex(isConfiguredSecret);
  if (secretIndex < 0) return;
  const other = sides[1 - secretIndex];
  if (isConstant(other) || isConfiguredSecret(other) || /^(None|null|undefined)$/.test(other.text)) return;
  if (browserSide(ctx, other)) return;
  const negate = op.startsWith('!');
  const fixes = ctx.family === 'python' ? [pythonFix(ctx, cmp, sides, negate)] : undefined;
  ctx.report({
    start: cmp.startIndex,
    end: cmp.endIndex,
    messageId: ctx.family === 'python' ? 'comparedPython' : 'comparedJs',
    data: { secret: sides[secretIndex].text, op },
    fixes,
  });
}

export const timingCompare: Rule = {
  meta: {
    id: 'timing-compare',
    title: 'Secret compared in non-constant time',
    defaultSeverity: 'warning',
    summary: 'A configured secret, token or signature compared with ==/!=/===/!== against a request value.',
    checklistItem: 'auth-sound',
    taxonomy: { cwe: [208], owasp: 'A02', securitySeverity: 5.9 },
    languages: ['python', 'js'],
    messages: {
      comparedPython:
        '{{secret}} is compared with {{op}}: the time it takes reveals how many leading characters ' +
        'matched. Use hmac.compare_digest.',
      comparedJs:
        '{{secret}} is compared with {{op}}: the time it takes reveals how many leading characters ' +
        'matched. Use crypto.timingSafeEqual on equal-length Buffers.',
    },
  },
  python(ctx) {
    if (!CONFIGURED_SECRET_TEXT.test(ctx.text)) return;
    for (const cmp of nodesAt(ctx.root, ctx.text, SECRET_OPERAND, 'comparison_operator')) check(ctx, cmp, pyConstant);
  },
  js(ctx) {
    if (!CONFIGURED_SECRET_TEXT.test(ctx.text)) return;
    for (const cmp of nodesAt(ctx.root, ctx.text, SECRET_OPERAND, 'binary_expression')) check(ctx, cmp, jsConstant);
  },
};

// auth-conditional: an auth check that quietly switches off when its secret is missing or empty, so a
// deployment that forgot one environment variable is open to everyone.
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { isTypeScript } from '../core/languages';
import { jsRequiredEnv } from '../syntax/envList';
import { ensurePythonImport } from '../syntax/fixes';
import {
  failsHard,
  isCompared,
  isSecretExpr,
  jsSoftEnvRead,
  pythonSoftEnvRead,
  SECRETISH,
} from '../syntax/secretGuards';
import { calleeName, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';

interface SoftRead {
  name: string;
  key: string;
  value: Node;
  statement: Node;
}

const PY_ENV_READ = /\b(?:os\.getenv|os\.environ\.get|getenv|environ\.get)\s*\(/g;
const JS_ENV_READ = /\bprocess\.env\b/g;
// An `if` whose condition names something secret-like: the only ifs that can be auth guards.
const SECRET_IF = /\bif\b\s*\(?[^\n]*?(?:api[_-]?key|secret|token|passw|auth|bearer|signature)/gi;

const SECRET_WORD = String.raw`\w*(?:${SECRETISH.source})\w*`;
/**
 * What the text of every Python finding holds, read before the tree: a soft environment read, or a
 * secret-named expression compared (`!= API_KEY`, `settings.token ==`, `compare_digest(`), since every
 * guard this rule reports guards a comparison of that very expression (`isCompared`).
 */
const PY_FINDING_TEXT = new RegExp(
  `${PY_ENV_READ.source}|compare_digest|timingSafeEqual` +
    String.raw`|[!=]=[\s\\]*(?:\w+\s*\.\s*)*${SECRET_WORD}|\b${SECRET_WORD}[\s\\]*[!=]=`,
  'i',
);

function pythonReads(ctx: TreeContext): SoftRead[] {
  const reads: SoftRead[] = [];
  for (const a of nodesAt(ctx.root, ctx.text, PY_ENV_READ, 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    const key = pythonSoftEnvRead(right);
    if (!left || !right || !key || left.type !== 'identifier' || !(SECRETISH.test(left.text) || SECRETISH.test(key)))
      continue;
    reads.push({ name: left.text, key, value: right, statement: a.parent ?? a });
  }
  return reads;
}

function jsReads(ctx: TreeContext): SoftRead[] {
  const reads: SoftRead[] = [];
  for (const d of nodesAt(ctx.root, ctx.text, JS_ENV_READ, 'variable_declarator')) {
    const name = d.childForFieldName('name');
    const soft = jsSoftEnvRead(d.childForFieldName('value'));
    if (!name || !soft || name.type !== 'identifier' || !(SECRETISH.test(name.text) || SECRETISH.test(soft.key)))
      continue;
    reads.push({
      name: name.text,
      key: soft.key,
      value: d.childForFieldName('value') as Node,
      statement: d.parent ?? d,
    });
  }
  return reads;
}

function readFix(ctx: TreeContext, read: SoftRead | undefined): TextEdit[] {
  if (!read) return [];
  if (ctx.family === 'python')
    return [
      { start: read.value.startIndex, end: read.value.endIndex, newText: `os.environ["${read.key}"]` },
      ...ensurePythonImport(ctx.root, 'os'),
    ];
  const indent = /^[ \t]*/.exec(ctx.text.slice(ctx.text.lastIndexOf('\n', read.statement.startIndex) + 1))?.[0] ?? '';
  return [
    {
      start: read.value.startIndex,
      end: read.value.endIndex,
      newText: jsRequiredEnv(read.key, isTypeScript(ctx.file.languageId)),
    },
    {
      start: read.statement.endIndex,
      end: read.statement.endIndex,
      newText: `\n${indent}if (!${read.name}) throw new Error("${read.key} must be set");`,
    },
  ];
}

function failHardFix(ctx: TreeContext, read: SoftRead | undefined, extra: TextEdit[] = []): Fix[] | undefined {
  const edits = [...extra, ...readFix(ctx, read)];
  return edits.length
    ? [
        {
          title: read ? `Require ${read.key}: fail at startup when it is missing` : 'Always run the check',
          preferred: true,
          edits,
        },
      ]
    : undefined;
}

/**
 * Presence helpers: `isNotEmptyString(KEY)`, `Boolean(KEY)`, `bool(KEY)`, `len(KEY)` test whether the secret is set.
 */
const PRESENCE =
  /^(is_?not_?empty(_?string)?|is_?non_?empty(_?string)?|not_?empty|is_?present|is_?set|is_?defined|has_?value|Boolean|bool|len)$/i;

/** The secret a condition tests for presence: `KEY`, `process.env.KEY`, or the argument of a presence helper. */
function presenceOf(node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (isSecretExpr(node) || jsSoftEnvRead(node)) return node;
  if (node.type !== 'call' && node.type !== 'call_expression') return undefined;
  if (!PRESENCE.test(lastSegment(calleeName(node)))) return undefined;
  const args = kids(node.childForFieldName('arguments') ?? node).filter((a) => a.type !== 'comment');
  return args.length === 1 && (isSecretExpr(args[0]) || jsSoftEnvRead(args[0])) ? args[0] : undefined;
}

const FUNCTIONS = [
  'function_definition',
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
];
/** A branch that lets the request through: `return await call_next(request)`, `return next()`, `next()`. */
const PASS_THROUGH = /\bcall_next\s*\(|\bnext\s*\(\s*\)|\bget_response\s*\(|\breturn\s+True\b/;

/**
 * `if not KEY: return await call_next(request)` / `if (!KEY) return next()` before a comparison with KEY in
 * the same function: a missing secret skips the check for every request.
 */
function checkSkips(ctx: TreeContext, reads: SoftRead[], ifs: readonly Node[]): void {
  for (const stmt of ifs) {
    let cond = stmt.childForFieldName('condition');
    if (cond?.type === 'parenthesized_expression') cond = kids(cond)[0];
    const negated =
      !!cond && (cond.type === 'not_operator' || (cond.type === 'unary_expression' && cond.text.startsWith('!')));
    const secret = cond && negated ? presenceOf(kids(cond)[0]) : undefined;
    const body = stmt.childForFieldName('consequence');
    if (!secret || !body || !PASS_THROUGH.test(body.text) || failsHard(ctx.root, secret.text)) continue;
    if (descendants(body, ['raise_statement', 'throw_statement']).length) continue;
    let fn = stmt.parent;
    while (fn && !FUNCTIONS.includes(fn.type)) fn = fn.parent;
    if (!fn || !isCompared(fn.childForFieldName('body') ?? fn, secret.text)) continue;
    ctx.report({
      start: secret.startIndex,
      end: secret.endIndex,
      messageId: 'guardedCheck',
      data: { name: secret.text },
      fixes: failHardFix(
        ctx,
        reads.find((r) => r.name === secret.text),
      ),
    });
  }
}

/** `if SECRET:` guarding a comparison, or `if SECRET and x != SECRET:` / `if (SECRET && x !== SECRET)`. */
function checkGuards(ctx: TreeContext, reads: SoftRead[], ifs: readonly Node[]): void {
  for (const stmt of ifs) {
    let cond = stmt.childForFieldName('condition');
    if (cond?.type === 'parenthesized_expression') cond = kids(cond)[0];
    if (!cond) continue;
    const op = cond.childForFieldName('operator')?.type;
    const isAnd =
      (cond.type === 'boolean_operator' && op === 'and') || (cond.type === 'binary_expression' && op === '&&');
    const tested = isAnd ? cond.childForFieldName('left') : cond;
    const guard = presenceOf(tested);
    if (!tested || !guard || failsHard(ctx.root, guard.text)) continue;
    const scope = isAnd ? cond.childForFieldName('right') : stmt.childForFieldName('consequence');
    if (!scope || !isCompared(scope, guard.text)) continue;
    const read = reads.find((r) => r.name === guard.text);
    const right = cond.childForFieldName('right');
    const dropGuard: TextEdit[] =
      isAnd && right ? [{ start: tested.startIndex, end: right.startIndex, newText: '' }] : [];
    ctx.report({
      start: guard.startIndex,
      end: guard.endIndex,
      messageId: 'guardedCheck',
      data: { name: guard.text },
      fixes: failHardFix(ctx, read, dropGuard),
    });
  }
}

function checkReads(ctx: TreeContext, reads: SoftRead[]): void {
  for (const r of reads) {
    if (failsHard(ctx.root, r.name) || !isCompared(ctx.root, r.name)) continue;
    ctx.report({
      start: r.value.startIndex,
      end: r.value.endIndex,
      messageId: 'softDefault',
      data: { name: r.key },
      fixes: failHardFix(ctx, r),
    });
  }
}

export const authConditional: Rule = {
  meta: {
    id: 'auth-conditional',
    title: 'Auth check skipped when the secret is missing',
    defaultSeverity: 'error',
    summary:
      'An auth check guarded by `if API_KEY:` or fed by a secret read with an empty default: a missing ' +
      'variable turns authentication off.',
    checklistItem: 'secrets-fail-hard',
    taxonomy: { cwe: [1188, 306], owasp: 'A07', securitySeverity: 8.1 },
    languages: ['python', 'js'],
    messages: {
      guardedCheck:
        'The check against {{name}} only runs when {{name}} is set: if the variable is missing or empty ' +
        'in a deployment, every request is let through. Fail hard instead.',
      softDefault:
        '{{name}} is read with a soft default and then compared: when it is unset, a request without the ' +
        'credential matches the empty value. Read it fail-hard.',
    },
  },
  python(ctx) {
    if (!PY_FINDING_TEXT.test(ctx.text)) return;
    const reads = pythonReads(ctx);
    const ifs = nodesAt(ctx.root, ctx.text, SECRET_IF, 'if_statement');
    checkGuards(ctx, reads, ifs);
    checkSkips(ctx, reads, ifs);
    checkReads(ctx, reads);
  },
  js(ctx) {
    const reads = jsReads(ctx);
    const ifs = nodesAt(ctx.root, ctx.text, SECRET_IF, 'if_statement');
    checkGuards(ctx, reads, ifs);
    checkSkips(ctx, reads, ifs);
    checkReads(ctx, reads);
  },
};

// Finds secrets read with a soft default and the auth checks that skip when such a secret is missing.
// Shared shape for Python and JS: a "secret expression" is a secret-named variable or env read.
import type { Node } from '../core/types';
import { calleeName, descendants, escapeRegExp, kids, lastSegment, nodesAt, sourceOf } from './tree';

export const SECRETISH = /(api[_-]?key|secret|token|passw(?:or)?d|passwd|auth|bearer|signature)/i;

const COMPARE_OPS = new Set(['==', '!=', '===', '!==']);
const CONSTANT_TIME = /(^|\.)(compare_digest|timingSafeEqual)$/;

/** The operator token of a Python comparison or JS binary expression. */
function operators(node: Node): string[] {
  if (node.type === 'binary_expression') return [node.childForFieldName('operator')?.type ?? ''];
  return node.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.type);
}

/** Occurrences of an expression's text as a whole token inside `scope`, located from the text. */
function occurrences(scope: Node, exprText: string, types: readonly string[]): Node[] {
  const pattern = new RegExp(`(?<![\\w$.])${escapeRegExp(exprText)}(?![\\w$])`, 'g');
  return nodesAt(scope, sourceOf(scope), pattern, types);
}

/** True when `scope` compares `expr` (by text) with something: ==, !=, ===, !== or a constant-time compare. */
export function isCompared(scope: Node, exprText: string): boolean {
  for (const node of occurrences(scope, exprText, [
    'comparison_operator',
    'binary_expression',
    'call',
    'call_expression',
  ])) {
    if (node.type === 'call' || node.type === 'call_expression') {
      if (!CONSTANT_TIME.test(calleeName(node))) continue;
      const args = node.childForFieldName('arguments');
      if (args && kids(args).some((a) => a.text === exprText)) return true;
      continue;
    }
    if (operators(node).some((op) => COMPARE_OPS.has(op)) && kids(node).some((side) => side.text === exprText))
      return true;
  }
  return false;
}

/**
 * A module-wide fail-hard check: `if not X: raise/exit` (Python) or `if (!X) throw/process.exit` (JS), or `assert X`.
 */
export function failsHard(root: Node, exprText: string): boolean {
  for (const stmt of occurrences(root, exprText, ['if_statement', 'assert_statement'])) {
    if (stmt.type === 'assert_statement') {
      if (kids(stmt)[0]?.text === exprText) return true;
      continue;
    }
    const cond = stmt.childForFieldName('condition');
    const inner = cond?.type === 'parenthesized_expression' ? kids(cond)[0] : cond;
    const negated =
      inner && (inner.type === 'not_operator' || (inner.type === 'unary_expression' && inner.text.startsWith('!')));
    const operand = negated ? kids(inner)[0] : undefined;
    if (operand?.text !== exprText) continue;
    const body = stmt.childForFieldName('consequence');
    if (
      body &&
      (descendants(body, ['raise_statement', 'throw_statement']).length > 0 ||
        /\b(sys\.exit|exit|process\.exit)\(/.test(body.text) ||
        body.type === 'throw_statement')
    )
      return true;
  }
  return false;
}

/**
 * Env var name of `os.getenv("X")`, `os.environ.get("X")`, `getenv("X")` when soft (missing default or constant
 * default).
 */
export function pythonSoftEnvRead(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'call') return undefined;
  const name = calleeName(node);
  if (!/^(os\.getenv|os\.environ\.get|getenv|environ\.get)$/.test(name)) return undefined;
  const args = kids(node.childForFieldName('arguments') ?? node).filter((a) => a.type !== 'comment');
  const key = args[0]?.type === 'string' ? kids(args[0]).find((c) => c.type === 'string_content')?.text : undefined;
  if (!key) return undefined;
  const fallback = args[1];
  // computed default: not ours to judge
  if (fallback && fallback.type !== 'string' && fallback.type !== 'none') return undefined;
  return key;
}

/** Env var name of `process.env.X || ""`, `process.env.X ?? "dev"`, or a bare `process.env.X` / `process.env["X"]`. */
export function jsSoftEnvRead(node: Node | null | undefined): { key: string; read: Node } | undefined {
  if (!node) return undefined;
  if (node.type === 'binary_expression' && ['||', '??'].includes(node.childForFieldName('operator')?.type ?? '')) {
    const right = node.childForFieldName('right');
    if (right?.type !== 'string' && right?.type !== 'template_string') return undefined;
    const env = jsEnvKey(node.childForFieldName('left'));
    return env ? { key: env, read: node.childForFieldName('left') as Node } : undefined;
  }
  const key = jsEnvKey(node);
  return key ? { key, read: node } : undefined;
}

export function jsEnvKey(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'member_expression' && node.childForFieldName('object')?.text === 'process.env')
    return node.childForFieldName('property')?.text;
  if (node.type === 'subscript_expression' && node.childForFieldName('object')?.text === 'process.env') {
    const idx = node.childForFieldName('index');
    return idx?.type === 'string' ? idx.text.slice(1, -1) : undefined;
  }
  return undefined;
}

/** Is this expression a secret: a secret-named identifier/attribute, or an env read of a secret-named key. */
export function isSecretExpr(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (['identifier', 'attribute', 'member_expression'].includes(node.type))
    return SECRETISH.test(lastSegment(node.text.replace(/\W+$/, '')));
  return false;
}

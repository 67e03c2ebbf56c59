// Small text helpers for the endpoint inventory: public markers, line numbers, short evidence snippets.
import type { Node } from '../core/types';
import { aiCallOf } from '../syntax/aiCalls';
import { calleeName, descendants, dottedName } from '../syntax/tree';

export const lineOf = (n: Node): number => n.startPosition.row + 1;

/** `# preflight: public` / `// preflight: public` on the line above (or at the end of) the given 0-based row. */
export function isMarkedPublic(lines: readonly string[], row: number): boolean {
  const marker = /(#|\/\/|\/\*)\s*preflight:\s*public\b/;
  return marker.test(lines[row - 1] ?? '') || marker.test(lines[row] ?? '');
}

/** One-line, length-capped snippet of code for evidence messages. */
export function short(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A bot handler that compares the sender's id with an allow-list (`if user.id not in ALLOWED: return`). */
export function botAllowList(body: string): boolean {
  return (
    /\.id\b[^\n]{0,40}(\bnot in\b|\bin\b|[!=]==?)|\b(includes|has)\(\s*[\w.]*\.id\b/.test(body) ||
    /\b(ALLOWED|ADMIN|OWNER|WHITELIST|AUTHORI[SZ]ED)_\w*(USERS?|IDS?)\b/.test(body)
  );
}

/** The class a handler method belongs to (`self.ask` registered in a bot class), so `self.x` calls resolve. */
function enclosingClass(fn: Node): string | undefined {
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === 'class_definition' || p.type === 'class_declaration' || p.type === 'class')
      return p.childForFieldName('name')?.text;
    if (p.type !== 'block' && p.type !== 'class_body' && p.type !== 'decorated_definition') return undefined;
  }
  return undefined;
}

/** What a handler calls (dotted callee names), for the project model's AI reachability. */
export function handlerCalls(fn: Node | undefined): { calls?: string[]; ai?: string; handlerClass?: string } {
  if (!fn) return {};
  const names = new Set<string>();
  let ai: string | undefined;
  for (const c of descendants(fn, ['call', 'call_expression', 'new_expression'])) {
    const name = c.type === 'new_expression' ? dottedName(c.childForFieldName('constructor')) : looseCallee(c);
    if (!name) continue;
    names.add(name);
    if (!ai && c.type !== 'new_expression') ai = aiCallOf(c, name);
  }
  const handlerClass = enclosingClass(fn);
  return { calls: [...names], ai, ...(handlerClass ? { handlerClass } : {}) };
}

/** A callee's dotted name, also through subscripts: `clients["openai"].chat.completions.create`. */
export function looseCallee(call: Node): string {
  const name = calleeName(call);
  if (name) return name;
  const fn = call.childForFieldName('function');
  if (!fn || (fn.type !== 'attribute' && fn.type !== 'member_expression') || fn.text.length > 200) return '';
  const text = fn.text
    .replace(/\[[^\]\n]*\]/g, '')
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.');
  return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(text) ? text : '';
}

// Syntax-tree helpers shared by rules in both families: names of calls, literals, arguments.
import type { Node } from '../../core/types';

/** Dotted name of a callee or attribute chain: `app.run`, `os.environ.get`, `res.json`; '' if not a plain chain. */
export function dottedName(node: Node | null | undefined): string {
  if (!node) return '';
  switch (node.type) {
    case 'identifier': case 'property_identifier': case 'this': case 'type_identifier': return node.text;
    case 'attribute': {
      const obj = dottedName(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute')?.text ?? '';
      return obj && attr ? `${obj}.${attr}` : '';
    }
    case 'member_expression': {
      const obj = dottedName(node.childForFieldName('object'));
      const prop = node.childForFieldName('property')?.text ?? '';
      return obj && prop ? `${obj}.${prop}` : '';
    }
    default: return '';
  }
}

/** Last segment of a call's callee name: `CORSMiddleware` for `starlette.middleware.cors.CORSMiddleware(...)`. */
export function calleeName(call: Node): string {
  return dottedName(call.childForFieldName('function'));
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Nearest ancestor of one of the given types. */
export function ancestor(node: Node, types: readonly string[]): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (types.includes(p.type)) return p;
  return undefined;
}

/** True when `inner` lies within `outer`. */
export function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Named children without nulls (the binding types them nullable). */
export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** Every descendant of a node of the given types (native, fast). */
export function descendants(node: Node, types: string | string[]): Node[] {
  return node.descendantsOfType(types).filter((c): c is Node => c !== null);
}

/** A node's source with comments blanked, so heuristics never mistake `# TODO: verify` for a verification. */
export function codeText(node: Node): string {
  const comments = descendants(node, 'comment');
  if (!comments.length) return node.text;
  let text = node.text;
  for (const c of comments.reverse()) {
    const from = c.startIndex - node.startIndex;
    text = text.slice(0, from) + ' '.repeat(c.endIndex - c.startIndex) + text.slice(from + c.endIndex - c.startIndex);
  }
  return text;
}

// Syntax-tree helpers shared by rules in both families: names of calls, literals, arguments.
import type { Node } from '../core/types';
import { realNode, unparsedSource } from '../core/lazyRoot';

const PLAIN_CHAIN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const NAME_TYPES = new Set(['identifier', 'property_identifier', 'this', 'type_identifier']);

/**
 * Dotted name of a callee or attribute chain: `app.run`, `os.environ.get`, `res.json`; '' if not a plain chain.
 * Read from the node's text (one boundary crossing into WebAssembly) rather than by walking the chain's
 * children, which costs several crossings per segment and dominated analysis time on large files.
 */
export function dottedName(node: Node | null | undefined): string {
  if (!node) return '';
  if (NAME_TYPES.has(node.type)) return node.text;
  if (node.type !== 'attribute' && node.type !== 'member_expression') return '';
  const text = node.text.replace(/\s+/g, '').replace(/\?\./g, '.');
  return PLAIN_CHAIN.test(text) ? text : '';
}

const calleeCache = new WeakMap<object, Map<number, string>>();

/** The callee's dotted name, `CORSMiddleware` style last segments via lastSegment(); cached per tree node. */
export function calleeName(call: Node): string {
  let names = calleeCache.get(call.tree);
  if (!names) calleeCache.set(call.tree, (names = new Map<number, string>()));
  let name = names.get(call.id);
  if (name === undefined) names.set(call.id, (name = dottedName(call.childForFieldName('function'))));
  return name;
}

/** `text` as a regular-expression source matching exactly it (names and snippets searched with `nodesAt`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Named children without nulls (the binding types them nullable). */
export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** Every descendant of a node of the given types, the node itself included when it has one of them. */
export function descendants(node: Node, types: string | string[]): Node[] {
  const wanted = typeof types === 'string' ? [types] : types;
  const ix = activeIndex;
  if (ix && node.tree === ix.tree && wanted.every((t) => ix.types.has(t))) {
    const hit = fromIndex(ix, node, wanted);
    if (hit) return hit;
  }
  return node.descendantsOfType(wanted).filter((c): c is Node => c !== null);
}

interface TypeIndex {
  tree: object;
  rootStart: number;
  rootEnd: number;
  types: ReadonlySet<string>;
  /** Every node of `types` under `root` in document (pre-)order, with their type and offsets read once. */
  nodes: Node[];
  typeOf: string[];
  starts: number[];
  ends: number[];
}

let activeIndex: TypeIndex | undefined;

/**
 * Runs `work` with every node of `types` under `root` collected by one native walk. While it runs,
 * `descendants()` of those types anywhere under `root` slices that list instead of walking the tree again:
 * extracting a file's facts asks for ~15 node types, over and over for each function, and the repeated
 * walks were half the time of building the project model.
 */
export function withTypeIndex<T>(root: Node, types: readonly string[], work: () => T): T {
  const previous = activeIndex;
  activeIndex = undefined;
  const nodes = root.descendantsOfType([...types]).filter((c): c is Node => c !== null);
  activeIndex = {
    tree: root.tree,
    rootStart: root.startIndex,
    rootEnd: root.endIndex,
    types: new Set(types),
    nodes,
    typeOf: nodes.map((n) => n.type),
    starts: nodes.map((n) => n.startIndex),
    ends: nodes.map((n) => n.endIndex),
  };
  try {
    return work();
  } finally {
    activeIndex = previous;
  }
}

/** True when `inner` is `node` or lies under it (only asked for nodes sharing a boundary with `node`). */
function isSelfOrDescendant(inner: Node, node: Node): boolean {
  for (let n: Node | null = inner; n; n = n.parent) {
    if (n.id === node.id) return true;
    if (n.startIndex < node.startIndex || n.endIndex > node.endIndex) return false;
  }
  return false;
}

function fromIndex(ix: TypeIndex, node: Node, types: readonly string[]): Node[] | undefined {
  const start = node.startIndex;
  const end = node.endIndex;
  if (start < ix.rootStart || end > ix.rootEnd) return undefined;
  let lo = 0;
  let hi = ix.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ix.starts[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = lo; i < ix.nodes.length && ix.starts[i] <= end; i++) {
    if (!types.includes(ix.typeOf[i]) || ix.ends[i] > end) continue;
    // Only a node sharing a boundary with `node` can be `node`'s ancestor or a neighbour's empty child.
    const boundary = (ix.starts[i] === start && ix.ends[i] === end) || ix.starts[i] === ix.ends[i];
    if (boundary && !isSelfOrDescendant(ix.nodes[i], node)) continue;
    out.push(ix.nodes[i]);
  }
  return out;
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

/**
 * The nearest node of the given types around each match of `pattern` in the text (the match's own node or its
 * nearest ancestor of one of the types), found from the text inward: the cost grows with the number of matches,
 * not with the size of the file. This is how rules stay within the keystroke budget: a text search picks
 * candidates, the tree confirms them. `pattern` must be global; a match's position (or its first matched `at…`
 * named group) must lie inside the node.
 */
export function nodesAt(lazyOrRoot: Node, text: string, pattern: RegExp, types: string | readonly string[]): Node[] {
  // No match anywhere in the text: the answer is known without the tree, so a lazy root stays unparsed.
  const placeholder = unparsedSource(lazyOrRoot);
  if (placeholder !== undefined) {
    pattern.lastIndex = 0;
    const any = pattern.test(text);
    pattern.lastIndex = 0;
    if (!any) return [];
  }
  const root = realNode(lazyOrRoot);
  // `sourceOf` stood in for the tree's own source: search that, now that there is one.
  if (placeholder !== undefined && text === placeholder) text = sourceOf(root);
  const wanted = typeof types === 'string' ? [types] : types;
  const found = new Map<number, Node>();
  const from = root.startIndex;
  const to = root.endIndex;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index >= to) break;
    if (m[0].length === 0) pattern.lastIndex++;
    // A named group `at…` (the first one that matched) marks the spot inside the match to start from.
    const mark = m.groups
      ? Object.entries(m.groups).find(([k, v]) => k.startsWith('at') && v !== undefined)?.[1]
      : undefined;
    const at = m.index + (mark !== undefined ? m[0].lastIndexOf(mark) : 0);
    const node = nearest(root.descendantForIndex(at), wanted, root);
    if (node) found.set(node.id, node);
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** `node` itself or its nearest ancestor (up to `root`) whose type is one of `types`. */
function nearest(node: Node | null, types: readonly string[], root: Node): Node | undefined {
  for (; node; node = node.id === root.id ? null : node.parent) if (types.includes(node.type)) return node;
  return undefined;
}

const sources = new WeakMap<object, string>();

/** The tree's source text indexed like the nodes (a root's own text starts at its first token, not at 0). */
export function sourceOf(node: Node): string {
  // A lazy root nobody has read: its parser's text, searched by `nodesAt` before anything is parsed.
  const unparsed = unparsedSource(node);
  if (unparsed !== undefined) return unparsed;
  let source = sources.get(node.tree);
  if (source === undefined) {
    const root = node.tree.rootNode;
    source = ' '.repeat(root.startIndex) + root.text;
    sources.set(node.tree, source);
  }
  return source;
}

// Makes tree-sitter node navigation cheap for rules: one JS object per node and memoized lookups.
//
// Why: every property of a web-tree-sitter Node (type, endIndex, parent, childForFieldName, ...) is a
// call into WebAssembly that marshals the node, and `parent` walks down from the root each time. Rules
// ask the same questions about the same nodes many times (one shared `ctx.nodes()` index, helpers that
// climb to the enclosing function, range checks), which made a 5,000-line file take ~1 s per keystroke.
// A syntax tree is immutable once parsed (edits produce a new Tree object), so per tree we keep one
// canonical Node per node id and cache each answer on it. Caches die with the Tree object (WeakMap).
import * as TreeSitter from '@vscode/tree-sitter-wasm';

type AnyNode = TreeSitter.Node;
// Cached answers live in one plain object per node (created on first use), not in a Map per node:
// most nodes are asked one or two questions, so allocation must stay minimal.
type Memo = Record<string, unknown>;
const MEMO = Symbol('preflight.memo');
type Memoized = AnyNode & { [MEMO]?: Memo };

const canonical = new WeakMap<object, Map<number, AnyNode>>();

function intern(node: AnyNode | null): AnyNode | null {
  if (!node) return node;
  let byId = canonical.get(node.tree);
  if (!byId) canonical.set(node.tree, (byId = new Map()));
  const hit = byId.get(node.id);
  if (hit) return hit;
  byId.set(node.id, node);
  return node;
}

function memoOf(node: AnyNode): Memo {
  return ((node as Memoized)[MEMO] ??= Object.create(null) as Memo);
}

let installed = false;

/** Patches the Node class once. Returned values are identical; only repeated work is skipped. */
export function installNodeMemo(): void {
  if (installed) return;
  installed = true;
  const proto = TreeSitter.Node.prototype as unknown as Record<string, unknown>;
  const getter = (name: string): ((this: AnyNode) => unknown) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d?.get) throw new Error(`tree-sitter Node has no getter ${name}`);
    return d.get as (this: AnyNode) => unknown;
  };
  const method = (name: string): ((this: AnyNode, ...args: unknown[]) => unknown) => {
    const f = proto[name];
    if (typeof f !== 'function') throw new Error(`tree-sitter Node has no method ${name}`);
    return f as (this: AnyNode, ...args: unknown[]) => unknown;
  };
  const define = (name: string, get: (this: AnyNode) => unknown): void => {
    Object.defineProperty(proto, name, { get, configurable: true, enumerable: false });
  };

  // Plain values, cached on the node.
  for (const name of ['typeId', 'endIndex', 'endPosition', 'isNamed', 'hasError', 'isMissing', 'isError', 'childCount', 'namedChildCount', 'descendantCount']) {
    const orig = getter(name);
    define(name, function (this: AnyNode) {
      const m = memoOf(this);
      if (name in m) return m[name];
      return (m[name] = orig.call(this));
    });
  }
  // Single related nodes: canonical and cached.
  for (const name of ['parent', 'firstChild', 'lastChild', 'firstNamedChild', 'lastNamedChild', 'nextSibling', 'previousSibling', 'nextNamedSibling', 'previousNamedSibling']) {
    const orig = getter(name);
    define(name, function (this: AnyNode) {
      const m = memoOf(this);
      if (name in m) return m[name];
      return (m[name] = intern(orig.call(this) as AnyNode | null));
    });
  }
  // Child lists: the library caches the array per object; make the elements canonical. Callers get a
  // copy, so a rule sorting or reversing it cannot corrupt the cache.
  for (const name of ['children', 'namedChildren']) {
    const orig = getter(name);
    define(name, function (this: AnyNode) {
      const m = memoOf(this);
      const v = (m[name] ??= (orig.call(this) as Array<AnyNode | null>).map((n) => intern(n))) as AnyNode[];
      return v.slice();
    });
  }
  const cached = (name: string, key: (args: unknown[]) => string | undefined, wrap: (v: unknown) => unknown): void => {
    const orig = method(name);
    proto[name] = function (this: AnyNode, ...args: unknown[]) {
      const k = key(args);
      if (k === undefined) return wrap(orig.apply(this, args));
      const m = memoOf(this);
      const mk = `${name}:${k}`;
      const v = mk in m ? m[mk] : (m[mk] = wrap(orig.apply(this, args)));
      return Array.isArray(v) ? v.slice() : v;
    };
  };
  const one = (v: unknown): unknown => intern(v as AnyNode | null);
  const many = (v: unknown): unknown => (v as Array<AnyNode | null>).map((n) => intern(n));
  cached('childForFieldId', (a) => String(a[0]), one);
  cached('childForFieldName', (a) => String(a[0]), one);
  cached('childrenForFieldId', (a) => String(a[0]), many);
  cached('childrenForFieldName', (a) => String(a[0]), many);
  cached('child', (a) => String(a[0]), one);
  cached('namedChild', (a) => String(a[0]), one);
  // Only the whole-subtree form (no position range) is cached.
  const rootGetter = Object.getOwnPropertyDescriptor(TreeSitter.Tree.prototype, 'rootNode')?.get;
  if (!rootGetter) throw new Error('tree-sitter Tree has no rootNode getter');
  Object.defineProperty(TreeSitter.Tree.prototype, 'rootNode', { get(this: TreeSitter.Tree) { return intern(rootGetter.call(this) as AnyNode); }, configurable: true });
  cached('descendantsOfType', (a) => (a.length > 1 ? undefined : Array.isArray(a[0]) ? (a[0] as string[]).join(',') : String(a[0])), many);
}


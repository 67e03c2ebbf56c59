// Per-tree memoisation for rule helpers: facts about a whole file (imports, module-level bindings) are
// computed once per parse instead of once per finding, which keeps big files linear. Keyed by the Tree
// object (stable for a parse) and then by a string key, usually including a node id.
import type { Node } from '../core/types';

const store = new WeakMap<object, Map<string, unknown>>();

export function perTree<T>(node: Node, key: string, compute: () => T): T {
  let bucket = store.get(node.tree);
  if (!bucket) store.set(node.tree, (bucket = new Map<string, unknown>()));
  if (bucket.has(key)) return bucket.get(key) as T;
  const value = compute();
  bucket.set(key, value);
  return value;
}

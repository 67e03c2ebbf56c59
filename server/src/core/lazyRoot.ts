// A syntax tree's root that is parsed on first use: analyze() hands it to the tree rules of a file it has to
// parse itself, so a file where no rule finds a candidate in the text (`nodesAt` searches the text before it
// touches the tree) is never parsed at all.
import type { Node } from './types';

interface Lazy {
  /** Parses (once) and returns the real root; throws whatever the parse threw, on every call. */
  force(): Node;
  parsed: boolean;
  /** The text the parser will read (offsets as the nodes will have them). */
  source: string;
}

const lazies = new WeakMap<object, Lazy>();

/**
 * A stand-in for the root `parse` returns, parsed the first time anything is read from it. Its identity is
 * stable (rules' per-root caches key on it); properties and methods are the real root's.
 */
export function lazyRoot(parse: () => Node, source: string): Node {
  let real: Node | undefined;
  let failure: unknown;
  const lazy: Lazy = {
    parsed: false,
    source,
    force() {
      if (real) return real;
      if (lazy.parsed) throw failure;
      lazy.parsed = true;
      try {
        return (real = parse());
      } catch (error) {
        failure = error;
        throw error;
      }
    },
  };
  const target = {} as Node;
  const proxy = new Proxy(target, {
    get(_, prop) {
      const r = lazy.force();
      const value: unknown = Reflect.get(r, prop, r);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(r) : value;
    },
    has: (_, prop) => Reflect.has(lazy.force(), prop),
    getPrototypeOf: () => Reflect.getPrototypeOf(lazy.force()),
  });
  lazies.set(proxy, lazy);
  return proxy;
}

/** The real node behind a lazy root (parsing it now if needed); any other node as it is. */
export function realNode(node: Node): Node {
  return lazies.get(node)?.force() ?? node;
}

/** The text an unparsed lazy root will be parsed from (to search before parsing); undefined once parsed. */
export function unparsedSource(node: Node): string | undefined {
  const lazy = lazies.get(node);
  return lazy && !lazy.parsed ? lazy.source : undefined;
}

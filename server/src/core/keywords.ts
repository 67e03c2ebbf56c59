// Which of a fixed set of keywords occur in a text, in one pass over its character codes: a table keyed
// by each keyword's first two characters points at the few keywords to compare at a position. A regex
// alternation of ~150 literals (the previous way) cost V8 about ten times more on a big file.

export type KeywordScanner = (text: string) => Set<string>;

export function keywordScanner(keywords: Iterable<string>): KeywordScanner {
  const table = new Int32Array(128 * 128).fill(-1);
  const buckets: string[][] = [];
  /** Keywords shorter than two characters or not ASCII at the start: checked with `includes`. */
  const odd: string[] = [];
  for (const k of new Set(keywords)) {
    if (k.length < 2 || k.charCodeAt(0) > 127 || k.charCodeAt(1) > 127) {
      odd.push(k);
      continue;
    }
    const slot = k.charCodeAt(0) * 128 + k.charCodeAt(1);
    if (table[slot] < 0) {
      table[slot] = buckets.length;
      buckets.push([]);
    }
    buckets[table[slot]].push(k);
  }
  const third = new Uint32Array(buckets.length * 4);
  buckets.forEach((keys, b) => {
    for (const k of keys) {
      if (k.length === 2) third.fill(0xffffffff, b * 4, b * 4 + 4); // any third character will do
      const c = k.charCodeAt(2) & 127;
      third[b * 4 + (c >> 5)] |= 1 << (c & 31);
    }
  });
  return (text) => {
    const found = new Set<string>();
    for (const k of odd) if (text.includes(k)) found.add(k);
    if (!buckets.length) return found; // e.g. `preflight scan`: one rule without keywords
    // A bucket whose keywords were all found is switched off for the rest of this text.
    const live = table.slice();
    const left = buckets.map((keys) => keys.length);
    const end = text.length - 1;
    let next = text.charCodeAt(0);
    for (let i = 0; i < end; i++) {
      const a = next;
      next = text.charCodeAt(i + 1);
      if ((a | next) > 127) continue;
      const slot = a * 128 + next;
      const b = live[slot];
      if (b < 0) continue;
      const c = text.charCodeAt(i + 2) & 127;
      if (!(third[b * 4 + (c >> 5)] & (1 << (c & 31)))) continue;
      for (const k of buckets[b]) {
        if (found.has(k) || !text.startsWith(k, i)) continue;
        found.add(k);
        if (--left[b] === 0) live[slot] = -1;
      }
    }
    return found;
  };
}

/**
 * How often each keyword occurs in a text, kept current across edits by rescanning only the few
 * characters around each edit (the language server's open documents): on a keystroke in a big file the
 * rules' keyword gates cost nothing. Exact: an occurrence is removed or added only if it overlaps the
 * edited range, every other one is unchanged (before the edit) or shifted (after it).
 */
export class KeywordCounts {
  private readonly counts = new Map<string, number>();
  private readonly longest: number;
  private readonly bySlot = new Map<number, string[]>();
  /** Keywords the two-character table cannot hold (shorter than two characters, non-ASCII start). */
  private readonly odd: string[] = [];

  constructor(keywords: Iterable<string>, text: string) {
    const unique = [...new Set(keywords)].filter((k) => k.length > 0);
    this.longest = Math.max(1, ...unique.map((k) => k.length));
    for (const k of unique) {
      this.counts.set(k, 0);
      if (k.length < 2 || k.charCodeAt(0) > 127 || k.charCodeAt(1) > 127) this.odd.push(k);
      else {
        const slot = k.charCodeAt(0) * 128 + k.charCodeAt(1);
        this.bySlot.set(slot, [...(this.bySlot.get(slot) ?? []), k]);
      }
    }
    this.count(text, 0, text.length, 1);
  }

  /** Whether the keyword occurs in the current text; throws for a keyword it was not built with. */
  has(keyword: string): boolean {
    const n = this.counts.get(keyword);
    if (n === undefined) throw new Error(`keyword "${keyword}" is not counted for this document`);
    return n > 0;
  }

  /** Keywords that occur, as the one-pass scanner returns them. */
  present(): Set<string> {
    const out = new Set<string>();
    for (const [k, n] of this.counts) if (n > 0) out.add(k);
    return out;
  }

  /** Records the edit that turns `before` into `before[0, start) + inserted + before[end, …)`. */
  edit(before: string, start: number, end: number, inserted: string): void {
    const from = Math.max(0, start - (this.longest - 1));
    this.count(before, from, end, -1);
    const after = before.slice(from, start) + inserted + before.slice(end, end + this.longest - 1);
    // Occurrences starting in [from, start + inserted.length) of the new text, counted in a small copy.
    this.count(after, 0, start - from + inserted.length, 1);
  }

  /** Adds `delta` for every occurrence starting at an offset in [from, to) (it may extend past `to`). */
  private count(text: string, from: number, to: number, delta: number): void {
    for (const k of this.odd) {
      const window = text.slice(from, to + k.length - 1); // occurrences starting before `to` only
      for (let i = window.indexOf(k); i !== -1; i = window.indexOf(k, i + 1))
        this.counts.set(k, (this.counts.get(k) ?? 0) + delta);
    }
    if (!this.bySlot.size) return;
    const last = Math.min(to, text.length - 1);
    for (let i = from; i < last; i++) {
      const a = text.charCodeAt(i);
      const b = text.charCodeAt(i + 1);
      if ((a | b) > 127) continue;
      const keys = this.bySlot.get(a * 128 + b);
      if (!keys) continue;
      for (const k of keys) if (text.startsWith(k, i)) this.counts.set(k, (this.counts.get(k) ?? 0) + delta);
    }
  }
}

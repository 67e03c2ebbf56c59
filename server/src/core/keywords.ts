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

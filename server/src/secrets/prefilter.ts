// The prefilter: one pass over the text with a single regex of every provider's literal prefixes and
// context words tells which provider patterns can match at all, so clean text costs one scan.
import type { Provider } from './patterns';

export interface Prefilter {
  /** Indices (into the provider list) of providers whose keywords occur in the text. */
  candidates(text: string): Set<number>;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function buildPrefilter(providers: readonly Provider[]): Prefilter {
  const byKeyword = new Map<string, number[]>();
  providers.forEach((p, i) => {
    for (const k of p.keywords) {
      const key = k.toLowerCase();
      byKeyword.set(key, [...(byKeyword.get(key) ?? []), i]);
    }
  });
  // The alternation reports one keyword per position (the longest, listed first), so a keyword also
  // stands for every shorter keyword it starts with: `eaaa` (Square) implies `eaa` (Facebook).
  const keys = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  for (const long of keys) {
    for (const short of keys) if (short.length < long.length && long.startsWith(short)) byKeyword.set(long, [...(byKeyword.get(long) ?? []), ...(byKeyword.get(short) ?? [])]);
  }
  const scanner = new RegExp(keys.map(escape).join('|'), 'gi');
  return {
    candidates(text) {
      const found = new Set<number>();
      scanner.lastIndex = 0;
      for (let m = scanner.exec(text); m; m = scanner.exec(text)) {
        for (const i of byKeyword.get(m[0].toLowerCase()) ?? []) found.add(i);
        // Step one character, not past the match: keywords may overlap (`sk-` inside `sk-ant-`).
        scanner.lastIndex = m.index + 1;
        if (found.size === providers.length) break;
      }
      return found;
    },
  };
}

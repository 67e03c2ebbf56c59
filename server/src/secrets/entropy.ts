// Randomness measures for candidate secrets: Shannon entropy judged against the value's own alphabet,
// so a hex digest and a base64 key are each compared with what a random string of that kind scores.

/** Shannon entropy in bits per character. */
export function shannon(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export type Charset = 'hex' | 'alnum' | 'base64' | 'other';

function charsetOf(s: string): Charset {
  if (/^[0-9a-fA-F]+$/.test(s)) return 'hex';
  if (/^[A-Za-z0-9]+$/.test(s)) return 'alnum';
  if (/^[A-Za-z0-9+/_=.-]+$/.test(s)) return 'base64';
  return 'other';
}

/** How many of lower, upper, digit, symbol occur. */
export function charClasses(s: string): number {
  return Number(/[a-z]/.test(s)) + Number(/[A-Z]/.test(s)) + Number(/[0-9]/.test(s)) + Number(/[^A-Za-z0-9]/.test(s));
}

/**
 * True when a value looks machine-generated: long enough, several character classes, and an
 * entropy close to what a random string over its alphabet reaches at that length. Thresholds sit
 * below the expected value for random strings (hex about 3.5-3.9 bits at 16-64 chars, base64 about
 * 3.9-5.2) and above English-like identifiers and words (about 2.5-3.3).
 */
export function looksRandom(s: string, minLength = 16): boolean {
  if (s.length < minLength) return false;
  const h = shannon(s);
  const charset = charsetOf(s);
  if (charset === 'hex') return /[0-9]/.test(s) && /[a-fA-F]/.test(s) && h >= Math.min(3.0, Math.log2(s.length) - 1);
  if (charClasses(s) < 2) return false;
  const target = Math.min(charset === 'other' ? 3.3 : 3.5, Math.log2(s.length) * 0.78);
  return h >= target;
}

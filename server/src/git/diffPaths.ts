// Decodes the file names git prints in diff headers: C-style quoted names and the `a/`/`b/` prefixes.

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Reads one C-quoted name starting at `from` (which must be a `"`). Returns the decoded name and the
 * index after the closing quote. Octal escapes are raw bytes, so bytes are collected and decoded as UTF-8.
 */
export function readQuoted(text: string, from: number): { value: string; next: number } | undefined {
  if (text[from] !== '"') return undefined;
  const bytes: number[] = [];
  let i = from + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), next: i + 1 };
    if (ch === '\\') {
      const esc = text[i + 1];
      if (esc !== undefined && esc in SIMPLE_ESCAPES) {
        bytes.push(SIMPLE_ESCAPES[esc]);
        i += 2;
        continue;
      }
      const oct = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
      if (oct) {
        bytes.push(parseInt(oct[0], 8));
        i += 4;
        continue;
      }
      bytes.push(92);
      i += 1;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const s = String.fromCodePoint(cp);
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
    i += s.length;
  }
  return undefined;
}

/** A name as printed after `rename from `, `copy to `, etc.: quoted or verbatim. */
export function decodeName(raw: string): string {
  if (raw.startsWith('"')) return readQuoted(raw, 0)?.value ?? raw;
  return raw;
}

/** Strips the `a/` or `b/` prefix git puts on diff paths. */
function stripPrefix(name: string): string {
  return /^[ab]\//.test(name) ? name.slice(2) : name;
}

/**
 * A `--- a/x` or `+++ b/x` operand: undefined for /dev/null. Git appends a tab after names that contain
 * a space (for GNU patch), so a trailing tab is dropped.
 */
export function parseMarkerPath(rest: string): string | undefined {
  const raw = rest.endsWith('\t') ? rest.slice(0, -1) : rest;
  if (raw === '/dev/null') return undefined;
  return stripPrefix(decodeName(raw));
}

/**
 * The two names of a `diff --git a/x b/y` line. Unquoted names containing " b/" are ambiguous; when
 * both names are equal (every change but renames/copies, whose names come from their own lines) the
 * split is exact.
 */
export function parseDiffGitPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first) return undefined;
    const second = rest.slice(first.next + 1);
    return { oldPath: stripPrefix(first.value), newPath: stripPrefix(decodeName(second)) };
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond !== -1 && rest.endsWith('"')) {
    const second = readQuoted(rest, quotedSecond + 1);
    if (second && second.next === rest.length)
      return { oldPath: stripPrefix(rest.slice(0, quotedSecond)), newPath: stripPrefix(second.value) };
  }
  if ((rest.length - 5) % 2 === 0) {
    const half = (rest.length - 5) / 2;
    const a = rest.slice(2, 2 + half);
    if (rest.startsWith('a/') && rest.slice(2 + half, 5 + half) === ' b/' && rest.slice(5 + half) === a)
      return { oldPath: a, newPath: a };
  }
  const split = rest.indexOf(' b/');
  if (split === -1) return undefined;
  return { oldPath: stripPrefix(rest.slice(0, split)), newPath: rest.slice(split + 3) };
}

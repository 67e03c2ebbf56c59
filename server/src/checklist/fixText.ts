// Pure text changes behind the Fix buttons: patterns appended to .gitignore, names appended to .env.example.

/**
 * The pattern that covers a probe path at any depth: `.env.local` -> `.env.*`, `key.pem` -> `*.pem`,
 * `frontend/node_modules/` -> `node_modules/`, a nested `.streamlit/secrets.toml` -> a pattern for any depth.
 */
export function patternFor(probe: string): string {
  if (/(^|\/)\.streamlit\/secrets\.toml$/.test(probe))
    return probe.startsWith('.streamlit/') ? probe : '**/.streamlit/secrets.toml';
  const folder = probe.endsWith('/');
  const name = probe.replace(/\/$/, '').split('/').pop() ?? probe;
  if (/^\.env\..+/.test(name)) return '.env.*';
  const ext = /^[^/]+\.(pem|key|p12|pfx)$/.exec(name);
  return ext ? `*.${ext[1]}` : `${name}${folder ? '/' : ''}`;
}

/**
 * `.gitignore` text with the missing patterns appended in one commented block, followed by `!keep` lines
 * (templates such as `.env.example` that must stay tracked). Undefined when nothing would change.
 */
export function gitignoreWithPatterns(
  current: string | undefined,
  patterns: readonly string[],
  keep: readonly string[],
): string | undefined {
  const text = current ?? '';
  const existing = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const add = [...new Set([...patterns, ...keep.map((k) => `!${k}`)])].filter((p) => !existing.has(p));
  if (!add.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text && !text.endsWith('\n') ? eol : '';
  const gap = text.trim() ? eol : '';
  return `${text}${sep}${gap}# Secrets and local environments (added by Preflight)${eol}${add.join(eol)}${eol}`;
}

/** `.env.example` text with `NAME=` lines appended for names it does not declare yet. */
export function envExampleWithNames(current: string | undefined, names: readonly string[]): string | undefined {
  const text = current ?? '';
  const declared = new Set(
    text
      .split(/\r?\n/)
      .map((l) => /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(l)?.[1])
      .filter(Boolean),
  );
  const add = [...new Set(names)].filter((n) => !declared.has(n));
  if (!add.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text && !text.endsWith('\n') ? eol : '';
  const header = text ? '' : `# Copy to .env and fill in. Never put real values in this file.${eol}`;
  return `${text}${sep}${header}${add.map((n) => `${n}=`).join(eol)}${eol}`;
}

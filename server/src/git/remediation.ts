// What to do about secrets found in history: rotate, rewrite history with git filter-repo, force-push.
import type { HistoryFinding } from './types';

/** Files that are secrets as a whole: removing them from history beats replacing text inside them. */
function isSecretsFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/^\.env(\..+)?$/.test(name)) return !/\.(example|sample|template|dist|defaults?)$/.test(name);
  return (
    /\.(pem|key|p12|pfx|jks|keystore)$/.test(name) ||
    /^id_(rsa|dsa|ecdsa|ed25519)$/.test(name) ||
    name === 'credentials.json' ||
    /^service[-_]?account.*\.json$/.test(name)
  );
}

/** POSIX shell quoting for paths shown in commands. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The replace-text file for `git filter-repo`: one literal per line (each line of multi-line keys). */
export function replacementsText(findings: readonly HistoryFinding[]): string {
  const literals = new Set<string>();
  for (const f of findings) {
    if (isSecretsFile(f.path)) continue;
    for (const part of f.value.split('\n'))
      if (part.trim().length >= 8) literals.add(`literal:${part.trim()}==>***REMOVED***`);
  }
  return literals.size ? `${[...literals].join('\n')}\n` : '';
}

/** Step-by-step remediation with exact commands; never contains a secret value. */
export function remediationText(findings: readonly HistoryFinding[], replacementsFile?: string): string {
  if (!findings.length) return '';
  const files = [...new Set(findings.filter((f) => isSecretsFile(f.path)).map((f) => f.path))];
  const inline = findings.some((f) => !isSecretsFile(f.path));
  const replFile = replacementsFile ?? '../preflight-replacements.txt';
  const lines = [
    'Remediation (in this order):',
    '  1. Rotate every secret above now: revoke it at the provider and issue a new one. Rewriting history',
    '     does not un-leak a key that was ever pushed, cloned or forked.',
    '  2. Rewrite history (install git-filter-repo first; it works on a fresh clone: git clone --mirror <url>):',
  ];
  if (inline) {
    if (!replacementsFile)
      lines.push(
        `       preflight history --replacements ${shellQuote(replFile)}   # writes the values (mode 600), keep it ` +
          `outside the repo`,
      );
    lines.push(`       git filter-repo --replace-text ${shellQuote(replFile)}`);
  }
  if (files.length)
    lines.push(
      `       git filter-repo --invert-paths ${files.map((p) => `--path ${shellQuote(p)}`).join(' ')}   # whole ` +
        `secrets files`,
    );
  lines.push(
    '  3. Force-push every branch and tag: git push --force --all && git push --force --tags',
    '     Tell collaborators to re-clone (old clones still hold the secrets), then delete the replacements file.',
  );
  return lines.join('\n');
}

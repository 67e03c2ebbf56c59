// Output of the git secret scans (staged, history) as text, JSON or SARIF 2.1.0. Only masked values
// ever reach these formats: the builders copy named fields and never the raw `value`.
import type { Log, Result } from 'sarif';
import type { HistoryFinding, SecretFinding } from '../git/types';

export type SecretsFormat = 'text' | 'json' | 'sarif';

/** The fields of a finding that may be printed. */
export function publicFinding(f: SecretFinding): Record<string, unknown> {
  return { ruleId: f.ruleId, kind: f.kind, title: f.title, severity: f.severity, path: f.path, line: f.line, column: f.column, masked: f.masked, envName: f.envName };
}

export function publicHistoryFinding(f: HistoryFinding): Record<string, unknown> {
  return { ...publicFinding(f), commit: f.commit, date: f.date, author: f.author, stillInHead: f.stillInHead, headPaths: f.headPaths };
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** A SARIF log for secret findings; history findings also carry the commit in `properties`. */
export function secretsSarif(findings: readonly (SecretFinding | HistoryFinding)[], version: string): Log {
  const results: Result[] = findings.map((f) => ({
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: `${f.title} ${f.masked}${'commit' in f ? ` added in ${f.commit.slice(0, 12)}` : ''}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(f.path), uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column } } }],
    properties: 'commit' in f
      ? { kind: f.kind, commit: f.commit, date: f.date, author: f.author, stillInHead: f.stillInHead }
      : { kind: f.kind },
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'preflight',
          version,
          informationUri: 'https://example.invalid/preflight',
          rules: [{
            id: 'hardcoded-secret',
            name: 'HardcodedSecret',
            shortDescription: { text: 'A credential is written in the code or a committed file.' },
            fullDescription: { text: 'API keys, tokens, private keys and passwords must not be committed: anyone who can read the repository (or its history) can use them. Rotate the key, then read it from the environment.' },
            help: { text: 'Move the value to an environment variable (.env, git-ignored), rotate it if it was ever committed, or record an accepted false positive with `preflight baseline add`.' },
            defaultConfiguration: { level: 'error' },
          }],
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
      results,
    }],
  };
}

/** How to proceed when the staged scan blocks a commit. */
export const STAGED_ADVICE = [
  'How to proceed:',
  '  - remove the value from the file, then `git add` it again (and rotate the key if it was ever pushed or shared)',
  '  - move it to .env (git-ignored) and read it from the environment; list the name in .env.example',
  '  - a false positive or an accepted test value: preflight baseline add <path> --staged --reason "why"',
  '    or put `preflight-ignore: hardcoded-secret -- why` in a comment on that line or the line above',
  '  - last resort: git commit --no-verify (skips every pre-commit hook)',
].join('\n');

export function stagedText(findings: readonly SecretFinding[], filesScanned: number): string {
  if (!findings.length) return `preflight: no secrets in staged changes (${filesScanned} file${filesScanned === 1 ? '' : 's'} scanned)`;
  const lines = findings.map((f) => `  ${f.path}:${f.line}:${f.column}  ${f.severity}  ${f.title}  ${f.masked}`);
  return [`preflight: ${findings.length} secret${findings.length === 1 ? '' : 's'} in staged changes`, ...lines, '', STAGED_ADVICE].join('\n');
}

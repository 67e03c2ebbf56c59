// Entry point of the secret engine: finds credentials in a text. (Minimal first version; the secrets
// engineer extends the provider table, generic detection, entropy and prefilter behind this signature.)
import type { DetectOptions, SecretHit } from './types';

const PROVIDERS: { kind: string; title: string; envName: string; pattern: RegExp }[] = [
  { kind: 'github-token', title: 'GitHub token', envName: 'GITHUB_TOKEN', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
  { kind: 'aws-access-key-id', title: 'AWS access key id', envName: 'AWS_ACCESS_KEY_ID', pattern: /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g },
];

export function detectSecrets(text: string, _options: DetectOptions): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const p of PROVIDERS) {
    for (const m of text.matchAll(p.pattern)) {
      const start = m.index ?? 0;
      hits.push({ kind: p.kind, title: p.title, severity: 'error', start, end: start + m[0].length, value: m[0], envName: p.envName });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

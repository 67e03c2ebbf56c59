// hardcoded-secret: a credential literal in any text file (code, .env, YAML, JSON, Dockerfile, notebooks…).
// Runs the secret engine as a text hook; the file is parsed only when a finding needs its quick fix.
import { familyOf } from '../core/languages';
import { mask } from '../core/masking';
import type { Fix, Rule, TextContext, Tree } from '../core/types';
import { parse } from '../parse/parser';
import { detectSecrets } from '../secrets/detect';
import { moveToEnvFix } from '../secrets/envFix';
import type { SecretHit } from '../secrets/types';

const ENV_TEMPLATE = /(?:^|\/)\.env\.(?:example|sample|template|dist|defaults)$/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A real dotenv file (`.env`, `.env.local`, `prod.env`), not a committed template of it. */
function isDotenv(path: string, languageId: string): boolean {
  const name = baseName(path);
  if (ENV_TEMPLATE.test(path)) return false;
  return languageId === 'dotenv' || name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

function advice(hit: SecretHit, family: boolean): string {
  if (hit.severity === 'info') return 'It is public by design, a test-mode key or a documented example: low risk, but configuration is still the better home for it.';
  if (hit.kind === 'private-key') return 'Load the key from a file outside the repository or a secret manager, and rotate it if it was ever committed or shared.';
  const where = family ? 'Move it to an environment variable' : 'Keep it out of files that are committed (environment, secret manager)';
  return `${where}, and rotate it if it was ever committed or shared.`;
}

function gitignoreFix(path: string, readFile: TextContext['options']['readFile']): Fix {
  const entry = baseName(path);
  const current = readFile?.('.gitignore');
  const line = `${entry}\n`;
  const edits = current === undefined ? [{ start: 0, end: 0, newText: line }] : [{ start: current.length, end: current.length, newText: `${current.length && !current.endsWith('\n') ? '\n' : ''}${line}` }];
  return { title: `Add ${entry} to .gitignore`, preferred: true, edits: [], otherFiles: [{ path: '.gitignore', edits, createWith: line }] };
}

export const hardcodedSecret: Rule = {
  meta: {
    id: 'hardcoded-secret',
    title: 'Hard-coded secret',
    defaultSeverity: 'error',
    summary: 'A credential written into source or config: provider tokens, private keys, passwords in connection URLs, secret-named literals.',
    checklistItem: 'no-hardcoded-secrets',
    languages: ['text'],
  },
  text(ctx) {
    const { file, options } = ctx;
    const dotenv = isDotenv(file.path, file.languageId);
    const ignored = dotenv ? options.isGitIgnored?.(file.path) : undefined;
    if (ignored === true) return; // a git-ignored .env is exactly where secrets belong
    const hits = detectSecrets(ctx.text, { path: file.path }).filter((h) => !options.isBaselined?.('hardcoded-secret', file.path, h.value));
    if (!hits.length) return;
    const family = familyOf(file.languageId);
    let tree: Tree | undefined;
    let parsed = false;
    try {
      for (const hit of hits) {
        const preview = `\`${mask(hit.value)}\``;
        const notIgnored = dotenv && ignored === false ? ` ${baseName(file.path)} is not git-ignored, so this will be committed: add it to .gitignore.` : '';
        const message = `${hit.title} ${preview} is hard-coded.${notIgnored} ${advice(hit, Boolean(family))}`;
        const fixes: Fix[] = [];
        if (family && hit.kind !== 'private-key') {
          if (!parsed) {
            parsed = true;
            try { tree = parse(file.languageId, ctx.text); } catch { tree = undefined; } // parsers not initialised: no fix
          }
          const fix = tree ? moveToEnvFix(hit, tree.rootNode, family, options.readFile) : undefined;
          if (fix) fixes.push(hit.severity === 'info' ? { ...fix, preferred: false } : fix);
        }
        if (notIgnored) fixes.push(gitignoreFix(file.path, options.readFile));
        ctx.report({ start: hit.start, end: hit.end, severity: hit.severity, message, fixes: fixes.length ? fixes : undefined });
      }
    } finally {
      tree?.delete();
    }
  },
};

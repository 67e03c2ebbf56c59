// hardcoded-secret: a credential literal in any text file (code, .env, YAML, JSON, Dockerfile, notebooks…).
// One secret engine (secrets/detect.ts) behind a text hook for plain files and tree hooks for code files.
import ignore from 'ignore';
import { familyOf, isTypeScript } from '../core/languages';
import { mask } from '../core/masking';
import type { Family, Fix, Node, Rule, TextContext, TreeContext } from '../core/types';
import { detectSecrets } from '../secrets/detect';
import { envFixer } from '../secrets/envFix';
import { jsRuntime } from '../syntax/browser';
import { overriddenInProduction } from '../syntax/djangoSettings';
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

/** The message for a hit: the advice depends on how risky it is and where it can go instead. */
function messageIdOf(hit: SecretHit, family: boolean): string {
  if (hit.severity === 'info' && hit.kind === 'generic-secret') return 'inTestFile';
  if (hit.severity === 'info') return 'lowRisk';
  if (hit.kind === 'private-key') return 'privateKey';
  return family ? 'moveToEnv' : 'keepOutOfFiles';
}

function gitignoreFix(path: string, readFile: TextContext['options']['readFile']): Fix {
  const entry = baseName(path);
  const current = readFile?.('.gitignore');
  const line = `${entry}\n`;
  const edits =
    current === undefined
      ? [{ start: 0, end: 0, newText: line }]
      : [
          {
            start: current.length,
            end: current.length,
            newText: `${current.length && !current.endsWith('\n') ? '\n' : ''}${line}`,
          },
        ];
  return {
    title: `Add ${entry} to .gitignore`,
    preferred: true,
    edits: [],
    otherFiles: [{ path: '.gitignore', edits, createWith: line }],
  };
}

/**
 * Whether the root `.gitignore` already lists this not-ignored `.env`: then git ignores it only because it is
 * tracked (committed before the entry was added), and the advice is to untrack it, not to add the entry again.
 */
function listedButTracked(path: string, readFile: TextContext['options']['readFile']): boolean {
  const rules = readFile?.('.gitignore');
  const rel = path.replace(/\\/g, '/');
  if (!rules || rel.startsWith('/') || rel.startsWith('../') || /^[A-Za-z]:/.test(rel)) return false;
  try {
    return ignore().add(rules).ignores(rel);
  } catch {
    return false; // a path the matcher refuses: fall back to the plain advice
  }
}

/** The sentence a `.env` that git will commit adds to each finding, and whether adding it to .gitignore helps. */
function notIgnoredAdvice(path: string, readFile: TextContext['options']['readFile']): { text: string; fix: boolean } {
  const name = baseName(path);
  if (listedButTracked(path, readFile))
    return {
      text:
        ` ${name} is committed although .gitignore lists it (git keeps tracking it): untrack it with ` +
        `\`git rm --cached ${name}\` and rotate every key it held.`,
      fix: false,
    };
  return { text: ` ${name} is not git-ignored, so this will be committed: add it to .gitignore.`, fix: true };
}

/** `NAME = "…"` at the start of a settings line whose name a production module beside it assigns again. */
function replacedInProduction(
  text: string,
  hit: SecretHit,
  path: string,
  options: TextContext['options'],
): string | undefined {
  const lineStart = text.lastIndexOf('\n', hit.start - 1) + 1;
  const name = /^([A-Z][A-Z0-9_]*)[ \t]*(?::[^=\n]*)?=[ \t]*[rRbB]?["']/.exec(
    text.slice(lineStart, hit.start + 1),
  )?.[1];
  return name ? overriddenInProduction(path, name, options.readFile) : undefined;
}

/**
 * Reports every secret of one file. Code files come through the tree hooks (the shared, incrementally
 * parsed tree builds the quick fix at no extra parse); every other file through the text hook.
 */
function check(ctx: TextContext | TreeContext, root: Node | undefined, family: Family | undefined): void {
  const { file, options } = ctx;
  const dotenv = isDotenv(file.path, file.languageId);
  const ignored = dotenv ? options.isGitIgnored?.(file.path) : undefined;
  if (ignored === true) return; // a git-ignored .env is exactly where secrets belong
  const hits = detectSecrets(ctx.text, { path: file.path }).filter(
    (h) => !options.isBaselined?.('hardcoded-secret', h.value),
  );
  // Nothing to report: skip the project look-ups below (the nearest package.json of every JS file).
  if (!hits.length) return;
  // Move-to-env fixes: never in tests (fixture values are meant to differ), never in browser code (no
  // process.env there), and never two distinct values under one name (each keeps its own, or no fix).
  // Where it is not clear that the file runs on a server, the fix is offered but not preferred.
  const envFixes = new Map<SecretHit, Fix | undefined>();
  const runtime = family === 'js' ? jsRuntime(file, options.readFile) : 'server';
  if (root && family && !options.isTestFile && runtime !== 'browser') {
    const moveToEnv = envFixer(root, family, options.readFile, isTypeScript(file.languageId));
    for (const hit of hits) envFixes.set(hit, hit.kind !== 'private-key' ? moveToEnv(hit) : undefined);
    const valuesByName = new Map<string, Set<string>>();
    for (const [hit, fix] of envFixes)
      if (fix) valuesByName.set(fix.title, (valuesByName.get(fix.title) ?? new Set()).add(hit.value));
    for (const [hit, fix] of envFixes) if (fix && valuesByName.get(fix.title)!.size > 1) envFixes.set(hit, undefined);
  }
  const advice = dotenv && ignored === false ? notIgnoredAdvice(file.path, options.readFile) : undefined;
  for (const hit of hits) {
    const production = family === 'python' ? replacedInProduction(ctx.text, hit, file.path, options) : undefined;
    const severity = production ? 'info' : hit.severity;
    const notIgnored =
      advice?.text ??
      (production
        ? ` It is a development value: ${production} beside it sets its own, so production never uses it.`
        : '');
    const fixes: Fix[] = [];
    const fix = envFixes.get(hit);
    if (fix) fixes.push(severity === 'info' || runtime === 'unknown' ? { ...fix, preferred: false } : fix);
    if (advice?.fix) fixes.push(gitignoreFix(file.path, options.readFile));
    ctx.report({
      start: hit.start,
      end: hit.end,
      severity,
      messageId: messageIdOf(hit, Boolean(family)),
      data: { what: hit.title, preview: mask(hit.value), notIgnored },
      fixes: fixes.length ? fixes : undefined,
    });
  }
}

export const hardcodedSecret: Rule = {
  meta: {
    id: 'hardcoded-secret',
    title: 'Hard-coded secret',
    defaultSeverity: 'error',
    summary:
      'A credential written into source or config: provider tokens, private keys, passwords in connection ' +
      'URLs, secret-named literals.',
    checklistItem: 'no-hardcoded-secrets',
    taxonomy: { cwe: [798], owasp: 'A07', securitySeverity: 7.5 },
    languages: ['python', 'js', 'text'],
    messages: {
      moveToEnv:
        '{{what}} `{{preview}}` is hard-coded.{{notIgnored}} Move it to an environment variable, and ' +
        'rotate it if it was ever committed or shared.',
      keepOutOfFiles:
        '{{what}} `{{preview}}` is hard-coded.{{notIgnored}} Keep it out of files that are committed ' +
        '(environment, secret manager), and rotate it if it was ever committed or shared.',
      privateKey:
        '{{what}} `{{preview}}` is hard-coded.{{notIgnored}} Load the key from a file outside the ' +
        'repository or a secret manager, and rotate it if it was ever committed or shared.',
      lowRisk:
        '{{what}} `{{preview}}` is hard-coded.{{notIgnored}} It is public by design, a test-mode key or ' +
        'a documented example: low risk, but configuration is still the better home for it.',
      inTestFile:
        '{{what}} `{{preview}}` is hard-coded.{{notIgnored}} It is in a test file: fine for a fake ' +
        'value, but never put a real credential here.',
    },
  },
  text(ctx) {
    // Code files are checked by the tree hooks (which can build fixes), unless their tree is unavailable.
    if (!familyOf(ctx.file.languageId) || ctx.treeSkipped) check(ctx, undefined, undefined);
  },
  python(ctx) {
    check(ctx, ctx.root, 'python');
  },
  js(ctx) {
    check(ctx, ctx.root, 'js');
  },
};

// Test helpers over the pure core: analyse a fixture or a string, apply a fix.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { languageIdForPath } from '../../server/src/core/languages';
import type { Finding, RuleMeta, SourceFile } from '../../server/src/core/types';
import { initParsers } from '../../server/src/parse/parser';
import { applyEdits } from '../../server/src/syntax/fixes';

/** The repository root: the nearest folder above this (bundled) test holding package.json. */
function findRepo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const REPO = findRepo();
export const FIXTURES = join(REPO, 'test', 'fixtures');

export async function ready(): Promise<void> {
  await initParsers();
}

export function fileOf(path: string, text: string, languageId = languageIdForPath(path)): SourceFile {
  return { path, languageId, text };
}

export function findings(path: string, text: string, ruleId?: string): Finding[] {
  const result = analyze(RULES, fileOf(path, text));
  if (result.ruleErrors.length) throw result.ruleErrors[0].error;
  return result.findings.filter((f) => !ruleId || f.ruleId === ruleId);
}

export function readFixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** Applies a rule's fix (by title substring, or the preferred/first one) to the first finding of that rule. */
export function applyFix(path: string, text: string, ruleId: string, title?: string): string {
  const f = findings(path, text, ruleId)[0];
  if (!f) throw new Error(`no ${ruleId} finding in ${path}`);
  const fix = title
    ? f.fixes?.find((x) => x.title.includes(title))
    : (f.fixes?.find((x) => x.preferred) ?? f.fixes?.[0]);
  if (!fix) throw new Error(`no fix${title ? ` "${title}"` : ''} for ${ruleId} in ${path}`);
  return applyEdits(text, fix.edits);
}

/** Zero-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

/** The metadata of a rule made up for a test: only what the test says differs from a plain warning. */
export function testRuleMeta(id: string, fields: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: 'test',
    defaultSeverity: 'warning',
    summary: 'test',
    checklistItem: 'debug-off',
    languages: ['text'],
    taxonomy: { cwe: [754], owasp: 'A04', securitySeverity: 1 },
    messages: {},
    ...fields,
  };
}

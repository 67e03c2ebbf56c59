// What the e2e scenarios expect, computed from the pure analysis core on the same file: VS Code must show exactly
// the core's findings and, after a quick fix, the file on disk must hold exactly the text the core's fix produces.
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Finding } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/syntax/fixes';
import { ignoreFixes } from '../../server/src/core/ignoreFixes';
import { fileOf, findings, ready } from '../helpers/core';

export interface Located {
  finding: Finding;
  line: number;
  column: number;
}

/** The core's findings for a file, with 1-based line and UTF-16 column as VS Code's Problems panel shows them. */
export async function coreFindings(absPath: string, relPath: string): Promise<Located[]> {
  await ready();
  const text = readFileSync(absPath, 'utf8');
  return findings(relPath, text).map((finding) => {
    const before = text.slice(0, finding.start).split('\n');
    return { finding, line: before.length, column: before[before.length - 1].length + 1 };
  });
}

/**
 * The text after applying the fix titled `title` (a rule's fix or an "Ignore ..." one) to the `ruleId` finding on
 * `line`.
 */
export async function textAfterFix(
  absPath: string,
  relPath: string,
  ruleId: string,
  line: number,
  title: string,
): Promise<string> {
  const found = (await coreFindings(absPath, relPath)).find((l) => l.finding.ruleId === ruleId && l.line === line);
  if (!found) throw new Error(`the core reports no ${ruleId} on line ${line} of ${relPath}`);
  const text = readFileSync(absPath, 'utf8');
  const fixes = [...(found.finding.fixes ?? []), ...ignoreFixes(fileOf(relPath, text), found.finding)];
  const fix = fixes.find((f) => f.title === title);
  if (!fix)
    throw new Error(
      `no fix "${title}" for ${ruleId} on line ${line}; fixes: ${JSON.stringify(fixes.map((f) => f.title))}`,
    );
  return applyEdits(text, fix.edits);
}

/** A Problems row for a finding: "message / preflight / rule-id / [Ln l, Col c]" as rendered by VS Code 1.139. */
export function rowMatches(row: string, ruleId: string, line?: number): boolean {
  const parts = row.split('\n').map((p) => p.trim());
  return parts.includes(ruleId) && (line === undefined || parts.some((p) => p.startsWith(`[Ln ${line},`)));
}

/**
 * Waits (bounded polling) until the file on disk equals `expected`: quick-fix edits are saved by VS Code
 * (files.refactoring.autoSave) or by Ctrl+S asynchronously, so the disk catches up a moment later.
 */
export async function waitForDisk(page: Page, file: string, expected: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const actual = existsSync(file) ? readFileSync(file, 'utf8') : '<missing>';
    if (actual === expected) return;
    if (Date.now() > deadline)
      throw new Error(`${file} on disk is not the expected text.\n--- expected\n${expected}\n--- actual\n${actual}`);
    await page.waitForTimeout(100);
  }
}

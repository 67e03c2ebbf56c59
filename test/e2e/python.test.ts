// e2e in a real VS Code on the demo app's FastAPI backend: diagnostics, a quick fix, "Ignore on this line".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { positionOf, withScenario } from './harness';
import { coreFindings, rowMatches, textAfterFix, waitForDisk } from './expect';

const FILE = 'backend/main.py';

test('opening a Python file shows squiggles and lists every finding with its rule id in Problems', async () => {
  await withScenario('python diagnostics', {}, async ({ wb, workspace }) => {
    const expected = await coreFindings(join(workspace, FILE), FILE);
    assert.ok(
      expected.some((e) => e.finding.ruleId === 'debug-mode'),
      'the demo backend should trip debug-mode',
    );
    await wb.openFile(FILE);
    assert.ok((await wb.waitForSquiggles()) >= 1);
    // Maximized, so the (virtualised) list renders every row of the file at once.
    await wb.showProblems();
    await wb.runCommand('View: Toggle Maximized Panel');
    const shown = (rows: string[], e: (typeof expected)[number]) =>
      rows.some((r) => rowMatches(r, e.finding.ruleId, e.line) && r.includes('preflight'));
    const all = await wb.waitForProblems(
      (rows) => expected.every((e) => shown(rows, e)),
      'never listed every finding of the core',
    );
    for (const e of expected) {
      assert.ok(shown(all, e), `Problems lacks ${e.finding.ruleId} on line ${e.line}; rows: ${JSON.stringify(all)}`);
    }
    // The file row's badge counts the file's problems: exactly the core's findings, nothing extra.
    const fileRow = all.find((r) => r.startsWith('main.py'));
    assert.equal(fileRow?.split('\n').pop()?.trim(), String(expected.length), `file row: ${fileRow}`);
  });
});

test('Ctrl+. applies the debug-mode quick fix: editor and disk change, the diagnostic goes away', async () => {
  await withScenario('python quick fix', {}, async ({ wb, page, workspace }) => {
    const file = join(workspace, FILE);
    const at = positionOf(file, 'debug=True');
    const title = 'Read debug from the DEBUG environment variable (off by default)';
    const expected = await textAfterFix(file, FILE, 'debug-mode', at.line, title);
    assert.match(expected, /debug=os\.environ\.get\("DEBUG"/);
    await wb.openFile(FILE);
    await wb.waitForProblem((row) => rowMatches(row, 'debug-mode', at.line));
    await wb.goTo(at.line, at.column + 'debug='.length);
    await wb.quickFix(title);
    await wb.waitForEditorText('debug=os.environ.get("DEBUG"');
    await wb.save();
    await waitForDisk(page, file, expected);
    const rows = await wb.waitForProblem((row) => rowMatches(row, 'debug-mode'), true);
    assert.ok(
      rows.some((r) => rowMatches(r, 'cors-wildcard')),
      'other findings in the file must stay',
    );
  });
});

test('"Ignore cors-wildcard on this line" inserts the comment and the diagnostic goes away', async () => {
  await withScenario('python ignore line', {}, async ({ wb, page, workspace }) => {
    const file = join(workspace, FILE);
    const at = positionOf(file, 'allow_origins=["*"]');
    const title = 'Ignore cors-wildcard on this line';
    const expected = await textAfterFix(file, FILE, 'cors-wildcard', at.line, title);
    assert.match(expected, /# preflight-ignore: cors-wildcard[^\n]*\n\s*allow_origins=\["\*"\]/);
    await wb.openFile(FILE);
    await wb.waitForProblem((row) => rowMatches(row, 'cors-wildcard', at.line));
    await wb.goTo(at.line, at.column + 'allow_origins='.length);
    await wb.quickFix(title);
    await wb.waitForEditorText('# preflight-ignore: cors-wildcard');
    await wb.save();
    await waitForDisk(page, file, expected);
    const rows = await wb.waitForProblem((row) => rowMatches(row, 'cors-wildcard'), true);
    assert.ok(
      rows.some((r) => rowMatches(r, 'debug-mode')),
      'the ignore comment must not hide other rules',
    );
  });
});

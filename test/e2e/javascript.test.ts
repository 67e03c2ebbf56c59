// e2e in a real VS Code on the demo app's front end: a JS quick fix and a JSX "Ignore on this line".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { positionOf, withScenario } from './harness';
import { rowMatches, textAfterFix, waitForDisk } from './expect';

test('JS: Ctrl+. "Use textContent" fixes one innerHTML sink on disk and only that diagnostic goes away', async () => {
  const FILE = 'frontend/app.js';
  await withScenario('js quick fix', {}, async ({ wb, page, workspace }) => {
    const file = join(workspace, FILE);
    const at = positionOf(file, 'getElementById("reply").innerHTML');
    const other = positionOf(file, 'list.innerHTML');
    const title = 'Use textContent (inserts text, not HTML)';
    const expected = await textAfterFix(file, FILE, 'xss-sink', at.line, title);
    assert.match(expected, /getElementById\("reply"\)\.textContent = data\.reply;/);
    await wb.openFile(FILE);
    await wb.waitForProblems(
      (rows) =>
        rows.some((r) => rowMatches(r, 'xss-sink', at.line)) && rows.some((r) => rowMatches(r, 'xss-sink', other.line)),
    );
    await wb.goTo(at.line, at.column + 'getElementById("reply").'.length);
    await wb.quickFix(title);
    await wb.waitForEditorText('getElementById("reply").textContent = data.reply;');
    await wb.save();
    await waitForDisk(page, file, expected);
    const rows = await wb.waitForProblem((row) => rowMatches(row, 'xss-sink', at.line), true);
    assert.ok(
      rows.some((r) => rowMatches(r, 'xss-sink', other.line)),
      `the other sink (line ${other.line}) must still be flagged; rows: ${JSON.stringify(rows)}`,
    );
  });
});

test('JSX: "Ignore xss-sink on this line" inserts a JSX comment and the diagnostic goes away', async () => {
  const FILE = 'frontend/src/ChatMessage.jsx';
  await withScenario('jsx ignore line', {}, async ({ wb, page, workspace }) => {
    const file = join(workspace, FILE);
    const at = positionOf(file, 'dangerouslySetInnerHTML');
    const title = 'Ignore xss-sink on this line';
    const expected = await textAfterFix(file, FILE, 'xss-sink', at.line, title);
    assert.match(
      expected,
      /\{\/\* preflight-ignore: xss-sink[^\n]*\*\/\}\n\s*<div className="body" dangerouslySetInnerHTML/,
    );
    await wb.openFile(FILE);
    await wb.waitForProblem((row) => rowMatches(row, 'xss-sink', at.line));
    await wb.goTo(at.line, at.column);
    await wb.quickFix(title);
    await wb.waitForEditorText('{/* preflight-ignore: xss-sink');
    await wb.save();
    await waitForDisk(page, file, expected);
    await wb.waitForProblem((row) => rowMatches(row, 'xss-sink'), true);
  });
});

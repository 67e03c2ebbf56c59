// Precision on real code: every finding on ../shared/realworld has a verdict (test/realworld/verdicts.tsv), no
// true positive disappears and no false positive comes back unjudged. `npm run realworld` prints the full report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { compare, draftRows, lintAll, readVerdicts, report, REALWORLD, summaryLine } from './verdicts';

test('every finding on the real-world projects is judged, and no judged true positive is lost', async () => {
  if (!existsSync(REALWORLD)) {
    console.log(`realworld verdicts: not run, ${REALWORLD} is absent (it exists in the team checkout and CI)`);
    return;
  }
  const c = compare(await lintAll(), readVerdicts());
  if (process.env.PREFLIGHT_REALWORLD_REPORT) {
    console.log(report(c));
    if (c.unjudged.length) console.log(`\ndraft rows for the unjudged findings:\n${draftRows(c)}`);
  } else console.log(`realworld verdicts: ${summaryLine(c)}`);
  const list = (xs: string[]): string => xs.map((x) => `\n  ${x}`).join('');
  assert.equal(
    c.unjudged.length,
    0,
    `findings with no verdict; judge each by reading the code and add a row to test/realworld/verdicts.tsv:` +
      list(c.unjudged.map((f) => `${f.severity} ${f.project}/${f.path}:${f.line} ${f.rule}: ${f.text}`)),
  );
  assert.equal(
    c.lostTruePositives.length,
    0,
    `true positives the linter no longer reports:` +
      list(c.lostTruePositives.map((v) => `row ${v.row}: ${v.project}/${v.path} ${v.rule}: ${v.text}`)),
  );
});

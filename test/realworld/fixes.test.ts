// Every fix offered on ../shared/realworld, preferred or not: parses, clears its finding, adds none, and has a
// verdict in fixes.tsv read from its diff. A preferred fix is wrong when it changes what the program does for
// legitimate input; one that is only offered, when it breaks parsing or does other than its title says.
// None may be judged wrong. Prints "N of M fixes correct".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { allRealFixes, correct, diffOf, fixKey, readFixVerdicts } from './fixes';
import { REALWORLD } from './verdicts';

test('real-world fixes: parse, clear their finding, add none; every one judged correct', async (t) => {
  if (!existsSync(REALWORLD)) {
    t.diagnostic(`real-world fixes not checked: ${REALWORLD} is absent`);
    console.log(`real-world fixes not checked: ${REALWORLD} is absent`);
    return;
  }
  const fixes = await allRealFixes();
  const verdicts = new Map(readFixVerdicts().map((v) => [fixKey(v), v]));
  const wrongAuto = fixes.filter((o) => !correct(o));
  const preferred = fixes.filter((o) => o.preferred);
  const unjudged = fixes.filter((o) => !verdicts.has(fixKey(o)));
  const judgedWrong = fixes.filter((o) => verdicts.get(fixKey(o))?.verdict === 'wrong');
  const offered = new Set(fixes.map(fixKey));
  const stale = [...verdicts.keys()].filter((k) => !offered.has(k));
  const good = fixes.length - wrongAuto.length - judgedWrong.filter(correct).length;
  const line =
    `real-world fixes: ${good} of ${fixes.length} fixes correct (${preferred.length} preferred, ` +
    `${judgedWrong.length} judged wrong, ${unjudged.length} unjudged)`;
  t.diagnostic(line);
  console.log(line);
  if (unjudged.length) {
    // Draft rows and the diffs to read, secrets masked; written next to the build output, never committed.
    const report = join(REPO, 'build', 'realworld-fixes.txt');
    const draft = (o: (typeof fixes)[number]) =>
      `${fixKey(o)}\tcorrect\tTODO${o.preferred ? ' (preferred)' : ''}\n${diffOf(o)}\n`;
    writeFileSync(report, unjudged.map(draft).join('\n'));
    console.log(`unjudged fixes with their diffs: ${report}`);
  }
  const describe = (o: (typeof fixes)[number]) =>
    `${o.project}/${o.path}:${o.line} ${o.ruleId} "${o.title}" syntax=${o.syntax} cleared=${o.cleared} added=` +
    `${o.added.join(',')}`;
  assert.deepEqual(wrongAuto.map(describe), [], 'fixes that break parsing, leave the finding or add one');
  assert.deepEqual(judgedWrong.map(describe), [], 'fixes judged wrong');
  assert.deepEqual(unjudged.map(describe), [], 'fixes without a verdict in test/realworld/fixes.tsv');
  assert.deepEqual(stale, [], 'verdicts in test/realworld/fixes.tsv for fixes no longer offered');
});

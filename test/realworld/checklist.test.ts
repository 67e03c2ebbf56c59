// The checklist on real code: every item that fails on a project of ../shared/realworld is listed in
// test/realworld/checklist.tsv with a verdict reached by reading the code, and no item fails for a stack the
// project does not use. Each project is copied into a fresh git repository (tracked files, ignores).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateChecklist, defaultChecklistDir } from '../../server/src/checklist/evaluate';
import { loadItems, stringList } from '../../server/src/checklist/items';
import type { AppKind } from '../../server/src/model/stacks';
import { REPO } from '../helpers/core';
import { tempRepo } from '../helpers/gitRepo';
import { projects, REALWORLD } from './verdicts';

const TSV = join(REPO, 'test', 'realworld', 'checklist.tsv');
/** Items whose state belongs to the clone (hook installed, scans run), not to the project: a fresh copy has neither. */
const CLONE_STATE = new Set(['staged-scan', 'history-clean']);
const VERDICTS = ['true', 'false', 'debatable', 'corpus'] as const;

interface Row {
  project: string;
  item: string;
  verdict: (typeof VERDICTS)[number];
  reason: string;
}

function readRows(): Row[] {
  const lines = readFileSync(TSV, 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line, i) => {
    const [project, item, verdict, reason] = line.split('\t');
    assert.ok(
      VERDICTS.includes(verdict as Row['verdict']),
      `checklist.tsv row ${i + 2}: verdict must be one of ${VERDICTS.join(', ')}`,
    );
    assert.ok(reason?.trim(), `checklist.tsv row ${i + 2}: a reason is required`);
    return { project, item, verdict: verdict as Row['verdict'], reason };
  });
}

test('every failing checklist item on the real-world projects is judged; none fails for a stack not used', async () => {
  if (!existsSync(REALWORLD)) {
    console.log(`realworld checklist: not run, ${REALWORLD} is absent (it exists in the team checkout and CI)`);
    return;
  }
  const rows = readRows();
  const appliesTo = new Map(
    loadItems(defaultChecklistDir()).items.map((i) => [i.id, stringList(i, 'appliesTo') as AppKind[]]),
  );
  const unjudged: string[] = [];
  const stale: string[] = [];
  const offStack: string[] = [];
  for (const project of projects()) {
    const repo = tempRepo();
    try {
      cpSync(join(REALWORLD, project), repo.dir, { recursive: true });
      repo.git('add', '-A');
      repo.git('commit', '-qm', 'copy');
      const report = await evaluateChecklist(repo.dir);
      const failing = report.items.filter((i) => i.status === 'fail' && !CLONE_STATE.has(i.id));
      for (const item of failing) {
        if (!rows.some((r) => r.project === project && r.item === item.id))
          unjudged.push(`${project}\t${item.id}\t${item.summary}`);
        const kinds = appliesTo.get(item.id) ?? [];
        const used = report.stacks.apps.some((a) => kinds.includes(a.kind));
        const handlers = report.endpoints.some((e) =>
          e.kind === 'http' ? kinds.includes('web-server') : kinds.includes('bot'),
        );
        if (kinds.length && !used && !handlers)
          offStack.push(
            `${project}: ${item.id} fails, but the project has no ${kinds.join('/')} (${report.stacks.summary})`,
          );
      }
      for (const r of rows.filter((x) => x.project === project && !failing.some((i) => i.id === x.item)))
        stale.push(`${r.project}\t${r.item}\t(no longer fails)`);
    } finally {
      repo.remove();
    }
  }
  const count = (v: Row['verdict']): number => rows.filter((r) => r.verdict === v).length;
  console.log(
    `realworld checklist: ${rows.length} failing items on ${projects().length} projects: ${count('true')} true, ` +
      `${count('false')} false (a rule's false positives or an inventory miss), ${count('debatable')} debatable, ` +
      `${count('corpus')} caused by the corpus copy`,
  );
  const list = (xs: string[]): string => xs.map((x) => `\n  ${x}`).join('');
  assert.equal(offStack.length, 0, `items failing for a stack the project does not use:${list(offStack)}`);
  assert.equal(
    unjudged.length,
    0,
    `failing items with no row in test/realworld/checklist.tsv; judge each by reading the code:${list(unjudged)}`,
  );
  assert.equal(
    stale.length,
    0,
    `rows in test/realworld/checklist.tsv for items that no longer fail; remove them:${list(stale)}`,
  );
});

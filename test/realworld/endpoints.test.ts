// The endpoint inventory on real code: every expected endpoint of ../shared/realworld (test/realworld/endpoints.tsv,
// written by reading the projects) is found with its full path, with no test or CLI entries, and auth, limit and
// AI-reachability statuses agree. Prints found / false / status agreement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { agreementReport, compareEndpoints } from './endpoints';
import { REALWORLD } from './verdicts';

test('the endpoint inventory on the real-world projects matches the hand-written expected inventory', async () => {
  if (!existsSync(REALWORLD)) {
    console.log(`realworld endpoints: not run, ${REALWORLD} is absent (it exists in the team checkout and CI)`);
    return;
  }
  const a = await compareEndpoints();
  console.log(agreementReport(a));
  assert.equal(a.testOrCli.length, 0, 'no test or CLI entries');
  // Floors at the measured figures: a change that loses endpoints or statuses fails here.
  assert.ok(a.found / a.expected >= FLOOR.found, `found ${a.found}/${a.expected}`);
  assert.ok(a.falseEntries.length <= FLOOR.falseEntries, `false entries ${a.falseEntries.length}`);
  assert.ok(a.auth.right / a.found >= FLOOR.auth, `auth ${a.auth.right}/${a.found}`);
  assert.ok(a.limit.right / a.found >= FLOOR.limit, `limit ${a.limit.right}/${a.found}`);
  assert.ok(a.ai.right / a.found >= FLOOR.ai, `AI ${a.ai.right}/${a.found}`);
});

const FLOOR = { found: 0.99, falseEntries: 0, auth: 0.95, limit: 0.99, ai: 0.98 };

// The project model on multi-file fixture apps, one per framework: the exact inventory (method, full path,
// auth, rate limit, reachable AI call) including mounts two levels deep, router-level dependencies,
// middleware arrays, bot filters and AI calls made in helper modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProjectModel } from '../../server/src/model/build';
import type { ModelEndpoint } from '../../server/src/model/types';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'model');

/** The AI call as written (`client.messages.create`) ends with the API's method chain the fixture names. */
const row = (e: ModelEndpoint, want: readonly string[]): string => {
  const cols = [e.method, e.path, e.auth, e.rateLimited ? 'yes' : 'no'];
  const expected = want.find((w) => w.startsWith(`${cols.join('\t')}\t`))?.split('\t')[4];
  const ai = e.ai ? (expected && e.ai.call.endsWith(expected) ? expected : e.ai.call) : '-';
  return [...cols, ai].join('\t');
};

for (const app of readdirSync(FIXTURES)) {
  test(`project model: ${app} fixture app inventory`, async () => {
    const dir = join(FIXTURES, app);
    const model = await buildProjectModel([dir], { cwd: dir });
    const want = readFileSync(join(dir, 'expected.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .sort();
    const got = model
      .endpoints()
      .map((e) => row(e, want))
      .sort();
    assert.deepEqual(got, want);
  });
}

// Compares the project model's endpoint inventory on ../shared/realworld with the hand-written expected
// inventory in test/realworld/endpoints.tsv (written by reading each project's code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestPath } from '../../server/src/core/languages';
import { buildProjectModel } from '../../server/src/model/build';
import type { ModelEndpoint } from '../../server/src/model/types';
import { REPO } from '../helpers/core';
import { REALWORLD } from './verdicts';

const ENDPOINTS_FILE = join(REPO, 'test', 'realworld', 'endpoints.tsv');

export interface Expected {
  project: string;
  method: string;
  path: string;
  auth: string;
  limit: string;
  ai: string;
}

function readExpected(): Expected[] {
  const [, ...rows] = readFileSync(ENDPOINTS_FILE, 'utf8').split('\n');
  return rows
    .filter((l) => l.trim())
    .map((l) => {
      const [project, method, path, auth, limit, ai] = l.split('\t');
      return { project, method, path, auth, limit, ai };
    });
}

export interface Agreement {
  expected: number;
  found: number;
  falseEntries: string[];
  missed: string[];
  testOrCli: string[];
  auth: { right: number; wrong: string[] };
  limit: { right: number; wrong: string[] };
  ai: { right: number; wrong: string[] };
}

const key = (method: string, path: string): string => `${method} ${path}`;

/** Builds each listed project's model and pairs its endpoints with the expected rows (by method and full path). */
export async function compareEndpoints(): Promise<Agreement> {
  const expected = readExpected();
  const out: Agreement = {
    expected: expected.length,
    found: 0,
    falseEntries: [],
    missed: [],
    testOrCli: [],
    auth: { right: 0, wrong: [] },
    limit: { right: 0, wrong: [] },
    ai: { right: 0, wrong: [] },
  };
  for (const project of [...new Set(expected.map((e) => e.project))]) {
    const dir = join(REALWORLD, project);
    const model = await buildProjectModel([dir], { cwd: dir });
    // Streamlit pages are entry points, not routes: the expected inventory lists routes and bot handlers.
    const found = model.endpoints().filter((e) => e.method !== 'PAGE');
    const pool = new Map<string, ModelEndpoint[]>();
    for (const e of found) {
      if (isTestPath(e.file)) out.testOrCli.push(`${project}: ${key(e.method, e.path)} (${e.file}:${e.line})`);
      const k = key(e.method, e.path);
      pool.set(k, [...(pool.get(k) ?? []), e]);
    }
    for (const want of expected.filter((e) => e.project === project)) {
      const k = key(want.method, want.path);
      const got = pool.get(k)?.shift();
      const name = `${project}: ${k}`;
      if (!got) {
        out.missed.push(name);
        continue;
      }
      out.found++;
      const limit = got.rateLimited ? 'yes' : 'no';
      const ai = got.ai ? 'yes' : 'no';
      if (got.auth === want.auth) out.auth.right++;
      else out.auth.wrong.push(`${name}: auth ${got.auth} (${got.authBy ?? ''}), expected ${want.auth}`);
      if (limit === want.limit) out.limit.right++;
      else out.limit.wrong.push(`${name}: limit ${limit}, expected ${want.limit}`);
      if (ai === want.ai) out.ai.right++;
      else out.ai.wrong.push(`${name}: AI ${ai}, expected ${want.ai}`);
    }
    for (const rest of pool.values())
      for (const e of rest) out.falseEntries.push(`${project}: ${key(e.method, e.path)} (${e.file}:${e.line})`);
  }
  return out;
}

const pct = (n: number, d: number): string => `${d ? ((100 * n) / d).toFixed(1) : '100.0'}%`;

export function agreementReport(a: Agreement): string {
  const aiRoutes = a.found; // every paired route is judged for AI reachability
  return [
    `endpoints: found ${a.found}/${a.expected} (${pct(a.found, a.expected)}) with full paths, ` +
      `${a.falseEntries.length} false, ${a.testOrCli.length} test/CLI`,
    `  auth agreement ${a.auth.right}/${a.found} (${pct(a.auth.right, a.found)}), limit agreement ` +
      `${a.limit.right}/${a.found} (${pct(a.limit.right, a.found)}), AI reachability ${a.ai.right}/${aiRoutes} (` +
      `${pct(a.ai.right, aiRoutes)})`,
    ...a.missed.map((m) => `  missed: ${m}`),
    ...a.falseEntries.map((m) => `  false: ${m}`),
    ...a.auth.wrong.map((m) => `  ${m}`),
    ...a.limit.wrong.map((m) => `  ${m}`),
    ...a.ai.wrong.map((m) => `  ${m}`),
  ].join('\n');
}

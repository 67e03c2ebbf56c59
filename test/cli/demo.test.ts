// The demo project (test/fixtures/demo-app) through the real CLI: the planted mistakes are found, the fine parts are
// not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { CLI } from '../helpers/gitRepo';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
  }[];
}

const DEMO = 'test/fixtures/demo-app';

function lint(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 1-based line of the first line of a demo file containing `needle`. */
function lineOf(file: string, needle: string): number {
  const lines = readFileSync(join(REPO, DEMO, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

const run = lint([DEMO, '--format', 'sarif']);
const log = JSON.parse(run.stdout || '{}');
const results: SarifResult[] = log.runs?.[0]?.results ?? [];
const at = (r: SarifResult) => {
  const { artifactLocation, region } = r.locations[0].physicalLocation;
  return `${artifactLocation.uri.slice(DEMO.length + 1)}:${region.startLine}`;
};
const hits = (ruleId: string) => results.filter((r) => r.ruleId === ruleId).map(at);

test('preflight lint test/fixtures/demo-app --format sarif exits 1 with repository-relative results', () => {
  assert.equal(run.status, 1, run.stderr);
  assert.equal(log.version, '2.1.0');
  for (const r of results) {
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(r.locations[0].physicalLocation.artifactLocation.uri.startsWith(`${DEMO}/`));
    assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
  }
});

test('debug-mode: FastAPI(debug=True) and the Django settings DEBUG = True', () => {
  assert.deepEqual(hits('debug-mode'), [
    `admin_site/settings.py:${lineOf('admin_site/settings.py', 'DEBUG = True')}`,
    `backend/main.py:${lineOf('backend/main.py', 'debug=True')}`,
  ]);
});

test('cors-wildcard: allow_origins=["*"] with credentials (error) and Express cors()', () => {
  const found = results.filter((r) => r.ruleId === 'cors-wildcard');
  assert.deepEqual(found.map(at), [
    `backend/main.py:${lineOf('backend/main.py', 'allow_origins=["*"]')}`,
    `server/index.js:${lineOf('server/index.js', 'app.use(cors())')}`,
  ]);
  assert.equal(found[0].level, 'error', 'credentials allowed with any origin is exploitable as written');
});

test('xss-sink: innerHTML of fetched data, dangerouslySetInnerHTML, v-html, Streamlit unsafe_allow_html', () => {
  assert.deepEqual(hits('xss-sink'), [
    `frontend/app.js:${lineOf('frontend/app.js', 'list.innerHTML')}`,
    `frontend/app.js:${lineOf('frontend/app.js', '.innerHTML = data.reply')}`,
    `frontend/src/ChatMessage.jsx:${lineOf('frontend/src/ChatMessage.jsx', 'dangerouslySetInnerHTML')}`,
    `frontend/src/Comment.vue:${lineOf('frontend/src/Comment.vue', 'v-html')}`,
    `streamlit_app.py:${lineOf('streamlit_app.py', 'unsafe_allow_html=True')}`,
  ]);
});

test('error-leak: HTTPException(detail=str(e)), err.message in res.json, st.error with the exception', () => {
  assert.deepEqual(hits('error-leak'), [
    `backend/main.py:${lineOf('backend/main.py', 'detail=str(e)')}`,
    `server/index.js:${lineOf('server/index.js', 'err.message')}`,
    `streamlit_app.py:${lineOf('streamlit_app.py', 'st.error(')}`,
  ]);
});

test('the parts that are fine on purpose stay quiet', () => {
  const quiet = [
    `backend/main.py:${lineOf('backend/main.py', 'return {"status": "ok"}')}`,
    `server/index.js:${lineOf('server/index.js', '"invalid login"')}`,
  ];
  for (const q of quiet) assert.ok(!results.map(at).includes(q), `${q} must not be flagged`);
  assert.ok(!results.some((r) => at(r).startsWith('backend/config.py')), 'env reads in config.py are fine');
});

test("the repository's .preflightignore keeps fixtures out of a scan that does not name them", () => {
  const r = lint(['test', '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const paths = (JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path);
  assert.ok(!paths.some((p) => p.startsWith('test/fixtures/')), paths.join('\n'));
  assert.match(readFileSync(join(REPO, '.preflightignore'), 'utf8'), /^test\/fixtures\/$/m);
});

// `preflight lint` as a process (out/cli.js and bin/preflight.js): exit codes, text/JSON/SARIF, --output.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { fakeGithubToken, GIT_ENV, tempRepo, type TempRepo, CLI } from '../helpers/gitRepo';

const DEBUG_APP = 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n';
const repos: TempRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

function project(files: Record<string, string>, init = true): TempRepo {
  const repo = tempRepo({ init });
  repos.push(repo);
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  return repo;
}

test('a clean project exits 0 and says so', () => {
  const p = project({
    'app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
    'web/index.js': 'console.log("hi");\n',
  });
  const r = p.cli(['lint']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^No problems found \(2 files checked\)\.$/m);
  assert.equal(r.stderr, '');
});

test('findings print as path:line:col  severity  rule-id  message, grouped by file, with a summary; exit 1', () => {
  const p = project({ 'b/app.py': DEBUG_APP, 'a/settings.py': 'DEBUG = True\nX = 1\n', 'clean.py': 'x = 1\n' });
  const r = p.cli(['lint', '.']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^a\/settings\.py:1:9 {2}warning {2}debug-mode {2}Django DEBUG is hard-coded/);
  assert.equal(lines[1], '', 'a blank line separates files');
  assert.match(lines[2], /^b\/app\.py:3:21 {2}warning {2}debug-mode {2}FastAPI\(debug=\.\.\.\)/);
  assert.equal(lines.at(-1), '2 problems (0 errors, 2 warnings, 0 info) in 2 files (3 files checked).');
});

test('--fail-on decides the exit code; --rule changes severities or turns a rule off', () => {
  const p = project({ 'app.py': DEBUG_APP });
  assert.equal(p.cli(['lint', '--fail-on', 'error']).status, 0, 'a warning is below --fail-on error');
  assert.equal(p.cli(['lint', '--fail-on=warning']).status, 1);
  assert.equal(p.cli(['lint', '--fail-on', 'info']).status, 1);
  const raised = p.cli(['lint', '--fail-on', 'error', '--rule', 'debug-mode=error']);
  assert.equal(raised.status, 1);
  assert.match(raised.stdout, /app\.py:3:21 {2}error {2}debug-mode/);
  const info = p.cli(['lint', '--rule=debug-mode=info']);
  assert.equal(info.status, 0, 'info is below the default --fail-on warning');
  assert.match(info.stdout, / info {2}debug-mode /);
  const off = p.cli(['lint', '--rule', 'debug-mode=off']);
  assert.equal(off.status, 0);
  assert.match(off.stdout, /No problems found/);
});

test('usage and runtime errors exit 2 with one line on stderr and nothing on stdout', () => {
  const p = project({ 'app.py': DEBUG_APP });
  const cases: [string[], RegExp][] = [
    [['lint', 'missing-dir'], /no such file or directory: missing-dir/],
    [['lint', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['lint', '--fail-on', 'fatal'], /--fail-on must be one of/],
    [['lint', '--max-file-size', 'big'], /--max-file-size must be a whole number/],
    [['lint', '--rule', 'no-such-rule=off'], /unknown rule "no-such-rule"/],
    [['lint', '--rule', 'debug-mode=loud'], /level must be one of off, error, warning, info/],
    [['lint', '--rule'], /--rule needs a value/],
    [['lint', '--colour'], /unknown option --colour/],
    [['lint', '--output', join('no', 'such', 'dir', 'out.sarif')], /cannot write/],
  ];
  for (const [args, message] of cases) {
    const r = p.cli(args);
    assert.equal(r.status, 2, `${args.join(' ')} -> ${r.status}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('lint --help prints the usage and exits 0', () => {
  const r = project({}).cli(['lint', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /usage: preflight lint \[paths…\]/);
  assert.match(r.stdout, /--fail-on error\|warning\|info/);
});

test('--format json: an array of findings with 1-based positions', () => {
  const p = project({ 'app.py': DEBUG_APP, 'sub/settings.py': 'import os\nDEBUG = True\n' });
  const r = p.cli(['lint', '--format', 'json']);
  assert.equal(r.status, 1);
  const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.deepEqual(
    parsed.map((f) => Object.keys(f).sort()),
    [0, 1].map(() => ['column', 'endColumn', 'endLine', 'line', 'message', 'path', 'ruleId', 'severity']),
  );
  assert.deepEqual(
    parsed.map(({ path, line, column, endLine, endColumn, ruleId, severity }) => ({
      path,
      line,
      column,
      endLine,
      endColumn,
      ruleId,
      severity,
    })),
    [
      { path: 'app.py', line: 3, column: 21, endLine: 3, endColumn: 25, ruleId: 'debug-mode', severity: 'warning' },
      {
        path: 'sub/settings.py',
        line: 2,
        column: 9,
        endLine: 2,
        endColumn: 13,
        ruleId: 'debug-mode',
        severity: 'warning',
      },
    ],
  );
  const clean = project({ 'ok.py': 'x = 1\n' }).cli(['lint', '--format', 'json']);
  assert.equal(clean.status, 0);
  assert.deepEqual(JSON.parse(clean.stdout), []);
});

test('--format sarif: a SARIF 2.1.0 log whose rules and results agree', () => {
  const p = project({ 'src/app.py': DEBUG_APP, 'dir with space/settings.py': 'DEBUG = True\n' });
  const r = p.cli(['lint', '--format', 'sarif'], { cwd: join(p.dir, 'src') });
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'Preflight');
  assert.equal(driver.version, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  // The tool's home page is the package's repository; with none declared (no public one yet) SARIF names none,
  // never a placeholder.
  const repository = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).repository;
  if (repository) assert.match(driver.informationUri, /^https:\/\/(?!example\.)/);
  else assert.equal('informationUri' in driver, false);
  const ids = driver.rules.map((d: { id: string }) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const d of driver.rules) {
    assert.ok(d.shortDescription.text && d.fullDescription.text && d.help.text, `${d.id} has descriptions and help`);
    assert.ok(['error', 'warning', 'note'].includes(d.defaultConfiguration.level), d.id);
  }
  const debugRule = driver.rules[ids.indexOf('debug-mode')];
  assert.match(debugRule.help.markdown, /^# debug-mode/, 'help comes from docs/rules/debug-mode.md');
  assert.equal(debugRule.defaultConfiguration.level, 'warning');
  // Only src/ was scanned (the cwd), but URIs stay relative to the repository root.
  assert.equal(run.results.length, 1);
  const result = run.results[0];
  assert.equal(result.ruleId, 'debug-mode');
  assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
  assert.equal(result.level, 'warning');
  const loc = result.locations[0].physicalLocation;
  assert.deepEqual(loc.artifactLocation, { uri: 'src/app.py', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(loc.region, { startLine: 3, startColumn: 21, endLine: 3, endColumn: 25 });
  assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/);
  assert.match(Object.values(result.partialFingerprints)[0] as string, /^[0-9a-f]{32}$/);

  const all = p.cli(['lint', '--format', 'sarif']);
  const uris = JSON.parse(all.stdout).runs[0].results.map(
    (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0].physicalLocation.artifactLocation.uri,
  );
  assert.deepEqual(uris, ['dir%20with%20space/settings.py', 'src/app.py'], 'URIs are percent-encoded and sorted');
});

test('SARIF fingerprints survive unrelated edits above the finding', () => {
  const p = project({ 'app.py': DEBUG_APP });
  const fp = () => JSON.parse(p.cli(['lint', '--format', 'sarif']).stdout).runs[0].results[0].partialFingerprints;
  const before = fp();
  p.write('app.py', `# a new comment\nimport os\n${DEBUG_APP}`);
  assert.deepEqual(fp(), before);
});

test('--output writes the report to the file atomically and leaves no temp file', () => {
  const p = project({ 'app.py': DEBUG_APP });
  writeFileSync(join(p.dir, 'report.sarif'), 'old content');
  const r = p.cli(['lint', 'app.py', '--format', 'sarif', '--output', 'report.sarif']);
  assert.equal(r.status, 1, 'the exit code still reflects the findings');
  assert.equal(r.stdout, '');
  const log = JSON.parse(readFileSync(join(p.dir, 'report.sarif'), 'utf8'));
  assert.equal(log.runs[0].results.length, 1);
  assert.deepEqual(
    readdirSync(p.dir).filter((f) => f.includes('report')),
    ['report.sarif'],
  );
});

test('bin/preflight.js lint runs the lint bundle: the same reports as cli.js, on worker threads too', () => {
  // Enough files for a worker thread (forced below), which loads the lint bundle itself.
  const files: Record<string, string> = { 'app.py': DEBUG_APP };
  for (let i = 0; i < 60; i++) files[`pkg/m${i}.py`] = i % 20 ? `x = ${i}\n` : 'DEBUG = True\n';
  const p = project(files);
  for (const format of ['json', 'sarif', 'text']) {
    const viaBin = spawnSync(process.execPath, [join(REPO, 'bin', 'preflight.js'), 'lint', '--format', format], {
      cwd: p.dir,
      env: { ...GIT_ENV, PREFLIGHT_THREADS: '2' },
      encoding: 'utf8',
    });
    const viaCli = p.cli(['lint', '--format', format]);
    assert.equal(viaBin.status, 1, viaBin.stderr);
    assert.equal(viaBin.stdout, viaCli.stdout, `${format} output differs between out/lint.js and out/cli.js`);
  }
  // The point of the bundle: neither the language server nor the MCP server loads for a lint.
  const bundle = readFileSync(join(REPO, 'out', 'lint.js'), 'utf8');
  for (const absent of ['textDocument/publishDiagnostics', 'preflight_scan_staged'])
    assert.ok(!bundle.includes(absent), `out/lint.js contains "${absent}"`);
  assert.ok(readFileSync(CLI, 'utf8').includes('preflight_scan_staged'), 'cli.js still serves MCP');
  // Bundles are pure ASCII: V8 then keeps their source one byte per character, and reads it faster.
  for (const name of ['cli.js', 'lint.js', 'scan.js'])
    assert.ok(!/[^\x00-\x7f]/.test(readFileSync(join(REPO, 'out', name), 'utf8')), `out/${name} is not ASCII`);
});

/** `lint --format json --verbose` over the project on this many threads. */
function lintOnThreads(p: TempRepo, threads: number): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--verbose'], {
    cwd: p.dir,
    env: { ...GIT_ENV, PREFLIGHT_THREADS: String(threads) },
    encoding: 'utf8',
  });
}

test('more than 50 files use a worker thread and give the same, sorted output as one thread', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++)
    files[`pkg${i % 7}/mod_${String(i).padStart(3, '0')}.py`] = i % 3 ? `def f${i}():\n    return ${i}\n` : DEBUG_APP;
  const p = project(files);
  const one = lintOnThreads(p, 1);
  const two = lintOnThreads(p, 2);
  assert.equal(one.status, 1);
  // --verbose says where the time went: the walk, the rules, the project model's second pass.
  const phases =
    /\(walk \d+ ms, rules \d+ ms, project model and its rules \d+ ms\); files parsed again for their facts \d+, hinted files checked again \d+\n/
      .source;
  assert.match(one.stderr, new RegExp(`checked 120 files in \\d+ ms on 1 thread ${phases}`));
  assert.match(two.stderr, new RegExp(`checked 120 files in \\d+ ms on 2 threads ${phases}`));
  assert.equal(two.stdout, one.stdout);
  const paths = (JSON.parse(two.stdout) as { path: string }[]).map((f) => f.path);
  assert.equal(paths.length, 40);
  assert.deepEqual(paths, [...paths].sort());
});

test("the project model takes most facts from the rules' own parse: files that may define endpoints go first", () => {
  // 60 library modules, larger than the route file and before it in the walk, one of them calling OpenAI;
  // the route file (web/) reaches it. Checked in walk or size order, every library module would be checked
  // before any thread met an endpoint, then parsed a second time for its facts.
  const files: Record<string, string> = {
    'web/app.py':
      'from fastapi import FastAPI\nfrom lib.ai import summarise\n\napp = FastAPI()\n\n\n' +
      '@app.post("/summary")\nasync def summary(text: str):\n    return {"summary": summarise(text)}\n',
    'lib/ai.py':
      'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef summarise(text):\n' +
      '    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])\n',
  };
  for (let i = 0; i < 60; i++)
    files[`lib/util_${String(i).padStart(2, '0')}.py`] = Array.from(
      { length: 40 },
      (_, j) => `def helper_${j}(value):\n    return value * ${j} + ${i}\n\n`,
    ).join('\n');
  const p = project(files);
  const one = lintOnThreads(p, 1);
  const two = lintOnThreads(p, 2);
  const found = (r: typeof one) =>
    (JSON.parse(r.stdout) as { path: string; line: number; ruleId: string; message: string }[])
      .filter((f) => f.ruleId === 'rate-limit-missing')
      .map((f) => `${f.path}:${f.line} ${f.message}`);
  assert.equal(one.status, 1, one.stderr);
  assert.equal(found(one).length, 1);
  assert.match(found(one)[0], /^web\/app\.py:7 .*through summarise \(lib\/ai\.py\)/);
  assert.deepEqual(found(two), found(one));
  // On one thread the order is exact: the route file first, so no module is parsed twice.
  assert.match(one.stderr, /; files parsed again for their facts 0, hinted files checked again 1\n/);
  assert.match(two.stderr, /; files parsed again for their facts \d+, hinted files checked again 1\n/);
});

test('inline suppressions are honoured', () => {
  const p = project({
    'a.py':
      'from flask import Flask\napp = Flask(__name__)\n' +
      'app.run(debug=True)  # preflight-ignore: debug-mode -- local runner\n',
    'b.py': '# preflight-ignore-file\nfrom fastapi import FastAPI\napp = FastAPI(debug=True)\n',
    'c.py':
      'from fastapi import FastAPI\n# preflight-ignore: cors-wildcard -- the wrong rule\napp = FastAPI(debug=True)\n',
  });
  const findings = JSON.parse(p.cli(['lint', '--format', 'json']).stdout) as { path: string }[];
  assert.deepEqual(
    findings.map((f) => f.path),
    ['c.py'],
  );
});

test('no output format ever prints a credential found in a scanned file', () => {
  const token = fakeGithubToken();
  const p = project({
    'app.py': `${DEBUG_APP}GITHUB_TOKEN = "${token}"\n`,
    'config.js': `export const token = "${token}";\n`,
  });
  // tempRepo's cli() asserts that no issued token appears on stdout or stderr.
  for (const format of ['text', 'json', 'sarif']) p.cli(['lint', '--format', format, '--verbose']);
  p.cli(['lint', '--format', 'sarif', '--output', 'out.sarif']);
  assert.ok(existsSync(join(p.dir, 'out.sarif')));
  assert.ok(!readFileSync(join(p.dir, 'out.sarif'), 'utf8').includes(token));
});

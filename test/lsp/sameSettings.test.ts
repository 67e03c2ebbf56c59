// One analysis-options builder for every face: for the same settings the editor (diagnostics), the sidebar
// checklist (over the same language server) and `preflight lint` leave out the same files and consult the
// same baseline with the same path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ChecklistRequest } from '../../server/src/protocol';
import { analysisOptions, isExcluded } from '../../server/src/workspace/analysisOptions';
import { fileUri, startServer } from '../helpers/lspClient';
import { CLI, fakeGithubToken, GIT_ENV, tempRepo } from '../helpers/gitRepo';

const EXCLUDE = ['build/', '*.gen.py', '**/generated/**'];

// Each file holds a hard-coded token; the excluded ones (and the vendored one, skipped by default) must not
// be reported by any face.
const FILES = [
  'app.py',
  'src/keep.py',
  'src/build_info.py',
  'build/out.py',
  'src/api.gen.py',
  'src/generated/models.py',
  'pkg/generated/deep/x.py',
  'vendor/lib.py',
];
const KEPT = ['app.py', 'src/build_info.py', 'src/keep.py'];

test('the exclude matcher uses gitignore syntax: folders, names anywhere, anchored globs', () => {
  assert.equal(isExcluded(EXCLUDE, 'build/out.py'), true);
  assert.equal(isExcluded(EXCLUDE, 'build', true), true);
  assert.equal(isExcluded(EXCLUDE, 'src/build_info.py'), false);
  assert.equal(isExcluded(EXCLUDE, 'a/b/c.gen.py'), true);
  assert.equal(isExcluded(EXCLUDE, 'src/generated/models.py'), true);
  assert.equal(isExcluded(EXCLUDE, 'app.py'), false);
  // Outside the folder only the name can match.
  assert.equal(isExcluded(EXCLUDE, '/elsewhere/x.gen.py'), true);
  assert.equal(isExcluded(EXCLUDE, '../build/x.py'), false);
  assert.equal(isExcluded([], 'build/out.py'), false);
});

test('editor, checklist and CLI exclude the same files for the same settings', async () => {
  const repo = tempRepo();
  const texts = new Map(FILES.map((f) => [f, `TOKEN = "${fakeGithubToken()}"\n`]));
  for (const [path, text] of texts) repo.write(path, text);

  const cli = spawnSync(
    process.execPath,
    [CLI, 'lint', '--format', 'json', ...EXCLUDE.flatMap((e) => ['--exclude', e])],
    { cwd: repo.dir, env: GIT_ENV, encoding: 'utf8' },
  );
  assert.equal(cli.status, 1, cli.stderr);
  const byCli = [...new Set((JSON.parse(cli.stdout) as { path: string }[]).map((f) => f.path))].sort();

  const client = await startServer({ workspaceFolder: repo.dir, settings: () => ({ exclude: EXCLUDE }) });
  try {
    const byEditor: string[] = [];
    for (const [path, text] of texts) {
      const uri = fileUri(join(repo.dir, path));
      await client.open(uri, 'python', text);
      const items = await client.pullItems(uri);
      if (items.some((d) => d.code === 'hardcoded-secret')) byEditor.push(path);
    }
    const [folder] = (await client.conn.sendRequest(ChecklistRequest, {})).folders;
    assert.ok(folder.report, folder.error);
    const item = folder.report.items.find((i) => i.id === 'no-hardcoded-secrets');
    const byChecklist = [...new Set(item?.evidence.flatMap((e) => (e.path ? [e.path] : [])))].sort();

    assert.deepEqual(byCli, KEPT, 'preflight lint --exclude');
    assert.deepEqual(byEditor.sort(), KEPT, 'editor diagnostics with preflight.exclude');
    assert.deepEqual(byChecklist, KEPT, 'checklist evidence with preflight.exclude');
  } finally {
    await client.stop();
  }
});

test("a file's baseline is its repository's, consulted with the repository-relative path", () => {
  const repo = tempRepo();
  repo.write('web/app.py', 'x = 1\n');
  const asked: string[] = [];
  const options = analysisOptions(
    // The folder opened (the analysis base) is a subfolder of the repository.
    { absPath: join(repo.dir, 'web', 'app.py'), base: join(repo.dir, 'web') },
    { rules: { 'debug-mode': 'off' } },
    {
      isGitIgnored: (abs) => abs === join(repo.dir, 'web', '.env'),
      baselineOf: (root) => ({
        isBaselined: (ruleId, path, value) => {
          asked.push(`${root === repo.dir ? '<repo>' : root} ${ruleId} ${path} ${value}`);
          return value === 'accepted';
        },
      }),
    },
  );
  assert.deepEqual(options.severities, { 'debug-mode': 'off' });
  assert.equal(options.isBaselined?.('hardcoded-secret', 'accepted'), true);
  assert.equal(options.isBaselined?.('hardcoded-secret', 'other'), false);
  assert.deepEqual(asked, ['<repo> hardcoded-secret web/app.py accepted', '<repo> hardcoded-secret web/app.py other']);
  // Paths rules pass back are relative to the analysis base.
  assert.equal(options.isGitIgnored?.('.env'), true);
  assert.equal(options.isGitIgnored?.('app.py'), false);
});

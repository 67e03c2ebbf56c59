// `preflight lint` on awkward trees: ignore files, the explicit-path rule, default skips, encodings, broken files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempRepo, type TempRepo } from '../helpers/gitRepo';

const DEBUG_APP = 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n';
const repos: TempRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

function project(files: Record<string, string | Buffer>, init = true): TempRepo {
  const repo = tempRepo({ init });
  repos.push(repo);
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  return repo;
}

function paths(repo: TempRepo, args: string[] = [], cwd?: string): string[] {
  const r = repo.cli(['lint', '--format', 'json', ...args], { cwd });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return [...new Set((JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path))];
}

test('nested .gitignore files, negations and .preflightignore are honoured like git', () => {
  const p = project({
    '.gitignore': 'generated/\n*_local.py\n/top_only.py\n',
    'keep.py': DEBUG_APP,
    'generated/app.py': DEBUG_APP,
    'x_local.py': DEBUG_APP,
    'top_only.py': DEBUG_APP,
    'deep/top_only.py': DEBUG_APP,
    'deep/.gitignore': '!y_local.py\nsecret_stuff.py\n',
    'deep/y_local.py': DEBUG_APP,
    'deep/secret_stuff.py': DEBUG_APP,
    '.preflightignore': '# our own exclusions\nlegacy/\n',
    'legacy/old.py': DEBUG_APP,
  });
  assert.deepEqual(paths(p), ['deep/top_only.py', 'deep/y_local.py', 'keep.py']);
  // git agrees on what is ignored (the .preflightignore entry aside).
  const untracked = p
    .git('ls-files', '--others', '--exclude-standard')
    .trim()
    .split('\n')
    .filter((f) => f.endsWith('.py'));
  assert.deepEqual(untracked.sort(), ['deep/top_only.py', 'deep/y_local.py', 'keep.py', 'legacy/old.py']);
});

test('a path named on the command line is scanned even when ignored; ignore files still prune below it', () => {
  const p = project({
    '.gitignore': 'generated/\n*.log.py\n',
    '.preflightignore': 'fixtures/\n',
    'generated/app.py': DEBUG_APP,
    'generated/debug.log.py': DEBUG_APP,
    'fixtures/demo/app.py': DEBUG_APP,
    'fixtures/demo/.gitignore': 'skipme/\n',
    'fixtures/demo/skipme/app.py': DEBUG_APP,
    'fixtures/demo/node_modules/pkg/app.py': DEBUG_APP,
  });
  assert.deepEqual(paths(p), []);
  assert.deepEqual(paths(p, ['generated']), ['generated/app.py']);
  assert.deepEqual(paths(p, ['generated/debug.log.py']), ['generated/debug.log.py'], 'an ignored file named directly');
  assert.deepEqual(paths(p, ['fixtures/demo']), ['fixtures/demo/app.py']);
  assert.deepEqual(
    paths(p, ['.'], join(p.dir, 'fixtures', 'demo')),
    ['app.py'],
    'from inside the ignored folder, "." is named explicitly',
  );
  assert.deepEqual(paths(p, ['fixtures/demo/node_modules/pkg']), ['fixtures/demo/node_modules/pkg/app.py']);
});

test('dependencies, virtualenvs, vendored, lockfiles, minified, binary, huge files skipped (--verbose lists)', () => {
  const minified = `!function(){${'var a=1;'.repeat(800)}}();\n`;
  const p = project({
    'app.py': DEBUG_APP,
    'node_modules/lib/app.py': DEBUG_APP,
    '.venv/lib/app.py': DEBUG_APP,
    'myenv/pyvenv.cfg': 'home = /usr/bin\n',
    'myenv/lib/app.py': DEBUG_APP,
    'lib/python3.11/site-packages/pkg/app.py': DEBUG_APP,
    'vendor/pkg/app.py': DEBUG_APP,
    'third_party/pkg/app.py': DEBUG_APP,
    '__pycache__/app.py': DEBUG_APP,
    'package-lock.json': '{"lockfileVersion": 3}\n',
    'poetry.lock': '[[package]]\nname = "x"\n',
    'static/app.min.js': 'document.body.innerHTML = location.hash;\n',
    'static/bundle.js': minified,
    'binary.py': Buffer.concat([Buffer.from(DEBUG_APP), Buffer.from([0, 1, 2, 0])]),
    'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'huge.py': `${DEBUG_APP}${'padding = "..........."\n'.repeat((80 * 1024) / 24)}`,
  });
  const r = p.cli(['lint', '--format', 'json', '--verbose', '--max-file-size', '64']);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path),
    ['app.py'],
  );
  const expected: [string, string][] = [
    ['node_modules/', 'installed dependencies'],
    ['.venv/', 'Python virtual environment'],
    ['myenv/', 'Python virtual environment'],
    ['lib/python3.11/site-packages/', 'installed dependencies'],
    ['vendor/', 'vendored third-party code'],
    ['third_party/', 'vendored third-party code'],
    ['__pycache__/', 'version-control or tool cache directory'],
    ['package-lock.json', 'lockfile'],
    ['poetry.lock', 'lockfile'],
    ['static/app.min.js', 'minified file'],
    ['static/bundle.js', 'minified file'],
    ['binary.py', 'binary file'],
    ['logo.png', 'binary file'],
    ['huge.py', 'larger than the size limit, 81 KB'],
  ];
  for (const [path, reason] of expected)
    assert.ok(r.stderr.includes(`preflight: skipped ${path} (${reason})\n`), `${path} (${reason}) in:\n${r.stderr}`);
  const plain = p.cli(['lint', '--max-file-size', '64']);
  assert.match(
    plain.stdout,
    /^1 problem \(0 errors, 1 warning, 0 info\) in 1 file \(1 file checked; 14 skipped, --verbose lists them\)\.$/m,
  );
  // The size limit is configurable: with the default (1 MB) huge.py is scanned.
  assert.ok(paths(p).includes('huge.py'));
});

test('symbolic links are not followed outside the scanned folder', () => {
  const outside = project({ 'app.py': DEBUG_APP }, false);
  const p = project({ 'real/app.py': DEBUG_APP });
  symlinkSync(outside.dir, join(p.dir, 'linked-outside'));
  symlinkSync(join(p.dir, 'real'), join(p.dir, 'linked-inside'));
  symlinkSync(join(p.dir, 'nowhere'), join(p.dir, 'dangling.py'));
  const r = p.cli(['lint', '--format', 'json', '--verbose']);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path),
    ['real/app.py'],
  );
  assert.match(r.stderr, /skipped linked-outside \(symbolic link pointing outside the scanned folder\)/);
  assert.match(r.stderr, /skipped dangling\.py \(broken symbolic link\)/);
});

test('UTF-16 (with BOM), UTF-8 with BOM and invalid UTF-8 files are decoded and scanned', () => {
  const utf16be = Buffer.from(DEBUG_APP, 'utf16le');
  utf16be.swap16();
  const p = project({
    'le.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DEBUG_APP, 'utf16le')]),
    'be.py': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
    'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DEBUG_APP)]),
    'latin1.py': Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9, 0xff, 0xfe, 0x80]),
      Buffer.from(`\n${DEBUG_APP}`),
    ]),
  });
  const r = p.cli(['lint', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const found = (JSON.parse(r.stdout) as { path: string; line: number; column: number }[]).map(
    (f) => `${f.path}:${f.line}:${f.column}`,
  );
  assert.deepEqual(found, ['be.py:3:21', 'bom.py:3:21', 'latin1.py:4:21', 'le.py:3:21']);
});

test('a file with broken syntax does not stop findings elsewhere (nor in its own intact parts)', () => {
  const p = project({
    'broken.py': 'def broken(:\n    return ((\n\nclass\n',
    'broken.js': 'function ( { <<<< ]]] \n',
    'half.py': `${DEBUG_APP}\ndef oops(:\n    pass\n`,
    'ok.py': DEBUG_APP,
    'empty.py': '',
  });
  const r = p.cli(['lint', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path),
    ['half.py', 'ok.py'],
  );
  assert.equal(r.stderr, '');
});

test('a project without git still honours .gitignore-free .preflightignore at the cwd', () => {
  const p = project({ '.preflightignore': 'scratch/\n', 'scratch/app.py': DEBUG_APP, 'src/app.py': DEBUG_APP }, false);
  mkdirSync(join(p.dir, 'empty'));
  assert.deepEqual(paths(p), ['src/app.py']);
  assert.deepEqual(paths(p, ['src']), ['src/app.py'], 'the cwd .preflightignore applies to a named sub-folder');
  assert.deepEqual(paths(p, ['empty']), []);
});

test('control characters in file names never reach the terminal in text output', () => {
  const p = project({ 'evil\u001b[31m.py': DEBUG_APP, 'evil\u001b[32m.png': 'x' });
  const r = p.cli(['lint', '--verbose']);
  assert.equal(r.status, 1);
  assert.ok(!r.stdout.includes('\u001b') && !r.stderr.includes('\u001b'), JSON.stringify(r.stdout + r.stderr));
  assert.match(r.stdout, /^evil\uFFFD\[31m\.py:3:21 {2}warning {2}debug-mode/m);
  assert.match(r.stderr, /skipped evil\uFFFD\[32m\.png \(binary file\)/);
});

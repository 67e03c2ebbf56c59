// Third-party and generated code is skipped by default, with its reason, in the walker, the CLI and the
// editor's check; `includeVendored` / `--include-vendored` take it back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { tempRepo, type TempRepo } from '../helpers/gitRepo';
import { walkFiles, type SkippedPath } from '../../server/src/workspace/walk';
import { readTextFile } from '../../server/src/workspace/readText';
import { generatedOrVendored, vendoredBanner } from '../../server/src/workspace/skips';

const repos: TempRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

// A hard-coded password inside each vendored file: found only when vendored code is checked.
const LEAK = "var smtpPassword = 'Vq8rT2mZx9Lp';\n";
const BANNER = `/*! Widgetry v2.4.1 | MIT License | widgetry.example */\n${LEAK}`;
const LICENSED = `/**\n * @license Gridkit 1.9.0\n * Copyright Example Authors\n */\n${LEAK}`;
const OWN_HEADER = `// Copyright 2024 Acme Ltd. All rights reserved.\n${LEAK}`;

function project(): TempRepo {
  const repo = tempRepo({ init: false });
  repos.push(repo);
  repo.write('app/main.js', LEAK);
  repo.write('app/own.js', OWN_HEADER);
  repo.write('static/js/lib/gridkit.js', LEAK);
  repo.write('static/js/widgetry.js', BANNER);
  repo.write('static/js/grid.js', LICENSED);
  repo.write('static/js/charts-3.9.1.js', LEAK);
  repo.write('dist/app.js', LEAK);
  return repo;
}

test('a licence banner, an @license tag or a versioned header marks a library; an own copyright line does not', () => {
  assert.equal(vendoredBanner(BANNER), 'licence banner "Widgetry v2.4.1 | MIT License | widgetry.example"');
  assert.match(vendoredBanner(LICENSED) ?? '', /^@license comment/);
  assert.match(
    vendoredBanner('/*\n * Tablekit 1.10.3\n * (c) 2020 Someone, released under the MIT licence\n */\n') ?? '',
    /^licence header/,
  );
  assert.equal(vendoredBanner(OWN_HEADER), undefined);
  assert.equal(vendoredBanner(LEAK), undefined);
});

test('the editor check names the reason: library folder under static/, build output, versioned file, banner', () => {
  assert.deepEqual(generatedOrVendored('static/js/lib/gridkit.js', LEAK), {
    reason: 'vendored',
    detail: 'in static/js/lib/',
  });
  assert.deepEqual(generatedOrVendored('web/dist/app.js', LEAK), { reason: 'build-output', detail: 'in web/dist/' });
  assert.deepEqual(generatedOrVendored('static/js/charts-3.9.1.js', LEAK), { reason: 'vendored' });
  assert.equal(generatedOrVendored('static/js/widgetry.js', BANNER)?.reason, 'vendored');
  assert.equal(generatedOrVendored('src/lib/auth.js', LEAK), undefined, 'lib/ outside an asset folder is the app');
  assert.equal(generatedOrVendored('app/own.js', OWN_HEADER), undefined);
  assert.equal(generatedOrVendored('app/settings.py', BANNER), undefined, 'only script and style files are sniffed');
});

test('the walker skips vendored, versioned and build-output files with reasons; includeVendored keeps them', () => {
  const repo = project();
  const skipped: SkippedPath[] = [];
  const files = [...walkFiles(['.'], { cwd: repo.dir, onSkip: (s) => skipped.push(s) })].map((f) => f.relPath).sort();
  assert.deepEqual(files, ['app/main.js', 'app/own.js', 'static/js/grid.js', 'static/js/widgetry.js']);
  const reasons = skipped.map((s) => `${s.absPath.slice(repo.dir.length + 1)} ${s.reason}`).sort();
  assert.deepEqual(reasons, ['dist build-output', 'static/js/charts-3.9.1.js vendored', 'static/js/lib vendored']);
  const all = [...walkFiles(['.'], { cwd: repo.dir, includeVendored: true })].map((f) => f.relPath);
  assert.equal(all.length, 7);
  // Banner files are read and refused with the banner as the detail.
  const read = readTextFile(`${repo.dir}/static/js/widgetry.js`);
  assert.deepEqual(read, {
    ok: false,
    reason: 'vendored',
    detail: 'licence banner "Widgetry v2.4.1 | MIT License | widgetry.example"',
  });
  assert.equal(readTextFile(`${repo.dir}/static/js/widgetry.js`, { skipVendored: false }).ok, true);
});

test('preflight lint skips vendored code, says why with --verbose, and checks it with --include-vendored', () => {
  const repo = project();
  const plain = repo.cli(['lint', '--format', 'json']);
  const paths = (JSON.parse(plain.stdout) as { path: string }[]).map((f) => f.path.replace(/^.*?(?=app\/)/, '')).sort();
  assert.deepEqual(paths, ['app/main.js', 'app/own.js']);
  const verbose = repo.cli(['lint', '--verbose']);
  assert.match(
    verbose.stderr,
    /static\/js\/widgetry\.js.*vendored third-party code.*licence banner "Widgetry v2\.4\.1/,
  );
  assert.match(verbose.stderr, /dist.*build output/);
  assert.match(verbose.stderr, /static\/js\/lib.*vendored third-party code/);
  const all = repo.cli(['lint', '--format', 'json', '--include-vendored']);
  assert.equal((JSON.parse(all.stdout) as unknown[]).length, 7);
});

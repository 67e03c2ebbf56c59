// `npm run package` (vsce, offline) produces a .vsix with the bundles, grammars, docs, media, checklist and no
// node_modules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { REPO } from '../helpers/core';

it('packages a self-contained .vsix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-vsix-'));
  try {
    // --no-build: npm test has just built out/; rebuilding here would race with tests using out/.
    execFileSync(process.execPath, [join(REPO, 'scripts', 'package.mjs'), '--no-build', '--out', dir], {
      cwd: REPO,
      stdio: 'pipe',
    });
    const vsix = readdirSync(dir).find((f) => /^preflight-.+\.vsix$/.test(f));
    assert.ok(vsix, 'preflight-<version>.vsix written');
    const listing = execFileSync('unzip', ['-Z1', join(dir, vsix)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const f of [
      'extension/package.json',
      'extension/out/extension.js',
      'extension/out/cli.js',
      'extension/out/cli.js.map',
      'extension/media/preflight.svg',
      'extension/docs/rules/debug-mode.md',
    ]) {
      assert.ok(listing.includes(f), `${f} in the vsix`);
    }
    // One engine bundle: the language server is `cli.js lsp`, never a second copy of the engine.
    assert.deepEqual(listing.filter((f) => /^extension\/out\/[^/]+\.js$/.test(f)).sort(), [
      'extension/out/cli.js',
      'extension/out/extension.js',
    ]);
    for (const g of [
      'tree-sitter',
      'tree-sitter-python',
      'tree-sitter-javascript',
      'tree-sitter-typescript',
      'tree-sitter-tsx',
    ]) {
      assert.ok(listing.includes(`extension/out/wasm/${g}.wasm`), `${g}.wasm in the vsix`);
    }
    const items = existsSync(join(REPO, 'checklist'))
      ? readdirSync(join(REPO, 'checklist')).filter((f) => f.endsWith('.md'))
      : [];
    for (const item of items)
      assert.ok(listing.includes(`extension/checklist/${item}`), `checklist/${item} in the vsix`);
    assert.deepEqual(
      listing.filter((f) => f.includes('node_modules/')),
      [],
      'no node_modules',
    );
    assert.deepEqual(
      listing.filter((f) => /^extension\/(server|client|test|scripts)\//.test(f) || f.endsWith('.ts')),
      [],
      'no sources or tests',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// `npm run package`: builds (minified) and packs the extension into preflight-<version>.vsix, offline.
// Options: --out <file or dir> (default: repository root), --no-build (pack the existing out/).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let out = outIdx >= 0 ? resolve(args[outIdx + 1] ?? '') : join(root, `preflight-${version}.vsix`);
if (outIdx >= 0 && !out.endsWith('.vsix')) out = join(out, `preflight-${version}.vsix`);

const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!args.includes('--no-build') && run(process.execPath, ['scripts/build.mjs', '--minify']) !== 0) process.exit(1);
for (const f of ['out/extension.js', 'out/cli.js', 'LICENSE']) {
  if (!existsSync(join(root, f))) {
    console.error(`package: ${f} is missing (run npm run build)`);
    process.exit(2);
  }
}
// --no-dependencies: esbuild bundled everything, so no node_modules go in (and npm is not consulted).
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// Preflight has no public repository yet, so package.json names none (a placeholder URL would send Marketplace
// visitors and SARIF viewers nowhere): vsce must allow that, and keep README.md's relative links pointing into the
// packaged docs/ folder instead of rewriting them to a repository.
const status = run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--out',
  out,
]);
if (status !== 0) process.exit(status);
console.log(`packaged ${out}`);

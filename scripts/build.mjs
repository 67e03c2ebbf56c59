// Builds everything the extension, the CLI and the tests need: bundles, wasm grammars, test bundles.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Linked maps without the sources (small): a stack trace then names server/src/…/*.ts once source maps are
  // enabled (bin/preflight.js and the extension's server launch do that).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  minify: process.argv.includes('--minify'),
};

// Grammars the server loads at start-up; only these are shipped to keep the extension small.
const GRAMMARS = [
  'tree-sitter.wasm',
  'tree-sitter-python.wasm',
  'tree-sitter-javascript.wasm',
  'tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm',
];

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return listTests(full);
    return /\.(test|bench)\.ts$/.test(name) ? [full] : [];
  });
}

/** Deletes bundles whose test source is gone, so a removed test never runs from a stale bundle. */
function removeStaleTestBundles(dir, wanted) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) removeStaleTestBundles(full, wanted);
    else if (/\.(test|bench)\.js$/.test(name) && !wanted.has(relative(root, full))) rmSync(full);
  }
}

async function main() {
  // No wiping of out/ or build/: several builds may run at once while developing.
  mkdirSync(join(out, 'wasm'), { recursive: true });
  // The language server used to be a bundle of its own; the CLI bundle serves it now (`cli.js lsp`).
  for (const stale of ['server.js', 'server.js.map']) rmSync(join(out, stale), { force: true });
  const wasmSrc = join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  for (const g of GRAMMARS) cpSync(join(wasmSrc, g), join(out, 'wasm', g));
  // The checklist webview's icon font (the .vsix ships no node_modules).
  mkdirSync(join(out, 'media'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf'])
    cpSync(join(root, 'node_modules', '@vscode', 'codicons', 'dist', f), join(out, 'media', f));
  const bundles = [
    { entry: 'client/src/extension.ts', outfile: 'extension.js', external: ['vscode'] },
    // One engine bundle: the CLI, whose `lsp` command is the language server the extension starts.
    { entry: 'server/src/cli.ts', outfile: 'cli.js' },
    // `preflight scan` alone (bin/preflight.js): the secret rule without the rule registry, for a fast start.
    { entry: 'server/src/scan.ts', outfile: 'scan.js' },
    // `preflight lint` alone (bin/preflight.js): rules, parsers and project model, without the servers.
    { entry: 'server/src/lint.ts', outfile: 'lint.js' },
    { entry: 'media/src/checklist.ts', outfile: 'media/checklist.js', platform: 'browser', format: 'iife' },
  ];
  // media/src appears with the checklist view; every other entry is required.
  await Promise.all(
    bundles
      .filter((b) => existsSync(join(root, b.entry)))
      .map(({ entry, outfile, ...rest }) =>
        build({
          ...common,
          // Without comments a bundle is smaller and pure ASCII: one non-ASCII character in a comment made V8
          // read the 3.5 MB cli.js as a two-byte string, ~20 ms more start-up per process and worker thread.
          minifyWhitespace: true,
          ...rest,
          entryPoints: [join(root, entry)],
          outfile: join(out, outfile),
        }),
      ),
  );
  // Tests: one bundle per test file, so each runs alone under node:test.
  const tests = listTests(join(root, 'test'));
  removeStaleTestBundles(
    join(root, 'build', 'test'),
    new Set(tests.map((t) => t.slice(root.length + 1).replace(/\.ts$/, '.js'))),
  );
  if (tests.length) {
    await build({
      ...common,
      entryPoints: tests,
      outdir: join(root, 'build'),
      outbase: root,
      external: ['vscode', 'playwright-core', '@vscode/tree-sitter-wasm'],
    });
  }
  console.log(`built out/ (${GRAMMARS.length} grammars) and ${tests.length} test bundles`);
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});

// The layers of ARCHITECTURE.md, held by a test: every relative import in server/src goes to its own folder or
// to a folder the table allows, so the engine never reaches up into evidence or adapters, and the client and
// webview see the server only through server/src/protocol.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO } from '../helpers/core';

const ROOT = REPO;
const SERVER = join(ROOT, 'server', 'src');

/** Folder → the folders its files may import (besides itself); `*` for adapters, which sit on top. */
const ALLOWED: Record<string, readonly string[] | '*'> = {
  core: ['parse'],
  parse: ['core'],
  syntax: ['core'],
  workspace: ['core', 'syntax'],
  secrets: ['core', 'syntax', 'workspace'],
  git: ['core', 'secrets', 'workspace'],
  model: ['core', 'parse', 'syntax', 'workspace'],
  rules: ['core', 'parse', 'secrets', 'syntax'],
  checklist: ['core', 'parse', 'syntax', 'workspace', 'secrets', 'git', 'model', 'rules'],
  protocol: ['core', 'checklist'], // type-only: the wire types are the core's and the checklist report's
  lsp: '*',
  cli: '*', // the folder and the entry file cli.ts
  mcp: '*',
  scan: '*', // scan.ts: the entry of the secrets-only bundle
  lint: '*', // lint.ts: the entry of the lint bundle
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+'(\.[^']*)'|\bimport\(\s*'(\.[^']*)'\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** The layer of a path under server/src: its first folder, or the file's name (no extension) at the top. */
function layerOf(path: string): string {
  return relative(SERVER, path).split(sep)[0].replace(/\.ts$/, '');
}

test('server/src imports point down the layers of ARCHITECTURE.md', () => {
  const wrong: string[] = [];
  for (const file of tsFiles(SERVER)) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    assert.ok(allowed, `${relative(ROOT, file)}: folder "${from}" is missing from the layer table`);
    for (const spec of relativeImports(file)) {
      const to = layerOf(resolve(dirname(file), spec));
      if (to === from || allowed === '*' || allowed.includes(to)) continue;
      wrong.push(`${relative(ROOT, file)} imports ${spec} (${from} → ${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the client and the webview import from the server only its protocol module', () => {
  const wrong: string[] = [];
  for (const dir of ['client/src', 'media/src']) {
    for (const file of tsFiles(join(ROOT, dir))) {
      for (const spec of relativeImports(file)) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SERVER + sep)) continue;
        if (relative(SERVER, target) !== 'protocol') wrong.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

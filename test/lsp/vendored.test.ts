// Library copies opened in the editor: a vendored file (by folder or licence banner) gets no findings and the
// output channel says why and how to opt back in; the same code as the user's own file, or with
// preflight.includeVendored, is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileUri, startServer } from '../helpers/lspClient';

/** A sink every reviewer would flag in the user's own code. */
const SINK = 'export function show(el, html) {\n  el.innerHTML = html;\n}\n';
const BANNER = '/*! Widgetkit v2.4.1 | (c) Widget Authors | MIT License */\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-vendored-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('vendored files opened in the editor get no findings, with the reason in the output channel', async () => {
  const files = { 'static/vendor/widget.js': SINK, 'assets/widgetkit.js': BANNER + SINK, 'src/show.js': SINK };
  const dir = workspace(files);
  const client = await startServer({ workspaceFolder: dir });
  try {
    const found: Record<string, string[]> = {};
    for (const path of Object.keys(files)) {
      const uri = fileUri(join(dir, path));
      await client.open(uri, 'javascript', files[path as keyof typeof files]);
      found[path] = (await client.pullItems(uri)).map((d) => String(d.code));
    }
    assert.deepEqual(found, {
      'static/vendor/widget.js': [],
      'assets/widgetkit.js': [],
      'src/show.js': ['xss-sink'],
    });
    const byFolder = await client.nextLog(/Preflight skips static\/vendor\/widget\.js/);
    assert.match(byFolder, /Set preflight\.includeVendored to check it\./);
    const byBanner = await client.nextLog(/Preflight skips assets\/widgetkit\.js/);
    assert.match(byBanner, /Widgetkit v2\.4\.1/);
    assert.ok(!client.logs.some((l) => /Preflight skips src\/show\.js/.test(l)), client.logs.join('\n'));
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with preflight.includeVendored the same vendored file is checked', async () => {
  const files = { 'static/vendor/widget.js': SINK };
  const dir = workspace(files);
  const client = await startServer({ workspaceFolder: dir, settings: () => ({ includeVendored: true }) });
  try {
    const uri = fileUri(join(dir, 'static/vendor/widget.js'));
    await client.open(uri, 'javascript', SINK);
    assert.deepEqual(
      (await client.pullItems(uri)).map((d) => d.code),
      ['xss-sink'],
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A second editor: headless Neovim (Debian neovim, 0.7) runs the standalone server (`preflight lsp --stdio`) as
// its LSP client and must receive the pushed diagnostics and a quick fix for them (see neovim/client.lua).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProvision } from '../../scripts/lib/vscodeWeb.mjs';
import { REPO } from './harness';

interface NvimResult {
  error?: string;
  diagnostics?: { code?: string | number; source?: string; message: string; range: { start: { line: number } } }[];
  actions?: { title: string; kind?: string; isPreferred?: boolean }[];
}

const APP = [
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  '',
  'if __name__ == "__main__":',
  '    app.run(debug=True)',
  '',
].join('\n');

function runNvim(
  nvim: string,
  serverCmd: string[],
  file: string,
  out: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      nvim,
      ['--headless', '--clean', '-n', '-c', `luafile ${join(REPO, 'test', 'e2e', 'neovim', 'client.lua')}`],
      {
        env: {
          ...process.env,
          PREFLIGHT_CMD: JSON.stringify(serverCmd),
          PREFLIGHT_FILE: file,
          PREFLIGHT_OUT: out,
          XDG_STATE_HOME: join(file, '..', 'state'),
          XDG_DATA_HOME: join(file, '..', 'data'),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // The Lua script has its own 30 s + 10 s limits; this only guards against Neovim itself hanging.
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

for (const [name, serverCmd] of [
  ['node out/cli.js lsp --stdio', [process.execPath, join(REPO, 'out', 'cli.js'), 'lsp', '--stdio']],
  ['bin/preflight.js lsp --stdio', [process.execPath, join(REPO, 'bin', 'preflight.js'), 'lsp', '--stdio']],
] as const) {
  test(`headless Neovim gets debug-mode and its quick fix from \`${name}\``, async () => {
    const { nvim } = readProvision(REPO);
    const dir = mkdtempSync(join(tmpdir(), 'preflight-nvim-'));
    try {
      const file = join(dir, 'app.py');
      const out = join(dir, 'result.json');
      writeFileSync(file, APP);
      const { code, stderr } = await runNvim(nvim, [...serverCmd], file, out);
      assert.ok(existsSync(out), `Neovim wrote no result (exit ${code}): ${stderr}`);
      const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
      assert.equal(result.error, undefined, `${result.error}; stderr: ${stderr}`);
      assert.equal(code, 0, stderr);
      const diag = result.diagnostics?.find((d) => d.code === 'debug-mode');
      assert.ok(diag, `no debug-mode diagnostic: ${JSON.stringify(result.diagnostics)}`);
      assert.equal(diag.range.start.line, 5);
      assert.equal(diag.source, 'preflight');
      const titles = (result.actions ?? []).map((a) => a.title);
      assert.ok(
        titles.includes('Read debug from the DEBUG environment variable (off by default)'),
        `actions: ${JSON.stringify(titles)}`,
      );
      assert.ok(titles.includes('Ignore debug-mode on this line'), `actions: ${JSON.stringify(titles)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// Source maps: a rule that throws is logged (`describeError`, as the language server logs rule errors) with its
// TypeScript file and line, not a position in a bundle. The check runs this very bundle (built by the same
// esbuild settings as the shipped ones) in a child process with source maps on, as the extension starts the
// server (`--enable-source-maps`) and bin/preflight.js starts `preflight lsp` and `mcp`
// (`process.setSourceMapsEnabled`; `lint` and `scan` print no stacks, so they skip reading the map).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import type { Rule } from '../../server/src/core/types';
import { describeError } from '../../server/src/lsp/log';
import { REPO, testRuleMeta } from '../helpers/core';

const CHILD = 'PREFLIGHT_SOURCE_MAP_CHILD';

const throwing: Rule = {
  meta: testRuleMeta('always-throws', { defaultSeverity: 'error' }),
  text() {
    throw new Error('boom in a rule');
  },
};

function ruleErrorLine(): string {
  const result = analyze([throwing], { path: 'notes.txt', languageId: 'plaintext', text: 'x\n' });
  return describeError(result.ruleErrors[0]?.error);
}

function runChild(execArgv: string[]): string {
  const r = spawnSync(process.execPath, [...execArgv, __filename], {
    env: { ...process.env, [CHILD]: '1' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

if (process.env[CHILD]) process.stdout.write(ruleErrorLine());
else {
  test('with source maps on, a rule error names the .ts file and line that threw', () => {
    assert.match(
      runChild(['--enable-source-maps']),
      /^Error: boom in a rule \(at .*test\/unit\/sourceMaps\.test\.ts:\d+:\d+\)\)$/,
    );
    // Off, the same error points into the bundle: the flag is what makes the difference.
    assert.match(runChild([]), /^Error: boom in a rule \(at .*build\/test\/unit\/sourceMaps\.test\.js:\d+:\d+\)\)$/);
  });

  test('the shipped engine bundle links its map, and both server launch paths turn source maps on', () => {
    const cli = readFileSync(join(REPO, 'out', 'cli.js'), 'utf8');
    assert.match(cli.slice(-100), /\/\/# sourceMappingURL=cli\.js\.map\s*$/);
    const map = JSON.parse(readFileSync(join(REPO, 'out', 'cli.js.map'), 'utf8')) as { sources: string[] };
    for (const source of ['server/src/core/analyze.ts', 'server/src/rules/debug-mode.ts', 'server/src/lsp/server.ts'])
      assert.ok(
        map.sources.some((s) => s.endsWith(source)),
        `${source} in cli.js.map`,
      );
    assert.match(
      readFileSync(join(REPO, 'bin', 'preflight.js'), 'utf8'),
      /if \(\['lsp', 'mcp'\]\.includes\(process\.argv\[2\]\)\) process\.setSourceMapsEnabled\(true\);\s*const bundles = \{ scan: '\.\.\/out\/scan\.js', lint: '\.\.\/out\/lint\.js' \};\s*require\(Object\.hasOwn\(bundles, process\.argv\[2\]\) \? bundles\[process\.argv\[2\]\] : '\.\.\/out\/cli\.js'\)/,
    );
    assert.match(
      readFileSync(join(REPO, 'client', 'src', 'languageClient.ts'), 'utf8'),
      /execArgv = \['--enable-source-maps'\]/,
    );
  });
}

// .preflight/checklist.json: round trips, atomic writes, and corrupt files kept as backups, never lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeDecision, loadState, statePath } from '../../server/src/checklist/state';

function withDir(fn: (dir: string) => void): () => void {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-state-'));
    try {
      fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'missing file: empty state, nothing written',
  withDir((dir) => {
    const loaded = loadState(dir);
    assert.deepEqual(loaded.state, { version: 1, items: {} });
    assert.equal(loaded.problem, undefined);
    assert.equal(existsSync(join(dir, '.preflight')), false);
  }),
);

test(
  'tick, waive and untick round-trip through the file with who, when and why',
  withDir((dir) => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    changeDecision(dir, 'history-clean', { action: 'waive', reason: 'rotated on 2 Jan' }, 'Ada', at);
    changeDecision(dir, 'logs-clean', { action: 'tick' }, 'Ada', at);
    const onDisk = JSON.parse(readFileSync(statePath(dir), 'utf8'));
    assert.deepEqual(onDisk, {
      version: 1,
      items: {
        'history-clean': { status: 'waived', by: 'Ada', at: '2026-01-02T03:04:05.000Z', reason: 'rotated on 2 Jan' },
        'logs-clean': { status: 'ticked', by: 'Ada', at: '2026-01-02T03:04:05.000Z' },
      },
    });
    changeDecision(dir, 'logs-clean', { action: 'untick' }, 'Ada', at);
    assert.deepEqual(Object.keys(loadState(dir).state.items), ['history-clean']);
    assert.deepEqual(readdirSync(join(dir, '.preflight')).sort(), ['checklist.json'], 'no temp files left behind');
  }),
);

test(
  'a waiver without a reason is refused',
  withDir((dir) => {
    assert.throws(() => changeDecision(dir, 'x', { action: 'waive', reason: '  ' }, 'Ada'), /needs a reason/);
    assert.equal(existsSync(statePath(dir)), false);
  }),
);

test(
  'a corrupt file gives a clear message and a backup, and is not overwritten by reading',
  withDir((dir) => {
    mkdirSync(join(dir, '.preflight'));
    const broken = '{"version": 1, "items": {"a": {"status": "ticked", "by": "x", "at": "y"}'; // truncated
    writeFileSync(statePath(dir), broken);
    const first = loadState(dir, new Date('2026-01-01T00:00:00Z'));
    assert.match(first.problem?.message ?? '', /checklist\.json cannot be used: it is not valid JSON/);
    assert.ok(first.problem?.backup && existsSync(first.problem.backup));
    assert.equal(readFileSync(first.problem.backup, 'utf8'), broken);
    assert.equal(readFileSync(statePath(dir), 'utf8'), broken, 'reading never rewrites the file');
    // Reading again does not pile up backups of the same content.
    loadState(dir, new Date('2026-01-01T00:00:05Z'));
    assert.equal(readdirSync(join(dir, '.preflight')).filter((n) => n.includes('.corrupt-')).length, 1);
    // The next decision writes a fresh file; the backup keeps the old bytes.
    changeDecision(dir, 'b', { action: 'tick' }, 'Ada');
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(statePath(dir), 'utf8')).items), ['b']);
    assert.equal(readFileSync(first.problem.backup, 'utf8'), broken);
  }),
);

test(
  'valid JSON with the wrong shape is treated as corrupt too',
  withDir((dir) => {
    mkdirSync(join(dir, '.preflight'));
    for (const bad of [
      '[]',
      '{"version": 2, "items": {}}',
      '{"version": 1, "items": {"a": {"status": "done", "by": "x", "at": "y"}}}',
      '{"version": 1, "items": {"a": {"status": "waived", "by": "x", "at": "y"}}}',
    ]) {
      writeFileSync(statePath(dir), bad);
      const loaded = loadState(dir);
      assert.ok(loaded.problem, bad);
      assert.deepEqual(loaded.state.items, {});
    }
  }),
);

// The servers' heap bound (lsp/heap.ts): a collection once the heap grew past the headroom, none before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { HeapBound } from '../../server/src/lsp/heap';

const MB = 1024 * 1024;

/** Leaves about `mb` MB of garbage on the heap (arrays kept until this returns). */
function garbage(mb: number): number {
  const kept: number[][] = [];
  for (let i = 0; i < mb * 16; i++) kept.push(new Array<number>(8192).fill(i));
  return kept.length;
}

test('collects once the heap grew past the headroom, and the heap shrinks', () => {
  const bound = new HeapBound(8 * MB);
  garbage(48);
  const before = getHeapStatistics().used_heap_size;
  bound.check();
  assert.equal(bound.collections, 1);
  assert.ok(getHeapStatistics().used_heap_size < before - 16 * MB, 'the garbage was collected');
  bound.check();
  assert.equal(bound.collections, 1, 'no second collection without new growth');
});

test('does not collect below the headroom', () => {
  const bound = new HeapBound(1024 * MB);
  garbage(16);
  bound.check();
  assert.equal(bound.collections, 0);
  bound.check(8 * MB);
  assert.equal(bound.collections, 1, 'a smaller headroom given to check() applies');
});

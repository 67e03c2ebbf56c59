// Provisional findings while typing (server/src/lsp/provisional.ts): the last analysis's findings carried over
// the edits since, moved with them, and none on an edited line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/types';
import { carryOver, EditLog, type Edit } from '../../server/src/lsp/provisional';

function finding(text: string, needle: string): Finding {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { ruleId: 'r', severity: 'warning', start, end: start + needle.length, messageId: 'm', message: needle };
}

/** Applies edits as the document does and returns the new text. */
function applied(text: string, edits: readonly Edit[], inserted: readonly string[]): string {
  return edits.reduce((t, e, i) => t.slice(0, e.start) + inserted[i] + t.slice(e.end), text);
}

test('findings move with the edits; those on an edited line are left out', () => {
  const before = 'eval(a)\nx = 1\neval(b)\neval(c)\n';
  const found = ['eval(a)', 'eval(b)', 'eval(c)'].map((n) => finding(before, n));
  // Type "y = (" at the start of line 2, then delete "1".
  const first: Edit = { version: 2, start: 8, end: 8, length: 5 };
  const mid = applied(before, [first], ['y = (']);
  const second: Edit = { version: 3, start: mid.indexOf('1'), end: mid.indexOf('1') + 1, length: 0 };
  const after = applied(mid, [second], ['']);
  assert.equal(after, 'eval(a)\ny = (x = \neval(b)\neval(c)\n');
  const carried = carryOver(found, [first, second], after);
  assert.deepEqual(
    carried.map((f) => after.slice(f.start, f.end)),
    ['eval(a)', 'eval(b)', 'eval(c)'],
  );
  // An edit on the line of eval(b): that finding goes, the others stay where their text is.
  const third: Edit = { version: 4, start: after.indexOf('eval(b)') + 7, end: after.indexOf('eval(b)') + 7, length: 1 };
  const last = applied(after, [third], [' ']);
  const again = carryOver(found, [first, second, third], last);
  assert.deepEqual(
    again.map((f) => last.slice(f.start, f.end)),
    ['eval(a)', 'eval(c)'],
  );
});

test('the edit log knows which edits follow an analysed version, and when it cannot', () => {
  const log = new EditLog(1);
  log.add({ version: 2, start: 0, end: 0, length: 1 });
  log.add({ version: 3, start: 1, end: 1, length: 1 });
  assert.equal(log.since(1)?.length, 2);
  log.analysed(2);
  assert.deepEqual(
    log.since(2)?.map((e) => e.version),
    [3],
  );
  assert.equal(log.since(1), undefined, 'edits before the last analysis are forgotten');
  log.reset(4);
  assert.equal(log.since(3), undefined, 'nothing carries over a whole-text change');
  assert.deepEqual(log.since(4), []);
});

// ParsedDocument.getTreeSliced(): the parse cut into slices between which the event loop turns gives the tree a
// parse at once gives; an edit read during a turn drops the parse ('superseded') and the next one is right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParsers, ParsedDocument } from '../../server/src/parse/parser';

const BODY = Array.from(
  { length: 400 },
  (_, i) =>
    `def handler_${i}(request):\n    value = compute(request.args.get("q${i}"), [1, 2, ${i}])\n    return value\n`,
).join('\n');
/** An unclosed bracket in the middle: tree-sitter's error recovery, the case slicing is for. */
const BROKEN = BODY.replace(
  'def handler_200(request):\n',
  'def handler_200(request):\n    broken = call(items, [1, 2\n',
);

test('a sliced parse gives the tree of a parse at once, also in a broken state', async () => {
  await initParsers();
  for (const text of [BODY, BROKEN]) {
    const whole = new ParsedDocument('python', text);
    const sliced = new ParsedDocument('python', text);
    try {
      const tree = await sliced.getTreeSliced(0);
      assert.ok(tree && tree !== 'superseded');
      assert.equal(tree.rootNode.toString(), whole.getTree()?.rootNode.toString());
    } finally {
      whole.dispose();
      sliced.dispose();
    }
  }
});

test('an edit read during a turn drops the parse, and the next parse is of the new text', async () => {
  await initParsers();
  const doc = new ParsedDocument('python', BODY);
  try {
    doc.getTree();
    const at = BODY.indexOf('def handler_200');
    doc.applyEdit(at, at, 'x = call(items, [1, 2\n');
    const pending = doc.getTreeSliced(0);
    setImmediate(() => doc.applyEdit(at, at, '#')); // the user types on while the parse is suspended
    assert.equal(await pending, 'superseded');
    const after = await doc.getTreeSliced(0);
    assert.ok(after && after !== 'superseded');
    const fresh = new ParsedDocument('python', doc.currentText);
    assert.equal(after.rootNode.toString(), fresh.getTree()?.rootNode.toString());
    fresh.dispose();
  } finally {
    doc.dispose();
  }
});

test('a document closed while its parse is suspended ends the parse quietly', async () => {
  await initParsers();
  const doc = new ParsedDocument('python', BROKEN);
  const pending = doc.getTreeSliced(0);
  setImmediate(() => doc.dispose());
  assert.equal(await pending, 'superseded');
});

// ParsedDocument.getTreeSliced(): the parse cut into slices between which the event loop turns gives the tree a
// parse at once gives; an edit read during a turn drops the parse ('superseded') and the next one is right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParsers, parse, ParsedDocument } from '../../server/src/parse/parser';
import { FIXTURES } from '../helpers/core';

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

test('while the user types, the one-go parse of a broken text waits for a pause; an edit drops it', async () => {
  // It blocks the thread as long as the whole parse takes: at a typist's pace it delayed the next keystroke.
  await initParsers();
  const doc = new ParsedDocument('python', BODY);
  try {
    doc.getTree();
    const at = doc.currentText.indexOf('def handler_300');
    doc.applyEdit(at, at, 'x = call(items, [1, 2\n');
    const pending = doc.getTreeSliced(0);
    let nextKey = 0;
    setTimeout(() => {
      doc.applyEdit(at, at, 'y'); // the next key, within the pause (the text stays broken)
      nextKey = performance.now();
    }, 100);
    assert.equal(await pending, 'superseded');
    const tree = await doc.getTreeSliced(0);
    assert.ok(tree && tree !== 'superseded');
    assert.ok(nextKey > 0 && performance.now() - nextKey >= 290, 'the one-go parse came before the user paused');
    const whole = parse('python', doc.currentText);
    assert.equal(tree.rootNode.toString(), whole?.rootNode.toString());
    whole?.delete();
  } finally {
    doc.dispose();
  }
});

test('typed into in slices that halt at every step, a broken file still gets the tree one parse gives', async () => {
  // Real rule fixtures (70 KB of varied Python): resuming a halted parse there can end error recovery in
  // another tree, which the document parses again in one go (EXACT_REPARSE_CHARS).
  await initParsers();
  const dir = join(FIXTURES, 'rules');
  const pieces = readdirSync(dir)
    .sort()
    .flatMap((rule) => {
      const ng = join(dir, rule, 'ng');
      let names: string[] = [];
      try {
        names = readdirSync(ng).filter((n) => n.endsWith('.py'));
      } catch {
        return [];
      }
      return names.sort().map((n) => readFileSync(join(ng, n), 'utf8'));
    });
  let text = pieces.join('\n');
  while (text.length < 70 * 1024) text += `\n${pieces.join('\n')}`;
  const doc = new ParsedDocument('python', text);
  try {
    doc.getTree();
    let compared = 0;
    for (const [share, word] of [
      [0.2, '\nr = call(x, [1'],
      [0.8, '\nv = {"k": [os.system('],
    ] as const) {
      let at = doc.currentText.indexOf('\n', Math.floor(doc.currentText.length * share));
      for (const ch of word) {
        doc.applyEdit(at, at, ch);
        at += ch.length;
        const tree = await doc.getTreeSliced(0);
        assert.ok(tree && tree !== 'superseded');
        const whole = parse('python', doc.currentText);
        assert.equal(tree.rootNode.toString(), whole?.rootNode.toString(), `after typing up to ${JSON.stringify(ch)}`);
        whole?.delete();
        compared++;
      }
    }
    assert.equal(compared, 37);
  } finally {
    doc.dispose();
  }
});

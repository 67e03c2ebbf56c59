// ParsedDocument.releaseTree(): the tree of a document not in use is freed and parsed again on demand, never
// under an analysis that holds it or a sliced parse that reads it; an edit in the meantime cancels the release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParsers, ParsedDocument } from '../../server/src/parse/parser';

const BODY = Array.from(
  { length: 300 },
  (_, i) => `def view_${i}(request):\n    return render(request.args.get("q${i}"), [1, 2, ${i}])\n`,
).join('\n');

/** Runs `body` on a document of `text` (parsers loaded), disposing of it afterwards whatever happens. */
async function withDocument(text: string, body: (doc: ParsedDocument) => void | Promise<void>): Promise<void> {
  await initParsers();
  const doc = new ParsedDocument('python', text);
  try {
    await body(doc);
  } finally {
    doc.dispose();
  }
}

function freshTree(text: string): string | undefined {
  const doc = new ParsedDocument('python', text);
  try {
    return doc.getTree()?.rootNode.toString();
  } finally {
    doc.dispose();
  }
}

test('a released tree is parsed again on demand, also after edits made while it was gone', async () => {
  await withDocument(BODY, (doc) => {
    doc.getTree();
    assert.equal(doc.hasTree, true);
    doc.releaseTree();
    assert.equal(doc.hasTree, false);
    assert.equal(doc.getTree()?.rootNode.toString(), freshTree(BODY));
    doc.releaseTree();
    const at = BODY.indexOf('def view_150');
    doc.applyEdit(at, at, 'broken = call(items, [1, 2\n');
    assert.equal(doc.getTree()?.rootNode.toString(), freshTree(doc.currentText));
  });
});

test('a tree held by an analysis is released only when the analysis lets go', async () => {
  await withDocument(BODY, (doc) => {
    const tree = doc.getTree();
    const letGo = doc.hold();
    doc.releaseTree();
    assert.equal(doc.hasTree, true);
    assert.match(tree?.rootNode.child(0)?.text ?? '', /^def view_0/); // still readable
    letGo();
    letGo(); // twice is harmless
    assert.equal(doc.hasTree, false);
  });
});

test('an edit cancels a release asked for while the tree was held', async () => {
  await withDocument(BODY, (doc) => {
    doc.getTree();
    const letGo = doc.hold();
    doc.releaseTree();
    doc.applyEdit(0, 0, '# in use again\n');
    letGo();
    assert.equal(doc.hasTree, true);
    assert.equal(doc.getTree()?.rootNode.toString(), freshTree(doc.currentText));
  });
});

test('a release asked for during a sliced parse waits for the parse, which still gives the right tree', async () => {
  await withDocument(BODY, async (doc) => {
    const pending = doc.getTreeSliced(0);
    doc.releaseTree();
    const tree = await pending;
    assert.ok(tree && tree !== 'superseded');
    assert.equal(doc.hasTree, false);
    assert.equal(doc.getTree()?.rootNode.toString(), freshTree(BODY));
  });
});

test('a closed document keeps its tree for the analysis still reading it, then frees it', async () => {
  await initParsers();
  const doc = new ParsedDocument('python', BODY);
  const tree = doc.getTree();
  const letGo = doc.hold();
  doc.dispose();
  assert.equal(doc.hasTree, true);
  assert.equal(tree?.rootNode.namedChildCount, 300);
  letGo();
  assert.equal(doc.hasTree, false);
});

test('without a tree, a budgeted re-parse parses fresh, or reports that it did not fit', async () => {
  const big = Array.from({ length: 40 }, () => BODY).join('\n');
  await withDocument(big, (doc) => {
    doc.getTree();
    doc.releaseTree();
    doc.applyEdit(0, 0, 'x = (\n');
    assert.equal(doc.parseWithin(0), false);
    assert.equal(doc.hasTree, false);
    assert.equal(doc.parseWithin(60_000), true);
    assert.equal(doc.getTree()?.rootNode.toString(), freshTree(doc.currentText));
  });
});

// Hostile input: a Python file whose parse would take seconds is abandoned within the budget; the secret
// rule (text-based) still reports, and an incrementally parsed document stops retrying on every keystroke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { ParsedDocument, ParseTimeout, parse } from '../../server/src/parse/parser';
import { ready } from '../helpers/core';

// tree-sitter-python is quadratic on long runs of comment lines after a statement.
const slowPython = `SECRET_KEY = "mysecretkey123"\n${'# comment\n'.repeat(12_000)}app.run(debug=True)\n`;

test('a parse over budget throws ParseTimeout instead of stalling', async () => {
  await ready();
  assert.throws(() => parse('python', slowPython, undefined, 50), ParseTimeout);
  // The parser is reset: the next (normal) parse works.
  assert.equal(parse('python', 'x = 1\n')?.rootNode.type, 'module');
});

test('analyze reports the skip and still runs text rules', async () => {
  await ready();
  const result = analyze(
    RULES,
    { path: 'app/settings.py', languageId: 'python', text: slowPython },
    {},
    undefined,
    null,
  );
  assert.match(result.skipped ?? '', /syntax-based rules were skipped/);
  assert.deepEqual(
    result.findings.map((f) => f.ruleId),
    ['hardcoded-secret'],
  );
});

test('a document whose parse timed out is not re-parsed on each edit until it shrinks', async () => {
  await ready();
  const doc = new ParsedDocument('python', slowPython);
  const first = doc.getTree();
  if (first === null) {
    assert.ok(doc.parseTimedOut);
    doc.applyEdit(0, 0, '#');
    assert.equal(doc.getTree(), null, 'no retry while the text is as large');
    doc.setText('x = 1\n');
    assert.equal(doc.getTree()?.rootNode.type, 'module');
  } else {
    // A fast machine may finish within the budget: then the tree must be complete.
    assert.equal(first?.rootNode.type, 'module');
  }
});

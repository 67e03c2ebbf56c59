// analyze() parses a file only when a rule reads its tree: a rule that finds no candidate in the text
// (`nodesAt` searches the text first) costs no parse, and a rule that does gets the same nodes as ever.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { parse } from '../../server/src/parse/parser';
import type { Rule, TreeContext } from '../../server/src/core/types';
import { nodesAt, sourceOf } from '../../server/src/syntax/tree';
import { ready, testRuleMeta } from '../helpers/core';
import { RULES } from '../../server/src/rules';

before(ready);

function callsOf(name: string): Rule {
  return {
    meta: testRuleMeta(`calls-${name}`, { languages: ['python'], messages: { call: '{{name}} called' } }),
    python(ctx: TreeContext) {
      for (const call of nodesAt(ctx.root, sourceOf(ctx.root), new RegExp(`\\b${name}\\s*\\(`, 'g'), 'call'))
        ctx.report({ start: call.startIndex, end: call.endIndex, messageId: 'call', data: { name } });
    },
  };
}

const file = { path: 'app/jobs.py', languageId: 'python', text: '# jobs\nimport os\n\ndef run():\n    os.remove(x)\n' };

it('no rule finds a candidate in the text: the file is never parsed', () => {
  const ruleTimes = new Map<string, number>();
  const result = analyze([callsOf('eval')], file, { ruleTimes });
  assert.deepEqual(result.findings, []);
  assert.equal(ruleTimes.has('(parse)'), false, 'parsed although no rule needed the tree');
  assert.equal(ruleTimes.has('calls-eval'), true);
});

it('a rule that finds a candidate parses the file once and gets the nodes', () => {
  const ruleTimes = new Map<string, number>();
  const result = analyze([callsOf('eval'), callsOf('remove'), callsOf('run')], file, { ruleTimes });
  assert.deepEqual(
    result.findings.map((f) => [f.ruleId, file.text.slice(f.start, f.end)]),
    [['calls-remove', 'os.remove(x)']],
  );
  assert.equal(ruleTimes.has('(parse)'), true);
});

it('a tree passed by the caller is used as it is (no parse of its own)', () => {
  const tree = parse('python', file.text)!;
  try {
    const ruleTimes = new Map<string, number>();
    const result = analyze([callsOf('remove')], file, { ruleTimes }, undefined, tree);
    assert.equal(result.findings.length, 1);
    assert.equal(ruleTimes.has('(parse)'), false);
  } finally {
    tree.delete();
  }
});

it('decorators that are no route or bot handler never make the rules that look for handlers parse', () => {
  // `@x.y(` decorators that name no route or bot verb: a test module, a cache. The handler finders' own
  // candidates match them; the text test in front of them does not.
  const module = {
    path: 'tests/test_summary.py',
    languageId: 'python',
    text:
      'import functools\nimport pytest\n\n\n@functools.lru_cache(maxsize=1)\ndef model():\n    return load()\n\n\n' +
      '@pytest.mark.parametrize("text", ["a", "b"])\ndef test_create(text):\n    assert model().create(text)\n',
  };
  const handlers = RULES.filter((r) => ['rate-limit-missing', 'debug-endpoint'].includes(r.meta.id));
  const ruleTimes = new Map<string, number>();
  const result = analyze(handlers, module, { ruleTimes });
  assert.deepEqual(result.findings, []);
  assert.equal(ruleTimes.has('rate-limit-missing'), true, 'the rule ran (its keywords are in the text)');
  assert.equal(ruleTimes.has('(parse)'), false, 'parsed to look for handlers that no text can hold');
  // A route decorator in the same shape is still read from the tree.
  const route = { ...module, text: module.text.replace('@functools.lru_cache(maxsize=1)', '@app.get("/model")') };
  const routeTimes = new Map<string, number>();
  analyze(handlers, route, { ruleTimes: routeTimes });
  assert.equal(routeTimes.has('(parse)'), true);
});

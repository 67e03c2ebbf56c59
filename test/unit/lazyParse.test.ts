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
import { pyCallArgsText } from '../../server/src/syntax/python';

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

/** One registry rule over a Python module: the text of each finding, and whether the module was parsed. */
function runRule(id: string, text: string): { findings: string[]; parsed: boolean } {
  const ruleTimes = new Map<string, number>();
  const rules = RULES.filter((r) => r.meta.id === id);
  const { findings } = analyze(rules, { path: 'app/module.py', languageId: 'python', text }, { ruleTimes });
  return { findings: findings.map((f) => text.slice(f.start, f.end)), parsed: ruleTimes.has('(parse)') };
}

it('file-permissions parses only when a chmod or umask call may pass a mode it reports', () => {
  const run = (text: string) => runRule('file-permissions', text);
  // The mode is a variable or an attribute: nothing this rule reports, and no parse.
  const copied =
    'import os\n\ndef copy_mode(src, dst, mode):\n    os.chmod(dst, mode)\n    os.chmod(src, info.mode)  # (kept)\n';
  assert.deepEqual(run(copied), { findings: [], parsed: false });
  // A literal or a stat constant among the arguments: parsed and reported as before.
  assert.deepEqual(run(copied.replace('os.chmod(dst, mode)', 'os.chmod(dst, 0o777)')), {
    findings: ['0o777'],
    parsed: true,
  });
  assert.deepEqual(run(copied.replace('(dst, mode)', '(dst, stat.S_IRWXU | stat.S_IRWXO)')).findings, [
    'stat.S_IRWXU | stat.S_IRWXO',
  ]);
  // Files written whose paths name no secret file (`.keys()` is no `.key` file): no parse either.
  const written = `${copied}\ndef dump(d, path):\n    with open(path, "w") as f:\n        f.write(str(d.keys()))\n`;
  assert.deepEqual(run(written), { findings: [], parsed: false });
  assert.deepEqual(run(written.replace('open(path, "w")', 'open("deploy.key",  # the signing key\n "w")')), {
    findings: ['"deploy.key"'],
    parsed: true,
  });
  assert.deepEqual(run(`${written}\nPath(home / ".netrc").write_text(entry)\n`).findings, ['Path(home / ".netrc")']);
  // A closing bracket inside a string or a comment does not end the arguments early.
  assert.deepEqual(run('import os\nos.chmod(")", 0o666)\nos.chmod(p,  # see (a)\n    0o777)\n').findings, [
    '0o666',
    '0o777',
  ]);
  // Arguments whose end is not plain from the text (a triple-quoted string) are parsed, to be safe.
  assert.equal(run('import os\nos.chmod("""a)""", m)\n').parsed, true);
});

it('pyCallArgsText reads a call arguments up to the matching bracket, or says it cannot', () => {
  const args = (text: string) => pyCallArgsText(text, text.indexOf('(') + 1);
  assert.equal(args('f(a, g(b), [c], {"d": e})\nx'), 'a, g(b), [c], {"d": e}');
  assert.equal(args('f(\'a)\', "b\\")", c)'), '\'a)\', "b\\")", c');
  assert.equal(args('f(a,  # note)\n  b)'), 'a,  # note)\n  b');
  assert.equal(args('f(a, """b""")'), undefined, 'triple-quoted');
  assert.equal(args('f(a, (b)'), undefined, 'unclosed');
  assert.equal(args('f(a, ]'), undefined, 'mismatched');
  assert.equal(args("f('a\n')"), undefined, 'string broken by a newline');
  assert.equal(pyCallArgsText(`f(${'x'.repeat(100)})`, 2, 50), undefined, 'past the limit');
});

it('insecure-deserialization parses only when a loader is called through its module or imported by name', () => {
  const run = (text: string) => runRule('insecure-deserialization', text);
  // "pickle" in prose and json.loads: the rule's keyword is there, no loader it reports is.
  const prose =
    '"""Stored as JSON, never as a pickle."""\nimport json\n\ndef read(data):\n    return json.loads(data)\n';
  assert.deepEqual(run(prose), { findings: [], parsed: false });
  for (const [text, finding] of [
    ['import pickle\n\ndef read(data):\n    return pickle.loads(data)\n', 'pickle.loads(data)'],
    ['import pickle as pk\n\ndef read(data):\n    return pk.loads(data)\n', 'pk.loads(data)'],
    ['from pickle import loads\n\ndef read(data):\n    return loads(data)\n', 'loads(data)'],
    ['import os, \\\n    pickle as pk\n\ndef read(data):\n    return pk.load(data)\n', 'pk.load(data)'],
    [
      'import yaml\n\ndef read(data):\n    return yaml.load(data, Loader=yaml.Loader)\n',
      'yaml.load(data, Loader=yaml.Loader)',
    ],
  ])
    assert.deepEqual(run(text), { findings: [finding], parsed: true }, text);
});

it('auth-conditional parses a Python module only when it reads the environment or compares a secret name', () => {
  const run = (text: string) => runRule('auth-conditional', text);
  // `if` lines that name tokens, no comparison of them: the tokenizer of a parser, not an auth check.
  const tokenizer =
    '"""Splits text into tokens."""\n\ndef split(text):\n    tokens = text.split()\n    if not tokens:\n' +
    '        return []\n    if tokens[0] == "#":\n        return tokens[1:]\n    return tokens\n';
  assert.deepEqual(run(tokenizer), { findings: [], parsed: false });
  const guard =
    'import hmac\nfrom app.config import settings\n\n\ndef check(token):\n    if settings.api_key:\n' +
    '        if token != settings.api_key:\n            raise PermissionError("bad key")\n';
  assert.deepEqual(run(guard), { findings: ['settings.api_key'], parsed: true });
  const digest = guard.replace('token != settings.api_key', 'not hmac.compare_digest(token, settings.api_key)');
  assert.deepEqual(run(digest), { findings: ['settings.api_key'], parsed: true });
});

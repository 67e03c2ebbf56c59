// analyzeYielding(): the same result as analyze() when nothing changes, and an analysis that the event loop's
// turn makes stale (the language server's document changed meanwhile) stops at the next rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeYielding } from '../../server/src/core/analyze';
import type { Rule } from '../../server/src/core/types';
import { initParsers } from '../../server/src/parse/parser';
import { RULES } from '../../server/src/rules';
import { testRuleMeta } from '../helpers/core';

const FILE = {
  path: 'app/main.py',
  languageId: 'python',
  text: `import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/run")
def run():
    return subprocess.run(request.args["cmd"], shell=True).stdout
`,
};

test('turning the event loop between rules gives the same findings', async () => {
  await initParsers();
  const once = analyze(RULES, FILE);
  const turning = await analyzeYielding(RULES, FILE, {}, { isCancelled: false }, undefined, 0);
  assert.ok(once.findings.length > 0);
  assert.deepEqual(turning, once);
});

test('a change read during a turn stops the analysis at the next rule', async () => {
  await initParsers();
  let version = 1;
  const ran: string[] = [];
  const spy = (id: string): Rule => ({
    meta: testRuleMeta(id),
    text: () => {
      ran.push(id);
      if (id === 'first') setImmediate(() => (version = 2)); // an edit arrives while the rules run
    },
  });
  const result = await analyzeYielding(
    [spy('first'), spy('second'), spy('third')],
    FILE,
    {},
    {
      get isCancelled() {
        return version !== 1;
      },
    },
    undefined,
    0,
  );
  assert.equal(result.cancelled, true);
  assert.deepEqual(ran, ['first'], 'no rule ran on the stale text after the edit was read');
});

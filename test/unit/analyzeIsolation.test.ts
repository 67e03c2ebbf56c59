// One failing rule never takes the others down: analyze() reports it and keeps going.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { Rule } from '../../server/src/core/types';
import { debugMode } from '../../server/src/rules/debug-mode';
import { ready, testRuleMeta } from '../helpers/core';

before(ready);

const throwing: Rule = {
  meta: testRuleMeta('always-throws', { defaultSeverity: 'error', languages: ['python', 'text'] }),
  python() {
    throw new Error('boom in tree hook');
  },
  text() {
    throw new Error('boom in text hook');
  },
};

it('a throwing rule is listed in ruleErrors and later rules still report', () => {
  const file = {
    path: 'app/main.py',
    languageId: 'python',
    text: 'from fastapi import FastAPI\napp = FastAPI(debug=True)\n',
  };
  const result = analyze([throwing, debugMode], file, {});
  assert.deepEqual(
    result.findings.map((f) => f.ruleId),
    ['debug-mode'],
  );
  assert.deepEqual(
    result.ruleErrors.map((e) => e.ruleId),
    ['always-throws'],
  );
  assert.equal(result.cancelled, false);
});

it('a cancelled token stops before running rules', () => {
  const file = { path: 'app/main.py', languageId: 'python', text: 'app = FastAPI(debug=True)\n' };
  const result = analyze([debugMode], file, {}, { isCancelled: true });
  assert.equal(result.cancelled, true);
  assert.deepEqual(result.findings, []);
});

// Split Django settings: a value in base settings that a production module beside it replaces
// (`from .base import *`, then its own assignment) is a development value: info, fix not preferred.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';
import { RULES } from '../../server/src/rules';
import { fileOf, ready } from '../helpers/core';

const BASE =
  'import os\n\nSECRET_KEY = "q8W#zv2!Lr7@pXn4&Tk9$Hm3^Bc6*Fd1"\nDEBUG = False\nALLOWED_HOSTS = ["*"]\n' +
  'INSTALLED_APPS = ["django.contrib.auth"]\n';
const PRODUCTION =
  'from .base import *  # noqa\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n' +
  'ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")\n';

function lint(others: Record<string, string>): Finding[] {
  const result = analyze(RULES, fileOf('config/settings/base.py', BASE), { readFile: (p) => others[p] });
  return result.findings.filter((f) => f.ruleId === 'hardcoded-secret' || f.ruleId === 'allowed-hosts-wildcard');
}

const summary = (fs: Finding[]) =>
  fs.map((f) => `${f.ruleId} ${f.severity} ${f.fixes?.some((x) => x.preferred) ? 'preferred' : 'not-preferred'}`);

test('values production.py replaces are development values: info, with the fix offered but not preferred', async () => {
  await ready();
  const found = lint({ 'config/settings/production.py': PRODUCTION });
  assert.deepEqual(summary(found), [
    'hardcoded-secret info not-preferred',
    'allowed-hosts-wildcard info not-preferred',
  ]);
  assert.match(found[0].message, /production\.py beside it sets its own, so production never uses it/);
  assert.match(found[1].message, /development value; production\.py sets its own/);
});

test('without a production module that star-imports the file and assigns the name, nothing changes', async () => {
  await ready();
  const full = ['hardcoded-secret error preferred', 'allowed-hosts-wildcard warning preferred'];
  assert.deepEqual(summary(lint({})), full);
  // production.py imports another module, or reassigns neither name, or lives elsewhere.
  assert.deepEqual(summary(lint({ 'config/settings/production.py': PRODUCTION.replace('.base', '.common') })), full);
  assert.deepEqual(summary(lint({ 'config/settings/production.py': 'from .base import *\n\nDEBUG = False\n' })), full);
  assert.deepEqual(summary(lint({ 'config/production.py': PRODUCTION })), full);
  // Only one of the two names replaced: only that finding is lowered.
  assert.deepEqual(
    summary(
      lint({ 'config/settings/prod.py': 'from config.settings.base import *\nSECRET_KEY = env("SECRET_KEY")\n' }),
    ),
    ['hardcoded-secret info not-preferred', 'allowed-hosts-wildcard warning preferred'],
  );
});

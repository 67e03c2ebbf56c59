// timing-compare's preferred fix answers exactly as `==`/`!=` did for every value the code can hold there
// (checked by running both in python3 over str, None and bytes values, non-ASCII and lone surrogates
// included), and where the operands' types are not known the plain call is offered, not preferred: it raises
// TypeError on None or non-ASCII str where `==` answered False (a 401 would become a 500).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import type { Fix } from '../../server/src/core/types';
import { fileOf, ready } from '../helpers/core';

/** Values each kind of operand may hold when the comparison runs. */
const DOMAIN = {
  str: `["", "abc", "abd", "ab", "\\u00e9t\\u00e9", "\\ud800", "\\U0001f600"]`,
  optional: `[None, "", "abc", "\\u00e9t\\u00e9", "\\ud800"]`,
  bytes: `[b"", b"abc", b"abd", b"\\xff\\xfe"]`,
};
type Kind = keyof typeof DOMAIN;

interface Sample {
  code: string;
  /** The kind of value each name in the comparison holds. */
  names: Record<string, Kind>;
  preferred: boolean;
  /** The exact replacement of the comparison. */
  fixed: string;
}

const E = '.encode("utf-8", "surrogatepass")';
const SAMPLES: Sample[] = [
  {
    code:
      'import os\nAPI_KEY = os.environ["API_KEY"]\n\ndef f(x_api_key: str):\n' + '    return x_api_key == API_KEY\n',
    names: { x_api_key: 'str', API_KEY: 'str' },
    preferred: true,
    fixed: `hmac.compare_digest(x_api_key${E}, API_KEY${E})`,
  },
  {
    code:
      'import os\nAPI_KEY = os.getenv("API_KEY", "")\n\ndef f(request):\n' +
      '    token = request.headers.get("X-Token")\n    if token != API_KEY:\n        return 1\n',
    names: { token: 'optional', API_KEY: 'str' },
    preferred: true,
    fixed: `token is None or not hmac.compare_digest(token${E}, API_KEY${E})`,
  },
  {
    code:
      'import os\nSECRET_TOKEN = os.getenv("SECRET_TOKEN")\n\ndef f(given: str):\n' +
      '    ok = SECRET_TOKEN == given\n',
    names: { SECRET_TOKEN: 'optional', given: 'str' },
    preferred: true,
    fixed: `SECRET_TOKEN is not None and hmac.compare_digest(SECRET_TOKEN${E}, given${E})`,
  },
  {
    code:
      'import os\nSIGNING_KEY = os.environ["SIGNING_KEY"].encode()\n\ndef f(sig: bytes):\n' +
      '    return sig != SIGNING_KEY\n',
    names: { sig: 'bytes', SIGNING_KEY: 'bytes' },
    preferred: true,
    fixed: 'not hmac.compare_digest(sig, SIGNING_KEY)',
  },
  {
    code:
      'import os\nAPI_KEY = os.getenv("API_KEY")\n\ndef f(request):\n' +
      '    token = request.headers.get("X-Token")\n    return token == API_KEY\n',
    names: { token: 'optional', API_KEY: 'optional' },
    preferred: false,
    fixed: 'hmac.compare_digest(token, API_KEY)',
  },
  {
    code: 'from app.config import settings\n\ndef f(token: str):\n    return token == settings.API_TOKEN\n',
    names: { token: 'str' },
    preferred: false,
    fixed: 'hmac.compare_digest(token, settings.API_TOKEN)',
  },
  {
    code: 'import os\nAPI_KEY = os.environ["API_KEY"]\n\ndef f(key=None):\n    return key == API_KEY\n',
    names: { key: 'optional', API_KEY: 'str' },
    preferred: false,
    fixed: 'hmac.compare_digest(key, API_KEY)',
  },
  {
    // Flask converts with `type=`: the value may not be a str at all.
    code:
      'import os\nAPI_KEY = os.environ["API_KEY"]\n\ndef f(request):\n' +
      '    token = request.args.get("token", "", type=int)\n    return token == API_KEY\n',
    names: { token: 'optional', API_KEY: 'str' },
    preferred: false,
    fixed: 'hmac.compare_digest(token, API_KEY)',
  },
];

function fixOf(code: string): { fix: Fix; original: string } {
  const found = analyze(RULES, fileOf('app/auth.py', code)).findings.filter((f) => f.ruleId === 'timing-compare');
  assert.equal(found.length, 1, code);
  const fix = found[0].fixes?.[0];
  assert.ok(fix, code);
  return { fix, original: code.slice(found[0].start, found[0].end) };
}

/** Runs both expressions over every combination of values; prints the combinations where they differ. */
function differences(original: string, fixed: string, names: Record<string, Kind>): string[] {
  const loops = Object.entries(names).map(([n, k], i) => `${'    '.repeat(i)}for ${n} in ${DOMAIN[k]}:`);
  const pad = '    '.repeat(loops.length);
  const program = [
    'import hmac',
    'class settings: API_TOKEN = "abc"',
    'def run(expr, env):',
    '    try:',
    '        return repr(eval(expr, {"hmac": hmac, "settings": settings}, env))',
    '    except Exception as e:',
    '        return type(e).__name__',
    ...loops,
    `${pad}env = {${Object.keys(names)
      .map((n) => `"${n}": ${n}`)
      .join(', ')}}`,
    `${pad}a, b = run(${JSON.stringify(original)}, env), run(${JSON.stringify(fixed)}, env)`,
    `${pad}if a != b: print(ascii(env), a, b)`,
  ].join('\n');
  const run = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter(Boolean);
}

test('timing-compare: exact fix text, preferred only where python3 finds no value it answers differently', async () => {
  await ready();
  for (const s of SAMPLES) {
    const { fix, original } = fixOf(s.code);
    assert.equal(fix.preferred === true, s.preferred, s.code);
    assert.equal(fix.edits[0].newText, s.fixed, s.code);
    assert.deepEqual(fix.edits.slice(1), [{ start: 0, end: 0, newText: 'import hmac\n' }]);
    const diff = differences(original, s.fixed, s.names);
    if (s.preferred) assert.deepEqual(diff, [], `${s.fixed} answers differently from ${original}`);
    else assert.ok(diff.length > 0, `${s.fixed} is demoted, so some value must make it differ`);
  }
});

test('timing-compare: the guarded form is parenthesised inside a larger condition', async () => {
  await ready();
  const code =
    'import os\nAPI_KEY = os.environ["API_KEY"]\n\ndef f(request, on):\n' +
    '    token = request.headers.get("X-Token")\n    if on and token != API_KEY:\n        return 1\n';
  const { fix } = fixOf(code);
  assert.equal(fix.edits[0].newText, `(token is None or not hmac.compare_digest(token${E}, API_KEY${E}))`);
});

test('timing-compare (JS/TS): no fix is offered (timingSafeEqual throws on strings and unequal lengths)', async () => {
  await ready();
  const js =
    'app.use((req, res, next) => {\n' +
    '  if (req.get("x-key") !== process.env.API_KEY) return res.sendStatus(401);\n  next();\n});\n';
  const found = analyze(RULES, fileOf('server.js', js)).findings.filter((f) => f.ruleId === 'timing-compare');
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes, undefined);
});

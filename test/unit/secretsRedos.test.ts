// Catastrophic backtracking: every secret pattern is checked structurally (bounded quantifiers, no
// nesting beyond a small constant, no alternation under repetition) and then run on 1 MB adversarial
// inputs under a per-test timeout, so a pattern that hangs fails the suite instead of the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecrets } from '../../server/src/secrets/detect';
import { VALUE_PATTERNS } from '../../server/src/secrets/placeholders';
import { PROVIDERS } from '../../server/src/secrets/providers';
import { CONNECTION, END_MARK, JWT, PRIVATE_KEY } from '../../server/src/secrets/structured';

/** Largest repetition product allowed for nested quantifiers (work per start position stays constant). */
const NESTING_LIMIT = 20_000;

interface Frame {
  alt: boolean;
  weight: number;
}

/**
 * Problems in a regex source. `strict` (patterns run over whole files): every quantifier must have an
 * upper bound. Always: no unbounded repetition of a group that itself repeats or alternates, and no
 * bounded repetition of an alternation more than once, and nested repetition products under the limit.
 */
export function regexProblems(source: string, strict: boolean): string[] {
  const problems: string[] = [];
  const stack: Frame[] = [{ alt: false, weight: 1 }];
  let last: { weight: number; alt: boolean; group: boolean } | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      last = { weight: 1, alt: false, group: false };
      continue;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      last = { weight: 1, alt: false, group: false };
      continue;
    }
    if (c === '(') {
      stack.push({ alt: false, weight: 1 });
      last = undefined;
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1].alt = true;
      last = undefined;
      continue;
    }
    if (c === ')') {
      const frame = stack.pop() ?? { alt: false, weight: 1 };
      last = { weight: frame.weight, alt: frame.alt, group: true };
      const parent = stack[stack.length - 1];
      parent.weight = Math.max(parent.weight, frame.weight);
      continue;
    }
    const q = /^(?:\*|\+|\?|\{(\d+)(,(\d*))?\})/.exec(source.slice(i));
    if (q && last && !(c === '?' && source[i - 1] === '(')) {
      const max =
        q[0] === '?'
          ? 1
          : q[0] === '*' || q[0] === '+'
            ? Infinity
            : q[2] === undefined
              ? Number(q[1])
              : q[3]
                ? Number(q[3])
                : Infinity;
      if (max === Infinity && strict) problems.push(`unbounded quantifier ${q[0]} at ${i}`);
      if (max === Infinity && last.group && (last.weight > 1 || last.alt))
        problems.push(`unbounded repetition of a repeating/alternating group at ${i}`);
      if (last.alt && max > 1 && max !== Infinity) problems.push(`repeated alternation at ${i}`);
      const product = max * last.weight;
      if (last.group && max > 1 && max !== Infinity && last.weight > 1 && product > NESTING_LIMIT)
        problems.push(`nested repetition ${product} at ${i}`);
      stack[stack.length - 1].weight = Math.max(stack[stack.length - 1].weight, max * last.weight);
      i += q[0].length - 1;
      if (source[i + 1] === '?') i++; // lazy
      last = undefined;
      continue;
    }
    last = { weight: 1, alt: false, group: false };
  }
  return problems;
}

const DETECTOR_PATTERNS: { name: string; re: RegExp; seeds: string[] }[] = [
  ...PROVIDERS.map((p, i) => ({ name: `${p.id}#${i}`, re: p.pattern, seeds: [...p.keywords] })),
  { name: 'private-key', re: PRIVATE_KEY, seeds: ['-----BEGIN ', '-----BEGIN RSA PRIVATE KEY-----'] },
  { name: 'private-key-end', re: END_MARK, seeds: ['-----END '] },
  { name: 'connection', re: CONNECTION, seeds: ['postgres://', 'mongodb+srv://a:', 'redis://:'] },
  { name: 'jwt', re: JWT, seeds: ['eyJ', 'eyJhbGciOiJIUzI1NiJ9.eyJ'] },
];

test('the structural checker catches the classic catastrophic shapes', () => {
  assert.ok(regexProblems('(a+)+$', false).length > 0);
  assert.ok(regexProblems('(?:a|ab)*c', false).length > 0);
  assert.ok(regexProblems('(?:a|aa){1,20}b', false).length > 0);
  assert.ok(regexProblems('x[a-z]+y', true).length > 0);
  assert.ok(regexProblems('(?:[a-z]{1,500}){1,500}', false).length > 0);
  assert.deepEqual(regexProblems('(?<![A-Za-z])gh[pousr]_[A-Za-z0-9]{36}(?:-[0-9]){0,1}', true), []);
});

test('every detector pattern is structurally linear', () => {
  const bad = DETECTOR_PATTERNS.flatMap(({ name, re }) => regexProblems(re.source, true).map((p) => `${name}: ${p}`));
  assert.deepEqual(bad, []);
});

test('value-level patterns have no nested or alternating unbounded repetition', () => {
  const bad = VALUE_PATTERNS.flatMap((re) =>
    regexProblems(re.source, false).map((p) => `${re.source.slice(0, 30)}: ${p}`),
  );
  assert.deepEqual(bad, []);
});

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** Inputs that make backtracking engines suffer: prefixes repeated, near-misses, long runs. */
function adversarial(seed: string): string[] {
  return [
    fill(seed),
    fill(`${seed}${'a1B2'.repeat(60)}!`),
    fill(`${seed} = "${'A'.repeat(300)}`),
    `${seed}${'9'.repeat(MB)}`,
  ];
}

for (const { name, re, seeds } of DETECTOR_PATTERNS) {
  test(`${name} runs on 1 MB adversarial inputs`, { timeout: 30_000 }, () => {
    for (const seed of seeds.slice(0, 3)) {
      for (const input of adversarial(seed)) {
        const copy = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
        let n = 0;
        for (const _ of input.matchAll(copy)) if (++n > 1e6) break;
        assert.ok(n >= 0);
      }
    }
  });
}

test('the whole detector survives 1 MB hostile texts', { timeout: 60_000 }, () => {
  const inputs = [
    fill('a'),
    fill('='),
    fill('"'),
    fill('password="'),
    fill('password: '),
    fill('secret_key=\\"x'),
    fill('PRIVATE KEY'),
    fill('-----BEGIN PRIVATE KEY-----\n'),
    fill('data:image/png;base64,'),
    fill(':AA'),
    fill('eyJ.eyJ.'),
    fill('postgres://u:p@'),
    fill('sk-'),
    fill('pat'),
    fill('keykeykey='),
    fill('token = os.getenv("TOKEN", "'),
    fill('ENV API_TOKEN '),
    fill('x'.repeat(99) + '\n'),
  ];
  for (const input of inputs) {
    const hits = detectSecrets(input, { path: 'hostile.txt' });
    assert.ok(Array.isArray(hits));
  }
});

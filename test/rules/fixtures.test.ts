// Every rule's fixtures: ng files must fire exactly on the lines marked `expect: <rule-id>`,
// ok files must not fire at all, and fix/ files must become their `.fixed` twin after the preferred fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { FIXTURES, applyFix, findings, lineAt, readFixture, ready } from '../helpers/core';

const MARK = /expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** Fixture files below a folder, as relative paths (sub-folders allowed, e.g. Next.js `app/api/x/route.ts`). */
function list(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    if (statSync(full).isDirectory()) return list(full, `${prefix}${f}/`);
    return f.endsWith('.fixed') ? [] : [`${prefix}${f}`];
  });
}

for (const rule of RULES) {
  const id = rule.meta.id;
  const base = join(FIXTURES, 'rules', id);
  test(`${id}: has must-fire and must-not-fire fixtures`, () => {
    assert.ok(list(join(base, 'ng')).length > 0, `test/fixtures/rules/${id}/ng is empty`);
    assert.ok(list(join(base, 'ok')).length > 0, `test/fixtures/rules/${id}/ok is empty`);
  });
  for (const name of list(join(base, 'ng'))) {
    test(`${id}: ng/${name} fires on every marked line and nowhere else`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'ng', name));
      const expected = new Set<number>();
      text.split('\n').forEach((line, i) => {
        const m = MARK.exec(line);
        if (
          m &&
          m[1]
            .split(',')
            .map((s) => s.trim())
            .includes(id)
        )
          expected.add(i);
      });
      assert.ok(expected.size > 0, 'an ng fixture must mark its expected lines');
      const got = new Set(findings(`src/${name}`, text, id).map((f) => lineAt(text, f.start)));
      assert.deepEqual(
        [...got].sort((a, b) => a - b),
        [...expected].sort((a, b) => a - b),
      );
    });
  }
  for (const name of list(join(base, 'ok'))) {
    test(`${id}: ok/${name} does not fire`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'ok', name));
      assert.deepEqual(
        findings(`src/${name}`, text, id).map((f) => `${lineAt(text, f.start) + 1}: ${f.message}`),
        [],
      );
    });
  }
  for (const name of list(join(base, 'fix'))) {
    test(`${id}: fix/${name} becomes ${name}.fixed`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'fix', name));
      const expected = readFixture(join('rules', id, 'fix', `${name}.fixed`));
      assert.equal(applyFix(`src/${name}`, text, id), expected);
    });
  }
}

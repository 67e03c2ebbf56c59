// Keeps facts from drifting: rule ids and docs, settings declared vs read, commands declared vs registered.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../client/src/commandIds';
import { LANGUAGES } from '../../client/src/languages';
import { RULES } from '../../server/src/rules';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../server/src/protocol';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { REPO } from '../helpers/core';

interface Manifest {
  main: string;
  activationEvents?: string[];
  contributes: {
    commands?: Array<{ command: string; title: string }>;
    configuration?:
      | { properties?: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> }
      | Array<{
          properties?: Record<string, { default?: unknown; description?: string; markdownDescription?: string }>;
        }>;
    viewsContainers?: { activitybar?: Array<{ id: string; icon: string }> };
    views?: Record<string, Array<{ id: string; type?: string }>>;
  };
}

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;

function declaredSettings(): Record<string, { default?: unknown; description?: string; markdownDescription?: string }> {
  const conf = pkg.contributes.configuration;
  const sections = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {}));
}

describe('rules', () => {
  it('have unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'duplicate rule ids',
    );
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `rule id "${id}" is not kebab-case`);
  });

  it('each have docs/rules/<id>.md starting with their id', () => {
    const problems = RULES.flatMap((r) => {
      const doc = join(REPO, 'docs', 'rules', `${r.meta.id}.md`);
      if (!existsSync(doc)) return [`missing docs/rules/${r.meta.id}.md`];
      return new RegExp(`^# ${r.meta.id}\\b`).test(readFileSync(doc, 'utf8'))
        ? []
        : [`docs/rules/${r.meta.id}.md must start with "# ${r.meta.id}"`];
    });
    assert.deepEqual(problems, []);
  });

  it('each name a checklist item that exists', () => {
    const missing = RULES.filter((r) => !existsSync(join(REPO, 'checklist', `${r.meta.checklistItem}.md`))).map(
      (r) => `${r.meta.id} -> checklist/${r.meta.checklistItem}.md`,
    );
    assert.deepEqual(missing, []);
  });
});

describe('settings', () => {
  const declared = declaredSettings();
  const keys = Object.keys(declared)
    .filter((k) => k.startsWith('preflight.'))
    .map((k) => k.slice('preflight.'.length));

  it('package.json declares exactly the settings the code reads', () => {
    assert.deepEqual([...keys].sort(), [...SETTING_KEYS].sort());
  });

  it('the code reads every declared setting (normalizeSettings keeps each key)', () => {
    assert.deepEqual(Object.keys(normalizeSettings({})).sort(), [...SETTING_KEYS].sort());
    for (const k of SETTING_KEYS) {
      const raw = { ...DEFAULT_SETTINGS, [k]: declared[`preflight.${k}`].default };
      assert.deepEqual(
        normalizeSettings(raw)[k],
        DEFAULT_SETTINGS[k],
        `preflight.${k}: package.json default differs from the server's`,
      );
      assert.ok(
        declared[`preflight.${k}`].description ?? declared[`preflight.${k}`].markdownDescription,
        `preflight.${k} has no description`,
      );
    }
  });

  it('rejects wrongly typed values instead of crashing', () => {
    assert.deepEqual(
      normalizeSettings({
        enable: 'yes',
        run: 'always',
        rules: { 'debug-mode': 'loud', 'xss-sink': 'off' },
        exclude: 'x',
        maxFileSizeKb: -1,
      }),
      { ...DEFAULT_SETTINGS, rules: { 'xss-sink': 'off' } },
    );
    assert.deepEqual(normalizeSettings(null), { ...DEFAULT_SETTINGS, rules: {}, exclude: [] });
  });
});

describe('commands and contributions', () => {
  it('every contributed command is in the command table and vice versa', () => {
    const contributed = (pkg.contributes.commands ?? []).map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
  });

  it('the command table in commands.ts has a handler row for every id', () => {
    const source = readFileSync(join(REPO, 'client', 'src', 'commands.ts'), 'utf8');
    for (const id of COMMAND_IDS)
      assert.ok(source.includes(`'${id}':`), `no handler row for ${id} in client/src/commands.ts`);
  });

  it('activates for every language the client serves, and declares the sidebar', () => {
    for (const l of LANGUAGES)
      assert.ok(pkg.activationEvents?.includes(`onLanguage:${l}`), `activationEvents lacks onLanguage:${l}`);
    const container = pkg.contributes.viewsContainers?.activitybar?.find((c) => c.id === 'preflight');
    assert.ok(
      container && existsSync(join(REPO, container.icon)),
      'activity-bar container "preflight" with an existing icon',
    );
    assert.ok(pkg.contributes.views?.preflight?.some((v) => v.id === 'preflight.checklist' && v.type === 'webview'));
    assert.equal(pkg.main, './out/extension.js');
  });
});

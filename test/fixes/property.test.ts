// Every fix offered on every rule fixture (the rules' own and the ignore fixes): the result still parses, the
// finding goes away, and no other finding appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, readFixture, ready } from '../helpers/core';
import { checkFixes, correct, syntaxAfter, type FixOutcome } from '../helpers/fixCheck';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    return statSync(full).isDirectory() ? files(full) : f.endsWith('.fixed') ? [] : [full];
  });
}

const describe = (o: FixOutcome) =>
  `${o.path}:${o.line} ${o.ruleId} "${o.title}": ` +
  (o.syntax === 'broken' ? 'breaks parsing; ' : '') +
  (o.cleared ? '' : 'finding stays; ') +
  (o.added.length ? `adds ${o.added.join(', ')}` : '');

test('every fix on every rule fixture parses, clears its finding and adds none', async () => {
  await ready();
  const rules = join(FIXTURES, 'rules');
  const outcomes: FixOutcome[] = [];
  for (const rule of readdirSync(rules))
    for (const kind of ['ng', 'fix'])
      for (const full of files(join(rules, rule, kind))) {
        const rel = relative(join(rules, rule, kind), full);
        outcomes.push(...checkFixes(`src/${rel}`, readFixture(relative(FIXTURES, full))));
      }
  const wrong = outcomes.filter((o) => !correct(o));
  console.log(`# fixtures: ${outcomes.length - wrong.length} of ${outcomes.length} fixes correct`);
  assert.ok(outcomes.length > 300, `only ${outcomes.length} fixes checked`);
  assert.deepEqual(wrong.map(describe), []);
});

const S = 'Zq9xW8vR2mK9pL4tN7sY';
const URL = `postgresql://app:${S}@db:5432/app`;

/**
 * Findings in every language and at the awkward positions: fences, tables, block scalars, heredocs, tags, `return (`.
 */
const SAMPLES: Array<[string, string]> = [
  ['db/link.sql', `SELECT dblink_connect('${URL}');\nSELECT 'a\n${URL}';\n`],
  ['web/site.css', `.x {\n  --api-key: "${S}";\n}\n`],
  ['web/site.scss', `$x: 1;\n.x {\n  --api-key: "${S}";\n}\n`],
  [
    'docs/setup.md',
    `# Setup\n\n\`\`\`bash\nexport API_KEY=${S}\n\`\`\`\n\nSet password: ${S}\n\n\`\`\`\nDB_PASSWORD=${S}\n\`\`\`\n` +
      `\n| key | value |\n|---|---|\n| password | ${S} |\n`,
  ],
  ['docs/setup.rst', `Setup\n=====\n\nexport API_KEY=${S}\n\n.. code-block:: bash\n\n    export DB_PASSWORD=${S}\n`],
  ['conf/app.yaml', `db:\n  password: ${S}\nscript: |\n  export DB_PASSWORD=${S}\n`],
  ['conf/app.toml', `[db]\npassword = "${S}"\nnote = """\npassword = "${S}"\n"""\n`],
  ['.env.production', `DB_PASSWORD=${S}\n`],
  ['scripts/run.sh', `#!/bin/sh\nexport DB_PASSWORD="${S}"\ncat <<EOF > .env\nDB_PASSWORD=${S}\nEOF\n`],
  [
    'app/settings.py',
    `"""Settings."""\nfrom __future__ import annotations\n\nDB_PASSWORD = "${S}"\nHELP = """\npassword: ${S}\n"""\n`,
  ],
  [
    'src/Message.vue',
    '<template>\n  <div\n    class="body"\n    v-html="message.body"\n  ></div>\n</template>\n\n<script ' +
      'setup>\ndefineProps({ message: Object });\n</script>\n',
  ],
  [
    'src/Post.tsx',
    'export function Post({ html }: { html: string }) {\n  return (\n    <article dangerouslySetInnerHTML={{ ' +
      '__html: html }} />\n  );\n}\nexport function List({ html }: { html: string }) {\n  return (\n    <ul>\n      ' +
      '<li dangerouslySetInnerHTML={{ __html: html }} />\n    </ul>\n  );\n}\n',
  ],
];

test('every fix in every language and awkward position parses, clears its finding and adds none', async () => {
  await ready();
  const outcomes: FixOutcome[] = [];
  for (const [path, text] of SAMPLES) {
    const checked = checkFixes(path, text);
    assert.ok(checked.length > 0, `${path}: no finding to fix`);
    outcomes.push(...checked);
  }
  const wrong = outcomes.filter((o) => !correct(o));
  console.log(`# samples: ${outcomes.length - wrong.length} of ${outcomes.length} fixes correct`);
  assert.deepEqual(wrong.map(describe), []);
  assert.ok(outcomes.some((o) => o.syntax === 'ok' && o.path.endsWith('.sql')));
});

test('the syntax check catches the broken ignore comments seen on real code', async () => {
  await ready();
  const broken: Array<[string, string, string]> = [
    ['css', '.a,\n.b { color: red; }\n', '.a,\n// preflight-ignore: x\n.b { color: red; }\n'],
    [
      'vue',
      '<template>\n  <div\n    v-html="x"\n  ></div>\n</template>\n',
      '<template>\n  <div\n    <!-- preflight-ignore: x -->\n    v-html="x"\n  ></div>\n</template>\n',
    ],
    ['markdown', '```bash\nexport K=1\n```\n', '```bash\n<!-- preflight-ignore: x -->\nexport K=1\n```\n'],
    [
      'typescriptreact',
      'const A = () => {\n  return (\n    <div />\n  );\n};\n',
      'const A = () => {\n  return (\n    {/* preflight-ignore: x */}\n    <div />\n  );\n};\n',
    ],
    ['python', 's = """\na\n"""\n', 's = """\na\n"""\n)\n'],
    ['yaml', 'a:\n  b: 1\n', 'a:\n  b: 1\n c: 2\n'],
    ['sql', "SELECT 'a';\n", "SELECT 'a;\n"],
    ['shellscript', 'echo a\n', 'if echo a\n'],
  ];
  for (const [lang, before, after] of broken) assert.equal(syntaxAfter(lang, before, after), 'broken', lang);
  assert.equal(syntaxAfter('css', '.a { }\n', '/* preflight-ignore: x */\n.a { }\n'), 'ok');
});

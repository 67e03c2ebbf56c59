// Ignore comments in the syntax of the language at the exact position, and recognised there afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreFixes } from '../../server/src/core/ignoreFixes';
import { applySuppressions } from '../../server/src/core/suppressions';
import type { Finding } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/syntax/fixes';
import { fileOf, ready } from '../helpers/core';

/** A finding of `rule` at the first `§` in `marked` (the marker is removed). */
function at(marked: string, rule = 'hardcoded-secret'): { text: string; finding: Finding } {
  const start = marked.indexOf('§');
  const text = marked.slice(0, start) + marked.slice(start + 1);
  return { text, finding: { ruleId: rule, severity: 'error', start, end: start + 1, messageId: 'm', message: 'm' } };
}

function lineFix(path: string, marked: string): string | undefined {
  const { text, finding } = at(marked);
  const fix = ignoreFixes(fileOf(path, text), finding).find((f) => f.title.includes('on this line'));
  if (!fix) return undefined;
  const after = applyEdits(text, fix.edits);
  // The comment must silence the finding where it now is.
  const moved =
    finding.start + fix.edits.filter((e) => e.start <= finding.start).reduce((n, e) => n + e.newText.length, 0);
  assert.deepEqual(
    applySuppressions(after, [{ ...finding, start: moved, end: moved + 1 }]),
    [],
    `not recognised:\n${after}`,
  );
  return after;
}

function fileFix(path: string, marked: string): string {
  const { text, finding } = at(marked);
  const fix = ignoreFixes(fileOf(path, text), finding).find((f) => f.title.includes('in this file'));
  assert.ok(fix, 'no file-level fix');
  return applyEdits(text, fix.edits);
}

const R = 'preflight-ignore: hardcoded-secret -- reason';
const F = 'preflight-ignore-file: hardcoded-secret -- reason';

test('CSS, SCSS and Less use block comments; never inside an open comment', async () => {
  await ready();
  assert.equal(lineFix('a.css', '.x {\n  background: url(§k);\n}\n'), `.x {\n  /* ${R} */\n  background: url(k);\n}\n`);
  assert.equal(lineFix('a.scss', '.x { §a: 1 }\n'), `/* ${R} */\n.x { a: 1 }\n`);
  assert.equal(lineFix('a.less', '.x { k: §1 }\n'), `/* ${R} */\n.x { k: 1 }\n`);
  assert.equal(lineFix('a.css', '/* note\n §k\n*/\n'), undefined);
  assert.equal(fileFix('a.css', '@charset "utf-8";\n.x { §a: 1 }\n'), `@charset "utf-8";\n/* ${F} */\n.x { a: 1 }\n`);
});

test('SQL uses --, never inside a multi-line string', async () => {
  await ready();
  assert.equal(
    lineFix('s.sql', "SELECT 1;\nCREATE USER a PASSWORD '§x';\n"),
    `SELECT 1;\n-- ${R}\nCREATE USER a PASSWORD 'x';\n`,
  );
  assert.equal(lineFix('s.sql', "INSERT INTO t VALUES ('a\n§b');\n"), undefined);
  assert.equal(fileFix('s.sql', 'SELECT §1;\n'), `-- ${F}\nSELECT 1;\n`);
});

test('shell, YAML, TOML and .env use #, never inside heredocs, block scalars or multi-line values', async () => {
  await ready();
  assert.equal(lineFix('run.sh', 'export K=§x\n'), `# ${R}\nexport K=x\n`);
  assert.equal(lineFix('run.sh', 'cat <<EOF\n§x\nEOF\n'), undefined);
  assert.equal(lineFix('run.sh', 'curl a \\\n  -H §x\n'), undefined);
  assert.equal(lineFix('c.yaml', 'a:\n  key: §x\n'), `a:\n  # ${R}\n  key: x\n`);
  assert.equal(lineFix('c.yaml', 'a: |\n  one\n  §x\n'), undefined);
  assert.equal(lineFix('c.toml', 'k = "§x"\n'), `# ${R}\nk = "x"\n`);
  assert.equal(lineFix('c.toml', 'k = """\n§x\n"""\n'), undefined);
  assert.equal(lineFix('.env', 'A=1\nK=§x\n'), `A=1\n# ${R}\nK=x\n`);
  assert.equal(lineFix('.env', 'K="-----BEGIN\n§x\n"\n'), undefined);
  assert.equal(fileFix('run.sh', '#!/bin/sh\nK=§x\n'), `#!/bin/sh\n# ${F}\nK=x\n`);
});

test('Markdown: HTML comments outside fences, the fence language inside, none in unknown fences, tables', async () => {
  await ready();
  assert.equal(lineFix('r.md', '# T\n\nkey §x\n'), `# T\n\n<!-- ${R} -->\nkey x\n`);
  assert.equal(lineFix('r.md', '```python\nk = "§x"\n```\n'), `\`\`\`python\n# ${R}\nk = "x"\n\`\`\`\n`);
  assert.equal(lineFix('r.md', '```js\nconst k = "§x";\n```\n'), `\`\`\`js\n// ${R}\nconst k = "x";\n\`\`\`\n`);
  assert.equal(lineFix('r.md', '```bash\nexport K=§x\n```\n'), `\`\`\`bash\n# ${R}\nexport K=x\n\`\`\`\n`);
  assert.equal(lineFix('r.md', '```\nK=§x\n```\n'), undefined);
  assert.equal(lineFix('r.md', '```python\ns = """\n§x\n"""\n```\n'), undefined);
  assert.equal(lineFix('r.md', '| a | b |\n|---|---|\n| k | §x |\n'), undefined);
  assert.equal(lineFix('r.md', '```\ncode\n```\n\ntext §x\n'), `\`\`\`\ncode\n\`\`\`\n\n<!-- ${R} -->\ntext x\n`);
  assert.equal(fileFix('r.md', '---\ntitle: a\n---\nk §x\n'), `---\ntitle: a\n---\n<!-- ${F} -->\nk x\n`);
});

test('reStructuredText uses .. comments at the top level after a blank line', async () => {
  await ready();
  assert.equal(lineFix('d.rst', 'Title\n=====\n\nkey §x\n'), `Title\n=====\n\n.. ${R}\n\nkey x\n`);
  assert.equal(lineFix('d.rst', 'Example::\n\n    key §x\n'), undefined);
  assert.equal(lineFix('d.rst', 'first line\nkey §x\n'), undefined);
  assert.equal(fileFix('d.rst', 'key §x\n'), `.. ${F}\n\nkey x\n`);
});

test('Vue: above the element in the template, never inside a tag; // in the script', async () => {
  await ready();
  assert.equal(
    lineFix('C.vue', '<template>\n  <div\n    class="a"\n    §v-html="x"\n  ></div>\n</template>\n'),
    `<template>\n  <!-- ${R} -->\n  <div\n    class="a"\n    v-html="x"\n  ></div>\n</template>\n`,
  );
  assert.equal(
    lineFix('C.vue', '<template>\n  <p §v-html="x"></p>\n</template>\n<script setup>\nconst k = 1;\n</script>\n'),
    `<template>\n  <!-- ${R} -->\n  <p v-html="x"></p>\n</template>\n<script setup>\nconst k = 1;\n</script>\n`,
  );
  assert.equal(
    lineFix('C.vue', '<template><p/></template>\n<script setup lang="ts">\nconst k = "§x";\n</script>\n'),
    `<template><p/></template>\n<script setup lang="ts">\n// ${R}\nconst k = "x";\n</script>\n`,
  );
  assert.equal(
    lineFix('C.vue', '<template><p/></template>\n<style>\n.a { b: §c }\n</style>\n'),
    `<template><p/></template>\n<style>\n/* ${R} */\n.a { b: c }\n</style>\n`,
  );
  assert.equal(
    fileFix('C.vue', '<template><p §v-html="x"/></template>\n'),
    `<!-- ${F} -->\n<template><p v-html="x"/></template>\n`,
  );
});

test('JSX: {/* */} between children, // on attribute lines, above `return (` for a root element', async () => {
  await ready();
  assert.equal(
    lineFix(
      'A.tsx',
      'export const A = () => (\n  <div>\n    <p §dangerouslySetInnerHTML={{ __html: x }} />\n  </div>\n);\n',
    ),
    `export const A = () => (\n  <div>\n    {/* ${R} */}\n    <p dangerouslySetInnerHTML={{ __html: x }} />\n` +
      `  </div>\n);\n`,
  );
  assert.equal(
    lineFix(
      'A.tsx',
      'export const A = () => (\n  <div\n    className="a"\n    §dangerouslySetInnerHTML={{ __html: x }}\n  />\n);\n',
    ),
    `export const A = () => (\n  <div\n    className="a"\n    // ${R}\n` +
      `    dangerouslySetInnerHTML={{ __html: x }}\n  />\n);\n`,
  );
  assert.equal(
    lineFix('A.tsx', 'function A() {\n  return (\n    <div §dangerouslySetInnerHTML={{ __html: x }} />\n  );\n}\n'),
    `function A() {\n  // ${R}\n  return (\n    <div dangerouslySetInnerHTML={{ __html: x }} />\n  );\n}\n`,
  );
  assert.equal(
    lineFix(
      'A.jsx',
      'function A() {\n  return (\n    <div>\n      {ok && (\n' +
        '        <p §dangerouslySetInnerHTML={{ __html: x }} />\n      )}\n    </div>\n  );\n}\n',
    ),
    `function A() {\n  return (\n    <div>\n      {/* ${R} */}\n      {ok && (\n` +
      `        <p dangerouslySetInnerHTML={{ __html: x }} />\n      )}\n    </div>\n  );\n}\n`,
  );
  assert.equal(lineFix('a.ts', 'const k = `\n§x`;\n'), undefined);
  assert.equal(lineFix('a.ts', 'const k = "§x";\n'), `// ${R}\nconst k = "x";\n`);
});

test('Python: # above the line, never inside a triple-quoted string or after a backslash', async () => {
  await ready();
  assert.equal(lineFix('a.py', 'def f():\n    k = "§x"\n'), `def f():\n    # ${R}\n    k = "x"\n`);
  assert.equal(lineFix('a.py', 's = """\n§x\n"""\n'), undefined);
  assert.equal(lineFix('a.py', 'k = 1 + \\\n    §x\n'), undefined);
  assert.equal(
    fileFix('a.py', '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nk = §x\n'),
    `#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# ${F}\nk = x\n`,
  );
});

test('JSON and plain text have no comments: .preflightignore takes the file', async () => {
  await ready();
  const { text, finding } = at('{"k": "§x"}\n');
  const fixes = ignoreFixes(fileOf('conf/a.json', text), finding, () => 'node_modules');
  assert.deepEqual(
    fixes.map((f) => f.title),
    ['Ignore conf/a.json in .preflightignore'],
  );
  assert.deepEqual(fixes[0].otherFiles, [
    {
      path: '.preflightignore',
      edits: [{ start: 12, end: 12, newText: '\n/conf/a.json\n' }],
      createWith: '/conf/a.json\n',
    },
  ]);
});

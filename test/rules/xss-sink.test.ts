// xss-sink beyond the fixtures: which fix is preferred when, the non-preferred fixes' exact text,
// and broken input that must not throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { applyEdits } from '../../server/src/syntax/fixes';
import { applyFix, fileOf, findings, ready } from '../helpers/core';

const ID = 'xss-sink';

function fixTitles(path: string, text: string): string[] {
  const f = findings(path, text, ID);
  assert.equal(f.length, 1, `expected one finding in ${path}`);
  return (f[0].fixes ?? []).map((x) => `${x.preferred ? '*' : ''}${x.title}`);
}

test('markup built in place: no text fix (its own tags would show); escaping the dynamic parts offered', async () => {
  await ready();
  const text = 'list.innerHTML = `<li>${item}</li>`;\n';
  assert.deepEqual(fixTitles('src/a.js', text), ['Escape the dynamic parts with escapeHtml()']);
  assert.equal(
    applyFix('src/a.js', text, ID, 'Escape'),
    'list.innerHTML = `<li>${escapeHtml(item)}</li>`;\n\nfunction escapeHtml(value) {\n' +
      '  return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);\n}\n',
  );
  const concat = "el.innerHTML = '<div class=\"x\">' + v + '</div>';\nel.childNodes[0].style.color = 'red';\n";
  assert.deepEqual(fixTitles('src/a.ts', concat), ['Escape the dynamic parts with escapeHtml()']);
  assert.equal(
    applyFix('src/a.ts', concat, ID, 'Escape'),
    "el.innerHTML = '<div class=\"x\">' + escapeHtml(v) + '</div>';\nel.childNodes[0].style.color = 'red';\n\n" +
      'function escapeHtml(value: unknown): string {\n' +
      '  return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);\n}\n',
  );
});

test('a value of unknown origin with DOMPurify imported: sanitizing preferred, textContent offered', async () => {
  await ready();
  const text = "import purify from 'dompurify';\nel.innerHTML = msg;\n";
  assert.deepEqual(fixTitles('src/a.js', text), [
    'Use textContent (inserts text, not HTML)',
    '*Sanitize the value with purify.sanitize(...)',
  ]);
  assert.equal(
    applyFix('src/a.js', text, ID, 'Sanitize'),
    "import purify from 'dompurify';\nel.innerHTML = purify.sanitize(msg);\n",
  );
  assert.equal(
    applyFix('src/a.js', text, ID, 'textContent'),
    "import purify from 'dompurify';\nel.textContent = msg;\n",
  );
});

test('known plain text (form field, URL, model reply, error message): textContent preferred', async () => {
  await ready();
  for (const value of [
    'e.target.value',
    "new URLSearchParams(location.search).get('q')",
    'completion.choices[0].message.content',
    'err.message',
    "$('#name').val()",
  ]) {
    const text = `function show(e, el, completion, err, count) {\n  el.innerHTML = ${value};\n}\n`;
    assert.deepEqual(fixTitles('src/a.js', text), ['*Use textContent (inserts text, not HTML)'], value);
    assert.equal(applyFix('src/a.js', text, ID), text.replace('innerHTML', 'textContent'));
  }
});

test('HTML on purpose is never switched to text by fix-all', async () => {
  await ready();
  const cases: Array<[string, string]> = [
    ['src/a.js', '$label.html($label.html());\n'],
    ['src/a.js', "import { marked } from 'marked';\nel.innerHTML = marked(md);\n"],
    [
      'src/a.js',
      'function tip(el, opts) {\n  if (opts.html) el.innerHTML = opts.content;\n' +
        '  else el.textContent = opts.content;\n}\n',
    ],
    ['src/A.vue', '<template><div v-html="md.render(text)"></div></template>\n'],
    ['src/A.vue', '<template><div v-html="reply"></div></template>\n'],
  ];
  for (const [path, text] of cases) {
    const f = findings(path, text, ID);
    assert.ok(f.length > 0, `${path}: ${text}`);
    for (const x of f)
      assert.ok(
        !x.fixes?.some((fix) => fix.preferred && /text/i.test(fix.title)),
        `${text}: ${JSON.stringify(x.fixes)}`,
      );
  }
});

test('DOMPurify in package.json: "Sanitize with DOMPurify" adds the import', async () => {
  await ready();
  const text = "import { api } from './api';\nel.innerHTML = await api.page();\n";
  const f = analyze(RULES, fileOf('src/a.js', text), {
    readFile: (p) => (p === 'package.json' ? '{"dependencies":{"dompurify":"^3.0.0"}}' : undefined),
  });
  const fix = f.findings
    .find((x) => x.ruleId === ID)
    ?.fixes?.find((x) => x.title === 'Sanitize with DOMPurify.sanitize(...)');
  assert.ok(fix && !fix.preferred);
  assert.equal(
    applyEdits(text, fix.edits),
    "import { api } from './api';\nimport DOMPurify from 'dompurify';\n" +
      'el.innerHTML = DOMPurify.sanitize(await api.page());\n',
  );
});

test('named sanitize import and require() forms are recognised', async () => {
  await ready();
  const named = "import { sanitize as clean } from 'isomorphic-dompurify';\ndocument.write(msg);\n";
  assert.equal(
    applyFix('src/a.js', named, ID),
    "import { sanitize as clean } from 'isomorphic-dompurify';\ndocument.write(clean(msg));\n",
  );
  const required = "const DOMPurify = require('dompurify');\nel.outerHTML = msg;\n";
  assert.equal(
    applyFix('src/a.js', required, ID),
    "const DOMPurify = require('dompurify');\nel.outerHTML = DOMPurify.sanitize(msg);\n",
  );
});

test('insertAdjacentHTML and jQuery .html() switch to their text twins', async () => {
  await ready();
  assert.equal(
    applyFix('src/a.js', "el.insertAdjacentHTML('beforeend', msg);\n", ID),
    "el.insertAdjacentText('beforeend', msg);\n",
  );
  assert.equal(applyFix('src/a.js', "$('#out').html(msg);\n", ID), "$('#out').text(msg);\n");
});

test('outerHTML and document.write without DOMPurify have no automatic fix', async () => {
  await ready();
  assert.deepEqual(fixTitles('src/a.js', 'el.outerHTML = msg;\n'), []);
  assert.deepEqual(fixTitles('src/a.js', 'document.write(msg);\n'), []);
});

test('Streamlit f-string of unknown values: escaping offered, not preferred; the flag stays (own tags)', async () => {
  await ready();
  const text = 'import streamlit as st\nst.markdown(f"<b>{name}</b> {n:d}", unsafe_allow_html=True)\n';
  assert.deepEqual(fixTitles('app.py', text), ['Escape the interpolated values with html.escape()']);
  assert.equal(
    applyFix('app.py', text, ID, 'Escape'),
    'import html\nimport streamlit as st\n' +
      'st.markdown(f"<b>{html.escape(str(name))}</b> {n:d}", unsafe_allow_html=True)\n',
  );
});

test('Streamlit: a typed value is plain text, so escaping it (or dropping the flag) is preferred', async () => {
  await ready();
  const typed = 'import streamlit as st\nq = st.text_input("Q")\nst.markdown(q, unsafe_allow_html=True)\n';
  assert.deepEqual(fixTitles('app.py', typed), ['*Remove unsafe_allow_html=True (render the value as text)']);
  assert.equal(applyFix('app.py', typed, ID), 'import streamlit as st\nq = st.text_input("Q")\nst.markdown(q)\n');
});

test('Streamlit escape fix avoids a local variable named html', async () => {
  await ready();
  const text =
    'import streamlit as st\nhtml = f"<b>{name}</b>"\nst.markdown(f"<p>{html}</p>", unsafe_allow_html=True)\n';
  // The local `html` is itself dynamic, so both interpolations' sources are flagged through it.
  assert.equal(
    applyFix('app.py', text, ID),
    'import html as html_lib\nimport streamlit as st\nhtml = f"<b>{name}</b>"\n' +
      'st.markdown(f"<p>{html_lib.escape(str(html))}</p>", unsafe_allow_html=True)\n',
  );
});

test('Streamlit keyword first: the flag and its comma are removed', async () => {
  await ready();
  const text = 'import streamlit as st\nst.markdown(unsafe_allow_html=True, body=note)\n';
  assert.equal(applyFix('app.py', text, ID), 'import streamlit as st\nst.markdown(body=note)\n');
});

test('React: a const object passed to dangerouslySetInnerHTML is followed', async () => {
  await ready();
  const text =
    "import DOMPurify from 'dompurify';\nexport function A({ s }) {\n  const markup = { __html: s };\n" +
    '  return <div dangerouslySetInnerHTML={markup} />;\n}\n';
  assert.equal(
    applyFix('src/a.jsx', text, ID),
    "import DOMPurify from 'dompurify';\nexport function A({ s }) {\n" +
      '  const markup = { __html: DOMPurify.sanitize(s) };\n  return <div dangerouslySetInnerHTML={markup} />;\n}\n',
  );
});

test('Vue: a renderer call in v-html is flagged, v-text offered, not preferred; pug templates skipped', async () => {
  await ready();
  assert.deepEqual(fixTitles('src/A.vue', '<template><div v-html="marked(body)"></div></template>\n'), [
    'Use v-text (renders text, not HTML)',
  ]);
  assert.deepEqual(findings('src/B.vue', '<template lang="pug">\ndiv(v-html="body")\n</template>\n', ID), []);
});

test('a suppression comment silences the finding', async () => {
  await ready();
  assert.deepEqual(
    findings('src/a.js', 'el.innerHTML = msg; // preflight-ignore: xss-sink -- trusted CMS markup\n', ID),
    [],
  );
});

test('broken and unfinished input never throws', async () => {
  await ready();
  for (const [path, text] of [
    ['src/a.js', 'el.innerHTML = '],
    ['src/a.js', '$(x).html('],
    ['src/a.jsx', '<div dangerouslySetInnerHTML={{ __html: }} '],
    ['src/A.vue', '<template><p v-html="body'],
    ['src/A.vue', '<template><p v-html=body><!-- unclosed'],
    ['app.py', 'st.markdown(f"<b>{'],
    ['app.py', 'Markup(\nrender_template_string('],
  ]) {
    assert.doesNotThrow(() => findings(path, text, ID), `${path}: ${text}`);
  }
});

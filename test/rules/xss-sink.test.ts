// xss-sink beyond the fixtures: which fix is preferred when, the non-preferred fixes' exact text,
// and broken input that must not throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, ready } from '../helpers/core';

const ID = 'xss-sink';

function fixTitles(path: string, text: string): string[] {
  const f = findings(path, text, ID);
  assert.equal(f.length, 1, `expected one finding in ${path}`);
  return (f[0].fixes ?? []).map((x) => `${x.preferred ? '*' : ''}${x.title}`);
}

test('markup built in place without DOMPurify: textContent offered but not preferred', async () => {
  await ready();
  const text = 'list.innerHTML = `<li>${item}</li>`;\n';
  assert.deepEqual(fixTitles('src/a.js', text), ['Use textContent (inserts text, not HTML)']);
  assert.equal(applyFix('src/a.js', text, ID, 'textContent'), 'list.textContent = `<li>${item}</li>`;\n');
});

test('plain variable with DOMPurify imported: textContent preferred, sanitize offered', async () => {
  await ready();
  const text = "import purify from 'dompurify';\nel.innerHTML = msg;\n";
  assert.deepEqual(fixTitles('src/a.js', text), [
    '*Use textContent (inserts text, not HTML)',
    'Sanitize the value with purify.sanitize(...)',
  ]);
  assert.equal(
    applyFix('src/a.js', text, ID, 'Sanitize'),
    "import purify from 'dompurify';\nel.innerHTML = purify.sanitize(msg);\n",
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

test('Streamlit f-string: escaping preferred, dropping the flag offered', async () => {
  await ready();
  const text = 'import streamlit as st\nst.markdown(f"<b>{name}</b> {n:d}", unsafe_allow_html=True)\n';
  assert.deepEqual(fixTitles('app.py', text), [
    '*Escape the interpolated values with html.escape()',
    'Remove unsafe_allow_html=True (render the value as text)',
  ]);
  assert.equal(applyFix('app.py', text, ID, 'Remove'), 'import streamlit as st\nst.markdown(f"<b>{name}</b> {n:d}")\n');
});

test('Streamlit escape fix avoids a local variable named html', async () => {
  await ready();
  const text =
    'import streamlit as st\nhtml = f"<b>{name}</b>"\nst.markdown(f"<p>{html}</p>", unsafe_allow_html=True)\n';
  // The local `html` is itself dynamic, so both interpolations' sources are flagged through it.
  assert.equal(
    applyFix('app.py', text, ID),
    'import html as html_lib\nimport streamlit as st\nhtml = f"<b>{name}</b>"\nst.markdown(f"<p>{html_lib.escape(str(html))}</p>", unsafe_allow_html=True)\n',
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
    "import DOMPurify from 'dompurify';\nexport function A({ s }) {\n  const markup = { __html: s };\n  return <div dangerouslySetInnerHTML={markup} />;\n}\n";
  assert.equal(
    applyFix('src/a.jsx', text, ID),
    "import DOMPurify from 'dompurify';\nexport function A({ s }) {\n  const markup = { __html: DOMPurify.sanitize(s) };\n  return <div dangerouslySetInnerHTML={markup} />;\n}\n",
  );
});

test('Vue: a renderer call in v-html is flagged, v-text offered but not preferred; pug templates are skipped', async () => {
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

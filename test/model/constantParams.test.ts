// Call-site argument facts: a helper parameter that every call site in the workspace passes a constant to is not
// user-supplied, so `xss-sink` leaves the helper's `unsafe_allow_html` alone; any caller the model cannot
// follow, a dynamic argument, a callback registration, a decorator or a library without entry points keeps the
// finding. Through the real CLI on a fixture app (lint and checklist), and on the model's own answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { factsOfText } from '../../server/src/model/build';
import { ProjectModel } from '../../server/src/model/project';
import { initParsers } from '../../server/src/parse/parser';
import { CLI } from '../helpers/gitRepo';
import { BANNER_FLAGGED, CONSTANTS_APP as APP } from '../helpers/constantsApp';

test('lint: only helpers some caller may pass user data to are reported', () => {
  const run = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json', '--fail-on', 'error'], {
    cwd: APP,
    encoding: 'utf8',
  });
  assert.equal(run.status, 1, run.stderr); // xss-sink findings are errors
  const found = (JSON.parse(run.stdout) as Array<{ path: string; line: number; ruleId: string }>)
    .filter((f) => f.ruleId === 'xss-sink')
    .map((f) => `${f.path}:${f.line}`);
  assert.deepEqual(
    found,
    BANNER_FLAGGED.map((l) => `ui/banner.py:${l}`),
  );
});

test('checklist: output-escaped counts the same findings lint shows', () => {
  const run = spawnSync(process.execPath, [CLI, 'checklist', '.', '--format', 'json'], { cwd: APP, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as {
    items: Array<{ id: string; state: string; evidence: Array<{ path?: string; line?: number }> }>;
  };
  const item = report.items.find((i) => i.id === 'output-escaped')!;
  assert.equal(item.state, 'fail');
  assert.deepEqual(
    item.evidence.map((e) => `${e.path}:${e.line}`),
    BANNER_FLAGGED.map((l) => `ui/banner.py:${l}`),
  );
});

async function constantParams(files: Record<string, string>): Promise<string[]> {
  await initParsers();
  const model = new ProjectModel();
  for (const [path, text] of Object.entries(files)) model.update(factsOfText(path, text)!);
  return model.constantParams().map((c) => `${c.file}:${c.line} ${c.params.join(',')}`);
}

const HELPERS = `def card(title, body, tone="info"):
    return title + body + tone

def row(label):
    return label
`;

test('model: parameters every resolved call passes a literal, keyword literal, default or constant to', async () => {
  const got = await constantParams({
    'lib/ui.py': HELPERS,
    'app.py': `import streamlit as st
from lib.ui import card, row
from lib import ui
HEADING = "Hi"
card(HEADING, body="text")
ui.card("Other", "more", tone="warn")
row(st.text_input("label"))
`,
  });
  assert.deepEqual(got, ['lib/ui.py:1 title,body,tone']);
});

test('model: a spread, a callback registration or a decorator keeps every parameter', async () => {
  const got = await constantParams({
    'lib/ui.py': `${HELPERS}
import functools

@functools.cache
def cached(label):
    return label
`,
    'app.py': `import streamlit as st
from lib.ui import card, row, cached
card(*st.session_state.parts)
row("x")
st.button("go", on_click=row)
cached("y")
`,
  });
  assert.deepEqual(got, []);
});

test('model: no entry point (a library) gives no constant-only parameters', async () => {
  const got = await constantParams({ 'lib/ui.py': HELPERS, 'lib/use.py': 'from lib.ui import row\nrow("x")\n' });
  assert.deepEqual(got, []);
});

test('model: a handler registered with its framework is never constant-only, even if code calls it', async () => {
  await initParsers();
  const model = new ProjectModel();
  const text = `from flask import Flask
app = Flask(__name__)

@app.route("/")
def index():
    return banner("Welcome")

def greet(name):
    return f"<b>{name}</b>"

def banner(text):
    return f"<h1>{text}</h1>"

app.add_url_rule("/hi/<name>", view_func=greet)
greet("x")
`;
  model.update(factsOfText('app.py', text)!);
  assert.deepEqual(
    model.constantParams().map((c) => `${c.line} ${c.params.join(',')}`),
    ['11 text'],
  );
});

// Stack detection over small in-memory trees: one case per shape of project the checklist must tell apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appOf, detectStacks, pinnedRequirements, type ProjectTree } from '../../server/src/model/stacks';

function tree(files: Record<string, string>, extra: string[] = []): ProjectTree {
  return {
    paths: Object.keys(files),
    read: (p) => files[p],
    exists: (p) => p in files || extra.includes(p),
  };
}

test('a monorepo: FastAPI backend and React front end, lockfiles at the workspace root count', () => {
  const r = detectStacks(
    tree(
      {
        'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi>=0.110", "uvicorn"]\n',
        'backend/app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'frontend/package.json': '{"dependencies": {"react": "^18.0.0"}, "devDependencies": {"vite": "^5"}}',
        'frontend/src/App.tsx': 'import React from "react";\n',
        'docker-compose.yml': 'services: {}\n',
        'backend/Dockerfile': 'FROM python:3.12\n',
      },
      ['uv.lock', 'bun.lock'],
    ),
  );
  assert.equal(r.summary, 'FastAPI backend in backend/, React front end in frontend/');
  const [back, front] = r.apps;
  assert.deepEqual(
    [back.dir, back.kind, back.languages, back.lockfiles, back.packageManagers, back.deploy],
    ['backend', 'web-server', ['python'], ['uv.lock'], ['uv'], ['backend/Dockerfile']],
  );
  assert.deepEqual(
    [front.dir, front.kind, front.languages, front.lockfiles, front.packageManagers],
    ['frontend', 'front-end', ['typescript'], ['bun.lock'], ['bun']],
  );
  assert.deepEqual(r.deploy, ['docker-compose.yml']);
  assert.equal(appOf(r, 'backend/app/main.py')?.dir, 'backend');
});

test('frameworks come from code when the manifest is missing or only includes other files', () => {
  const r = detectStacks(
    tree({
      'requirements.txt': '-r requirements/base.txt\n',
      'requirements/base.txt': 'python-telegram-bot==21.0\nhttpx==0.27.0\n',
      'bot.py': 'from telegram.ext import Application\n',
    }),
  );
  assert.equal(r.summary, 'python-telegram-bot Telegram bot');
  assert.deepEqual(r.apps[0].lockfiles, ['requirements.txt'], 'fully pinned through its include');
  const s = detectStacks(tree({ 'Home.py': 'import streamlit as st\nst.title("x")\n' }));
  assert.deepEqual([s.apps[0].kind, s.summary], ['streamlit', 'Streamlit app']);
});

test('an Express server; examples, tests and a settings module named setup.py are not apps', () => {
  const r = detectStacks(
    tree({
      'package.json': '{"dependencies": {"express": "^4.19.0"}}',
      'src/index.js': "const express = require('express');\n",
      'examples/demo/package.json': '{"dependencies": {"next": "14"}}',
      '__tests__/e2e/package.json': '{"dependencies": {"@playwright/test": "1"}}',
      'config/setup.py': 'LOGGING = {}\n',
      Procfile: 'web: node src/index.js\n',
    }),
  );
  assert.equal(r.apps.length, 1);
  assert.deepEqual(
    [r.apps[0].kind, r.apps[0].packageManagers, r.apps[0].deploy],
    ['web-server', ['npm'], ['Procfile']],
  );
  assert.equal(r.summary, 'Express web app');
});

test('pinned requirements: == or hashes on every line', () => {
  assert.equal(pinnedRequirements('flask==3.0.0\nrequests==2.31.0  # http\n'), true);
  assert.equal(pinnedRequirements('flask==3.0.0 \\\n    --hash=sha256:abc\n'), true);
  assert.equal(pinnedRequirements('flask>=3\nrequests==2.31.0\n'), false);
  assert.equal(pinnedRequirements('# nothing\n'), false);
});

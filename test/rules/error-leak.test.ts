// error-leak beyond the fixtures: one finding per statement, fix shapes in unusual layouts, what has
// no automatic fix, and broken input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, lineAt, ready } from '../helpers/core';
import { applyEdits } from '../../server/src/syntax/fixes';

const ID = 'error-leak';

test('two leaking fields in one response: one finding, first becomes the message, the rest None', async () => {
  await ready();
  const text = [
    'import logging',
    'import traceback',
    'import uuid',
    'from flask import Flask, jsonify',
    'app = Flask(__name__)',
    '@app.route("/x")',
    'def x():',
    '    try:',
    '        return work()',
    '    except Exception as e:',
    '        return jsonify(error=str(e), trace=traceback.format_exc()), 500',
    '',
  ].join('\n');
  assert.equal(findings('app.py', text, ID).length, 1);
  assert.equal(
    applyFix('app.py', text, ID),
    text.replace(
      '        return jsonify(error=str(e), trace=traceback.format_exc()), 500',
      '        error_id = uuid.uuid4().hex\n        logging.exception("request failed (error_id=%s)", error_id)\n' +
        '        return jsonify(error=f"Internal error (id {error_id})", trace=None), 500',
    ),
  );
});

test('a return in a helper function that is not a handler is not flagged; in the route it is', async () => {
  await ready();
  const helper =
    'def load():\n    try:\n        return get()\n    except Exception as e:\n        return {"error": str(e)}\n';
  assert.deepEqual(findings('svc.py', helper, ID), []);
  const route =
    'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/x")\ndef x():\n    try:\n        return get()\n' +
    '    except Exception as e:\n        return {"error": str(e)}\n';
  assert.equal(findings('api.py', route, ID).length, 1);
});

test('a 4xx answer to a validation error is deliberate; the same for a bare Exception is not', async () => {
  await ready();
  const make = (caught: string) =>
    `from fastapi import HTTPException\ndef f(x):\n    try:\n        return int(x)\n    except ${caught} as e:\n` +
    `        raise HTTPException(status_code=400, detail=str(e))\n`;
  assert.deepEqual(findings('a.py', make('ValueError'), ID), []);
  assert.equal(findings('a.py', make('Exception'), ID).length, 1);
});

test('a single-line except suite is reported without an automatic fix', async () => {
  await ready();
  const text =
    'from fastapi import HTTPException\ntry:\n    go()\n' +
    'except Exception as e: raise HTTPException(500, detail=str(e))\n';
  const f = findings('a.py', text, ID);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
});

test('an expression-bodied .catch callback is reported without an automatic fix', async () => {
  await ready();
  const text = 'load().catch((err) => res.status(500).json({ error: err.message }));\n';
  const f = findings('src/a.js', text, ID);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
});

test('JS shorthand `{ err }` keeps its key in the fix', async () => {
  await ready();
  const text = 'try {\n  go();\n} catch (err) {\n  res.status(500).json({ err });\n}\n';
  assert.equal(
    applyFix('src/a.js', text, ID),
    'try {\n  go();\n} catch (err) {\n  const errorId = crypto.randomUUID();\n' +
      '  console.error(`request failed (errorId=${errorId})`, err);\n' +
      '  res.status(500).json({ err: `Internal error (id ${errorId})` });\n}\n',
  );
});

test('Hono onError and Fastify setErrorHandler responses are sinks', async () => {
  await ready();
  assert.equal(
    findings('src/a.ts', 'app.onError((err, c) => {\n  return c.json({ message: err.message }, 500);\n});\n', ID)
      .length,
    1,
  );
  assert.equal(
    findings(
      'src/a.js',
      'fastify.setErrorHandler(function (error, request, reply) {\n' +
        '  reply.status(500).send({ error: error.stack });\n});\n',
      ID,
    ).length,
    1,
  );
});

test('Koa ctx.body and discord interaction.reply are sinks', async () => {
  await ready();
  assert.equal(
    findings('src/a.js', 'try { await next(); } catch (err) {\n  ctx.body = { error: err.message };\n}\n', ID).length,
    1,
  );
  assert.equal(
    findings(
      'src/a.js',
      'try { run(); } catch (e) {\n  await interaction.reply({ content: `Failed: ${e}`, ephemeral: true });\n}\n',
      ID,
    ).length,
    1,
  );
});

test('a callback defined inside the except clause runs later and is not judged there', async () => {
  await ready();
  const text =
    'from flask import jsonify\ndef f():\n    try:\n        go()\n    except Exception as e:\n' +
    '        cb = lambda: jsonify(error=str(e))\n        register(cb)\n';
  assert.deepEqual(findings('a.py', text, ID), []);
});

test('broken and unfinished input never throws', async () => {
  await ready();
  for (const [path, text] of [
    ['a.py', 'try:\n    x()\nexcept Exception as e:\n    return JSONResponse({"e": str(e'],
    ['a.py', 'except as:\n  st.exception('],
    ['src/a.js', 'try { } catch (err) { res.json({ e: err.'],
    ['src/a.ts', 'app.use((err, req, res, next) => res.send(`${err'],
  ]) {
    assert.doesNotThrow(() => findings(path, text, ID), `${path}: ${text}`);
  }
});

test('two leaks in one catch block get distinct correlation-id names, so applying both fixes stays valid', async () => {
  await ready();
  const text = [
    'app.get("/a", async (req, res) => {',
    '  try {',
    '    await work();',
    '  } catch (err) {',
    '    if (req.query.verbose) return res.status(500).json({ error: err.message });',
    '    res.status(500).send(err.stack);',
    '  }',
    '});',
    '',
  ].join('\n');
  const leaks = findings('src/server.js', text, 'error-leak');
  assert.equal(leaks.length, 2);
  const edits = leaks.flatMap((f) => f.fixes![0].edits);
  const fixed = applyEdits(text, edits);
  assert.match(fixed, /const errorId = crypto\.randomUUID\(\);/);
  assert.match(fixed, /const errorId2 = crypto\.randomUUID\(\);/);
  assert.match(fixed, /send\(`Internal error \(id \$\{errorId2\}\)`\)/);
});

test('exception text carried by a variable: found, and the fix is offered but not preferred', async () => {
  await ready();
  const text = [
    'import logging',
    'import uuid',
    '',
    'from telegram import Update',
    'from telegram.ext import ContextTypes',
    '',
    '',
    'async def lookup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:',
    '    try:',
    '        await update.message.reply_text(find(update.message.text))',
    '    except Exception as e:',
    '        notice = f"Lookup failed: {e}"',
    '        await update.message.reply_text(notice)',
    '',
  ].join('\n');
  const [f, ...rest] = findings('bot.py', text, ID);
  assert.equal(rest.length, 0);
  assert.equal(lineAt(text, f.start), 12);
  // The variable may also carry messages written for the user in other branches: never applied on save.
  assert.deepEqual(
    f.fixes?.map((x) => [x.title, x.preferred]),
    [['Return a generic error with a correlation id and log the exception', false]],
  );
  assert.equal(
    applyFix('bot.py', text, ID),
    text.replace(
      '        await update.message.reply_text(notice)',
      [
        '        error_id = uuid.uuid4().hex',
        '        logging.exception("request failed (error_id=%s)", error_id)',
        '        await update.message.reply_text(f"Internal error (id {error_id})")',
      ].join('\n'),
    ),
  );
});

test('exception text in a variable that never reaches a reply is no leak; the direct reply keeps its fix', async () => {
  await ready();
  const text = [
    'from fastapi import FastAPI',
    'app = FastAPI()',
    '@app.get("/x")',
    'def x():',
    '    try:',
    '        return work()',
    '    except Exception as e:',
    '        reason = f"work failed: {e}"',
    '        print(reason)',
    '        return {"error": "failed", "why": str(e)}',
    '',
  ].join('\n');
  const all = findings('api.py', text, ID);
  assert.equal(all.length, 1);
  assert.equal(lineAt(text, all[0].start), 9);
  assert.equal(all[0].fixes?.[0]?.preferred, true);
});

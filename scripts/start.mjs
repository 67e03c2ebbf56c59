// `npm start`: builds and packages the extension, provisions code-server, installs the .vsix into a fresh profile
// and serves a scratch git copy of test/fixtures/demo-app in a real VS Code on 127.0.0.1 ONLY (never another
// interface: the workbench has a terminal, so it must not be reachable from the network). Ctrl+C stops and cleans up.
// Port: --port N, or PREFLIGHT_PORT, default 8080.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findVsix, installVsix, portIsFree, readProvision, startCodeServer, writeProfile } from './lib/vscodeWeb.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const die = (msg, code = 2) => {
  console.error(`npm start: ${msg}`);
  process.exit(code);
};

function parsePort(argv) {
  const i = argv.indexOf('--port');
  const raw =
    i >= 0
      ? argv[i + 1]
      : (argv.find((a) => a.startsWith('--port='))?.slice(7) ?? process.env.PREFLIGHT_PORT ?? '8080');
  const port = Number(raw);
  if (!/^\d+$/.test(String(raw ?? '')) || port < 1 || port > 65535)
    die(`invalid port "${raw ?? ''}" (use --port N or PREFLIGHT_PORT=N, 1-65535)`);
  return port;
}

function step(label, cmd, args, opts = {}) {
  console.log(`> ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) die(`${label} failed`, r.status === 2 ? 2 : 1);
}

function git(cwd, ...args) {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=Preflight Demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (r.status !== 0) die(`git ${args[0]} in the scratch workspace failed: ${r.stderr.trim()}`, 1);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: npm start [-- --port N]   (or PREFLIGHT_PORT=N npm start); serves on 127.0.0.1 only');
    return;
  }
  const port = parsePort(argv);
  // Checked before the long build so a busy port fails fast; checked again by the server's own bind.
  if (!(await portIsFree(port)))
    die(`port ${port} on 127.0.0.1 is already in use; pick another with --port N or PREFLIGHT_PORT=N`);

  step('build and package', process.execPath, ['scripts/package.mjs']); // package.mjs builds (minified) first
  step('provision', process.execPath, ['scripts/provision.mjs']);
  const vsix = findVsix(root);
  if (!vsix) die('npm run package produced no .vsix', 1);
  const prov = readProvision(root);

  const runDir = mkdtempSync(join(tmpdir(), 'preflight-start-'));
  let server;
  let stopping = false;
  const cleanup = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server and removing the scratch workspace');
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void cleanup(0));
  process.on('SIGTERM', () => void cleanup(0));
  try {
    const workspace = join(runDir, 'demo-app');
    cpSync(join(root, 'test', 'fixtures', 'demo-app'), workspace, { recursive: true });
    // A real repository, so the Source Control view, the staged scan and the hook have something to work on.
    git(workspace, 'init', '-q', '-b', 'main');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'demo app');
    const dirs = { userDataDir: join(runDir, 'user'), extDir: join(runDir, 'extensions'), runDir };
    writeProfile(dirs.userDataDir);
    console.log(`> install ${vsix.slice(root.length + 1)}`);
    installVsix(prov, vsix, dirs);
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} on 127.0.0.1 is already in use; pick another with --port N or PREFLIGHT_PORT=N`);
    server = await startCodeServer(prov, { ...dirs, port, workspace });
  } catch (err) {
    console.error(`npm start: ${err.message}`);
    await cleanup(err.message.includes('already in use') ? 2 : 1);
    return;
  }
  console.log(
    `\nPreflight demo in VS Code: ${server.url}  (127.0.0.1 only; workspace: a scratch copy of test/fixtures/demo-app)`,
  );
  console.log('Press Ctrl+C to stop.');
  const code = await server.exited;
  if (!stopping) {
    console.error(
      `npm start: code-server exited by itself (code ${code}); last output:\n` +
        `${server.output().trim().split('\n').slice(-10).join('\n')}`,
    );
    await cleanup(1);
  }
}

await main();

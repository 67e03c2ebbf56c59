// Runs a real VS Code (code-server, provisioned by scripts/provision.mjs) for the e2e tests and `npm start`:
// fresh profiles, extension install from the .vsix, a server bound to 127.0.0.1 only, stopped by its PID.
// Plain ESM without import.meta so the TypeScript e2e harness can bundle it too (types: vscodeWeb.d.mts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Settings for a fresh profile: no welcome page, no trust prompt, nothing phoning home, no AI side bar. */
export const PROFILE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** What provision.mjs installed; throws with the command to run when it has not run. */
export function readProvision(root) {
  const marker = join(root, '.cache', 'e2e', 'ready.json');
  if (!existsSync(marker)) throw new Error('VS Code for e2e is not provisioned: run `node scripts/provision.mjs`');
  return JSON.parse(readFileSync(marker, 'utf8'));
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port (we bind there only, so that is the address to test). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Newest .vsix in the repository root (what `npm run package` writes), or null. */
export function findVsix(root) {
  const found = readdirSync(root)
    .filter((n) => n.endsWith('.vsix'))
    .map((n) => join(root, n));
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0] ?? null;
}

/** Writes user settings into a fresh user-data dir. */
export function writeProfile(userDataDir, extraSettings = {}) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...PROFILE_SETTINGS, ...extraSettings }, null, 2),
  );
}

function baseArgs(prov, { userDataDir, extDir, runDir }) {
  const config = join(runDir, 'config.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\n');
  return [
    prov.codeServerEntry,
    '--config',
    config,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** Environment for code-server: its own TMPDIR so nothing lands in /tmp or the home folder. */
function envFor(runDir) {
  const tmp = join(runDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  return {
    ...process.env,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
  };
}

/** Installs a .vsix into extDir with code-server's own installer (the path a user takes). */
export function installVsix(prov, vsix, dirs) {
  const r = spawnSync(prov.node24, [...baseArgs(prov, dirs), '--install-extension', vsix, '--force'], {
    env: envFor(dirs.runDir),
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`installing ${vsix} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim()}`);
}

/**
 * Starts code-server on 127.0.0.1:port serving `workspace` and resolves once /healthz answers. With
 * `workspaceTrust`, trust stays on and the folder opens in Restricted Mode (for the untrusted-workspace test).
 * The server runs in its own process group; stop() ends the whole group by PID, always safe to call twice.
 */
export async function startCodeServer(
  prov,
  { port, workspace, userDataDir, extDir, runDir, onOutput, workspaceTrust },
) {
  const args = [
    ...baseArgs(prov, { userDataDir, extDir, runDir }),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    // workspaceTrust: keep VS Code's workspace trust on (the folder then opens in Restricted Mode).
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    workspace,
  ];
  const child = spawn(prov.node24, args, { env: envFor(runDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (d) => {
    output += d;
    if (output.length > 200_000) output = output.slice(-100_000);
    onOutput?.(String(d));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* group already gone */
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(killer);
  };
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `code-server exited with ${child.exitCode}: ${output.trim().split('\n').slice(-5).join(' | ')}`,
        );
      try {
        const res = await fetch(`${url}healthz`);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer ${url}healthz within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid, url, port, stop, exited, output: () => output };
}

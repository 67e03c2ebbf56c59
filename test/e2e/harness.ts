// The e2e harness: each scenario gets a fresh VS Code profile, a scratch copy of a fixture workspace, the packaged
// extension, its own code-server on a free 127.0.0.1 port and its own Chromium; all of it is stopped and removed
// in `finally`, and a failing scenario leaves a screenshot and the server log in test-results/.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  findVsix,
  freePort,
  installVsix,
  readProvision,
  startCodeServer,
  writeProfile,
  type Provision,
  type RunningServer,
} from '../../scripts/lib/vscodeWeb.mjs';
import { Workbench } from './workbench';

function findRepo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const REPO = findRepo();
const DEMO_APP = join(REPO, 'test', 'fixtures', 'demo-app');
const RESULTS = join(REPO, 'test-results');

export interface ScenarioOptions {
  /** Folder copied as the workspace; the demo app by default. */
  fixture?: string;
  /** `git init` the scratch workspace and commit its files, for scenarios that need a repository. */
  git?: boolean;
  /** Extra user settings for the fresh profile. */
  settings?: Record<string, unknown>;
  /** Open the folder untrusted: workspace trust on, no prompt, so VS Code starts in Restricted Mode. */
  untrusted?: boolean;
}

export interface Scenario {
  page: Page;
  wb: Workbench;
  workspace: string;
  server: RunningServer;
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  version: string;
};
const extensionId = `${manifest.publisher}.${manifest.name}`;

/** The .vsix to test: re-packed by `npm run package` when missing or older than the bundles it should contain. */
function currentVsix(): string {
  // A given .vsix is tested as it is (e.g. one built on another machine, or a pinned one while others rebuild out/).
  if (process.env.PREFLIGHT_E2E_VSIX) return process.env.PREFLIGHT_E2E_VSIX;
  const newest = Math.max(
    ...['out/extension.js', 'out/cli.js', 'package.json'].map((f) =>
      existsSync(join(REPO, f)) ? statSync(join(REPO, f)).mtimeMs : 0,
    ),
  );
  let vsix = findVsix(REPO);
  if (!vsix || statSync(vsix).mtimeMs < newest) {
    // --no-build: the bundles under test are the ones just built (npm test builds first).
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'package.mjs'), '--no-build'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`npm run package failed: ${(r.stderr || r.stdout).trim()}`);
    vsix = findVsix(REPO);
    if (!vsix) throw new Error('npm run package produced no .vsix in the repository root');
  }
  return vsix;
}

/**
 * An extensions dir holding the extension, prepared once per .vsix (keyed by its hash) and shared read-only by the
 * scenarios: installing takes seconds, and the profile, not the extensions dir, is what must be fresh.
 */
function extensionsDir(prov: Provision): string {
  const vsix = currentVsix();
  const key = createHash('sha256').update(readFileSync(vsix)).digest('hex').slice(0, 16);
  const dir = join(REPO, '.cache', 'e2e', 'extensions', key);
  if (existsSync(join(dir, '.ready'))) {
    utimesSync(dir, new Date(), new Date()); // marks it in use for the pruning below
    return dir;
  }
  const staging = mkdtempSync(join(REPO, '.cache', 'e2e', 'ext-staging-'));
  try {
    const ext = join(staging, 'ext');
    mkdirSync(ext);
    installVsix(prov, vsix, { userDataDir: join(staging, 'user'), extDir: ext, runDir: staging });
    const installed = join(ext, `${extensionId}-${manifest.version}`);
    if (!existsSync(join(installed, 'package.json'))) throw new Error(`installing ${vsix} left no ${installed}`);
    writeFileSync(join(ext, '.ready'), vsix);
    mkdirSync(dirname(dir), { recursive: true });
    try {
      renameSync(ext, dir);
    } catch {
      /* another run prepared it first */
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  // Installs of earlier builds pile up while developing; drop those unused for an hour (a run in progress keeps its
  // own).
  for (const old of readdirSync(dirname(dir))) {
    const path = join(dirname(dir), old);
    if (path !== dir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return dir;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=Preflight E2E', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
}

function slug(name: string): string {
  return (
    name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'scenario'
  );
}

/** With PREFLIGHT_E2E_TRACE=1, prints how long each phase of a scenario took (to see where time goes). */
function tracer(name: string): (phase: string) => void {
  const start = Date.now();
  return process.env.PREFLIGHT_E2E_TRACE
    ? (phase) => console.error(`[e2e] ${name}: ${phase} at ${((Date.now() - start) / 1000).toFixed(1)} s`)
    : () => undefined;
}

/** Runs `body` against a real VS Code with the extension on a scratch workspace; cleans up whatever happens. */
export async function withScenario(
  name: string,
  options: ScenarioOptions,
  body: (s: Scenario) => Promise<void>,
): Promise<void> {
  const trace = tracer(name);
  const prov = readProvision(REPO);
  const extDir = extensionsDir(prov);
  trace('extension ready');
  const runDir = mkdtempSync(join(tmpdir(), 'preflight-e2e-'));
  const workspace = join(runDir, 'workspace');
  const userDataDir = join(runDir, 'user');
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    cpSync(options.fixture ?? DEMO_APP, workspace, { recursive: true });
    if (options.git) {
      git(workspace, 'init', '-q', '-b', 'main');
      git(workspace, 'add', '-A');
      git(workspace, 'commit', '-q', '-m', 'demo app');
    }
    writeProfile(
      userDataDir,
      options.untrusted
        ? {
            ...options.settings,
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
          }
        : options.settings,
    );
    server = await startCodeServer(prov, {
      port: await freePort(),
      workspace,
      userDataDir,
      extDir,
      runDir,
      workspaceTrust: options.untrusted,
    });
    trace('code-server up');
    browser = await chromium.launch({
      executablePath: prov.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const wb = new Workbench(page, workspace);
    await wb.load(server.url);
    trace('workbench loaded');
    await body({ page, wb, workspace, server });
    trace('scenario done');
  } catch (err) {
    mkdirSync(RESULTS, { recursive: true });
    const base = join(RESULTS, `${slug(name)}-${Date.now()}`);
    if (page) await page.screenshot({ path: `${base}.png` }).catch(() => undefined);
    if (server) writeFileSync(`${base}.log`, server.output());
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** 1-based line and column of the first occurrence of `needle` in a file (throws when absent: the fixture changed). */
export function positionOf(file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found in ${file}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

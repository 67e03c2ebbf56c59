// Real code for the benchmarks: the Python standard library of this machine, TypeScript from
// ../shared/realworld and node_modules, and a real workspace (a copy of ../shared/realworld).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';

/**
 * The real folder, never a link to it: copying a symbolic link copies the link, and the benches would then
 * write (and `git init`) inside ../shared/realworld itself.
 */
export const REALWORLD = realFolder(join(REPO, '..', 'shared', 'realworld'));

function realFolder(path: string): string {
  return existsSync(path) ? realpathSync(path) : path;
}

/** The standard library folder of the first `python3` found (pyenv's or the system's), if any. */
export function pythonStdlib(): string | undefined {
  for (const py of ['python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import json, os; print(os.path.dirname(os.path.dirname(json.__file__)))'], {
      encoding: 'utf8',
    });
    const dir = r.status === 0 ? r.stdout.trim() : '';
    if (dir && existsSync(join(dir, 'asyncio'))) return dir;
  }
  for (const dir of ['/usr/lib/python3.11', '/usr/lib/python3']) if (existsSync(join(dir, 'asyncio'))) return dir;
  return undefined;
}

/** Files under dir (recursively) whose names pass `keep`, sorted so every run reads the same text. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name === '__pycache__' || name.startsWith('.')) continue;
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) visit(p);
      else if (st?.isFile() && keep(name)) out.push(p);
    }
  };
  visit(dir);
  return out;
}

/** Exactly `lines` lines of the given files concatenated (repeated if they are too few). */
function concatenated(files: readonly string[], lines: number): string {
  if (!files.length) throw new Error('no source files to build the benchmark text from');
  const out: string[] = [];
  for (let i = 0; out.length < lines; i = (i + 1) % files.length)
    out.push(...readFileSync(files[i], 'utf8').replace(/\r\n/g, '\n').split('\n'));
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** Real Python: the standard library's asyncio, email and json packages (then more, if needed). */
export function realPython(lines: number): string | undefined {
  const lib = pythonStdlib();
  if (!lib) return undefined;
  const files = ['asyncio', 'email', 'json', 'http', 'urllib', 'logging'].flatMap((p) =>
    filesUnder(join(lib, p), (n) => n.endsWith('.py')),
  );
  return concatenated(files, lines);
}

/** Real TypeScript: every .ts file of ../shared/realworld, then TypeScript sources shipped in node_modules. */
export function realTypeScript(lines: number): string | undefined {
  const ts = (n: string): boolean => n.endsWith('.ts') && !n.endsWith('.d.ts');
  const files = existsSync(REALWORLD) ? filesUnder(REALWORLD, ts) : [];
  for (const pkg of ['@azure/msal-common/src', '@azure/msal-browser/src', 'markdown-it/node_modules/entities/src']) {
    const dir = join(REPO, 'node_modules', pkg);
    if (existsSync(dir)) files.push(...filesUnder(dir, ts));
  }
  return files.length ? concatenated(files, lines) : undefined;
}

/** Copies ../shared/realworld to dest and makes it a git repository with one commit (as a user's clone is). */
export function realWorkspace(dest: string): boolean {
  if (!existsSync(REALWORLD)) return false;
  cpSync(REALWORLD, dest, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dest, stdio: 'ignore' });
  };
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'copy', '--no-verify');
  return true;
}

export function countFiles(dir: string): number {
  return filesUnder(dir, () => true).length;
}

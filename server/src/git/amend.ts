// Whether the staged scan runs inside `git commit --amend`. Git does not tell a pre-commit hook, but an
// amended commit replaces HEAD, so a secret that came into HEAD with --no-verify would otherwise pass
// unseen: the scan must compare with HEAD's parent. The hook's ancestors are read (Linux /proc, else ps).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface ProcInfo {
  ppid: number;
  args: string[];
}

function fromProc(pid: number): ProcInfo | undefined {
  try {
    // /proc files are small and never block; the command line is NUL-separated.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid, args };
  } catch {
    return undefined;
  }
}

function fromPs(pid: number): ProcInfo | undefined {
  const r = spawnSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  const m = r.status === 0 ? /^\s*(\d+)\s+(.*)$/.exec(r.stdout.trim()) : null;
  return m ? { ppid: Number(m[1]), args: m[2].split(/\s+/) } : undefined;
}

/** True, false, or undefined when the process tree cannot be read (the caller says so). */
export function runningUnderAmend(): boolean | undefined {
  const info = process.platform === 'linux' ? fromProc : fromPs;
  let pid = process.ppid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const p = info(pid);
    if (!p) return depth === 0 ? undefined : false;
    const commit = p.args.findIndex((a) => a === 'commit');
    if (commit !== -1 && /(^|\/)git(\.exe)?$/.test(p.args[0] ?? ''))
      return p.args.slice(commit + 1).includes('--amend');
    pid = p.ppid;
  }
  return false;
}

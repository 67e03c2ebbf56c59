// `npm run bench model`: building the project model in the background for generated workspaces of 500 and
// 2,000 files: build time (wall and CPU; CPU is what to quote on a busy machine), per file (the two sizes
// show whether the build is linear), the longest event-loop stall while it builds (what on-type diagnostics
// would wait for), resolving every endpoint, re-resolving after one file changes, and heap growth.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProjectModel, factsOfText } from '../../server/src/model/build';
import { writeCorpus } from './corpus';

const SIZES = [500, 2000];
const LINES_PER_FILE = 120;

/** Runs `work`, returning its result with wall and CPU (user + system) milliseconds. */
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

async function measure(files: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-model-'));
  try {
    const root = join(dir, 'corpus');
    const corpus = writeCorpus(root, files, LINES_PER_FILE);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    // A 5 ms ticker stands in for the editor's requests: its largest gap is how long a keystroke could wait.
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const build = await timed(() => buildProjectModel([root], { cwd: root }));
    clearInterval(ticker);
    const model = build.value;
    const heap = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    const resolve = await timed(() => model.endpoints());
    const changed = model.files().find((f) => f.endpoints.endpoints.length)!;
    const update = await timed(() => {
      const facts = factsOfText(changed.file, readFileSync(join(root, changed.file), 'utf8'));
      if (facts) model.update(facts);
      return model.endpoints();
    });
    const ms = (n: number): string => `${n.toFixed(0)} ms`;
    console.log(
      `build project model: ${model.size} files (${corpus.lines.toLocaleString('en')} lines): ` +
        `${ms(build.wall)} wall, ` +
        `${ms(build.cpu)} CPU, ${(build.cpu / model.size).toFixed(2)} ms CPU per file; ` +
        `longest event-loop stall ${maxGap.toFixed(1)} ms`,
    );
    console.log(
      `  resolve ${resolve.value.length} endpoints: ${ms(resolve.cpu)} CPU; one file changed + re-resolve: ` +
        `${ms(update.cpu)} CPU; heap growth ${heap.toFixed(1)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const size of SIZES) await measure(size);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

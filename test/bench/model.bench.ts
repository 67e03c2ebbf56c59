// `npm run bench model`: building the project model for a generated ~2,000-file workspace in the background:
// total build time, the longest event-loop stall while it builds (what on-type diagnostics would wait for),
// resolving every endpoint, and re-resolving after one file changes. Memory: heap growth for the facts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProjectModel, factsOfText } from '../../server/src/model/build';
import { writeCorpus } from './corpus';

const FILES = 2000;
const LINES_PER_FILE = 120;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-model-'));
  try {
    const root = join(dir, 'corpus');
    const corpus = writeCorpus(root, FILES, LINES_PER_FILE);
    console.log(`corpus: ${corpus.files} files, ${corpus.lines.toLocaleString('en')} lines`);
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
    const t0 = performance.now();
    const model = await buildProjectModel([root], { cwd: root });
    const build = performance.now() - t0;
    clearInterval(ticker);
    const heap = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    const t1 = performance.now();
    const endpoints = model.endpoints();
    const resolve = performance.now() - t1;
    const changed = model.files().find((f) => f.endpoints.endpoints.length)!;
    const t2 = performance.now();
    const facts = factsOfText(changed.file, readFileSync(join(root, changed.file), 'utf8'));
    if (facts) model.update(facts);
    model.endpoints();
    const update = performance.now() - t2;
    console.log(
      `build project model (background, yields every 20 ms): ${(build / 1000).toFixed(2)} s for ${model.size} files`,
    );
    console.log(`longest event-loop stall while building: ${maxGap.toFixed(1)} ms`);
    console.log(
      `resolve ${endpoints.length} endpoints: ${resolve.toFixed(0)} ms; one file changed + re-resolve: ${update.toFixed(0)} ms`,
    );
    console.log(`heap growth for the model: ${heap.toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

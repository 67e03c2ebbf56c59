// unbounded-expensive-endpoint: one cheap request makes the server render a PDF, drive a headless browser,
// build an archive or a spreadsheet. With no cache, semaphore, queue or rate limit, a few clients (or one
// loop) exhaust CPU and memory. Also: asyncio semaphores whose release is skipped when a task is cancelled,
// which leaks a slot each time until the endpoint stops answering.
import type { Node, Rule, TreeContext } from '../core/types';
import { calleeName, descendants, nodesAt } from '../syntax/tree';
import { handlerContaining } from '../syntax/handlers';
import { handlersOf } from '../syntax/scopes';

/** Calls that build something expensive (by callee text). */
const PY_EXPENSIVE =
  /^(?:pdfkit\.from_\w+|weasyprint\.\w+|HTML\(.*\)\.write_pdf|\w+\.write_pdf|pisa\.CreatePDF|SimpleDocTemplate|canvas\.Canvas|FPDF|zipfile\.ZipFile|ZipFile|shutil\.make_archive|tarfile\.open|\w+\.to_excel|openpyxl\.Workbook|Workbook|xlsxwriter\.Workbook|(?:[\w.]*\.)?(?:chromium|firefox|webkit)\.launch|launch|\w+\.pdf|\w*(?:generate|build|create|render|make)_(?:report|pdf|export|archive|zip|xlsx|excel)\w*)$/;
const JS_EXPENSIVE =
  /^(?:puppeteer\.launch|chromium\.launch|\w+\.pdf|archiver|PDFDocument|JSZip|\w+\.generateAsync|XLSX\.write\w*|\w+\.xlsx\.write\w*|\w*(?:generate|build|create|render|make)(?:Report|Pdf|PDF|Export|Archive|Zip|Xlsx|Excel)\w*)$/;
const PY_CANDIDATES =
  /\b(?:from_\w+|write_pdf|CreatePDF|SimpleDocTemplate|Canvas|FPDF|ZipFile|make_archive|tarfile|to_excel|Workbook|launch|pdf|(?:generate|build|create|render|make)_(?:report|pdf|export|archive|zip|xlsx|excel)\w*)\s*\(/g;
const JS_CANDIDATES =
  /\b(?:launch|pdf|archiver|PDFDocument|JSZip|generateAsync|write\w*|(?:generate|build|create|render|make)(?:Report|Pdf|PDF|Export|Archive|Zip|Xlsx|Excel)\w*)\s*\(/g;
/** Something in the file already bounds or amortises the work. */
const BOUNDED =
  /lru_cache|@cache\b|@cached|cache_page|\bcache\.(?:get|set)|redis|\blimiter\b|rate_?limit|RateLimit|@limits?\b|throttle|BackgroundTasks|background_tasks|\.delay\(|\.apply_async\(|\.enqueue\(|celery|rq\.|dramatiq|pLimit|p-limit|p-queue|Bottleneck|\bbull(?:mq)?\b|\bqueue\b|Queue\(|express-rate-limit|rateLimit\(|slowDown|apicache|memoize|unstable_cache|revalidate/i;

/** Bounds that only count inside the handler: a semaphore or capacity limiter held around the work. */
const HANDLER_BOUNDED = /\bwith\s+\w*(?:sem|gate|limit|lock)\w*|\.acquire\(|CapacityLimiter/i;

function reportHandlers(ctx: TreeContext, candidates: RegExp, expensive: RegExp, type: string): void {
  if (BOUNDED.test(ctx.text)) return;
  const handlers = handlersOf(ctx).filter((h) => h.kind === 'http' && h.fn);
  if (!handlers.length) return;
  const reported = new Set<number>();
  for (const call of nodesAt(ctx.root, ctx.text, candidates, type)) {
    const name =
      calleeName(call) ||
      (call.childForFieldName('function')?.text ?? call.childForFieldName('constructor')?.text ?? '');
    if (!expensive.test(name)) continue;
    const handler = handlerContaining(handlers, call);
    if (!handler?.fn || reported.has(handler.fn.startIndex)) continue;
    if (BOUNDED.test(handler.guards.map((g) => g.text).join(' ')) || HANDLER_BOUNDED.test(handler.fn.text)) continue;
    reported.add(handler.fn.startIndex);
    ctx.report({ start: call.startIndex, end: call.endIndex, messageId: 'unbounded' });
  }
}

/** `await sem.acquire()` whose `sem.release()` is not in a `finally` clause. */
function checkSemaphores(ctx: TreeContext): void {
  if (!/Semaphore\s*\(/.test(ctx.text)) return;
  const semaphores = new Set<string>();
  for (const call of nodesAt(ctx.root, ctx.text, /\bSemaphore\s*\(/g, 'call')) {
    const assignment = call.parent;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left')?.text : undefined;
    if (target) semaphores.add(target);
  }
  for (const call of nodesAt(ctx.root, ctx.text, /\.\s*acquire\s*\(/g, 'call')) {
    const fn = call.childForFieldName('function');
    const owner = fn?.childForFieldName('object')?.text ?? '';
    if (!semaphores.has(owner)) continue;
    let scope: Node | null = call.parent;
    while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
    if (!scope) continue;
    const releases = descendants(scope, 'call').filter((c) => calleeName(c) === `${owner}.release`);
    const protectedRelease = releases.some((r) => {
      for (let p = r.parent; p && p !== scope; p = p.parent) if (p.type === 'finally_clause') return true;
      return false;
    });
    if (protectedRelease || !releases.length) continue;
    ctx.report({ start: call.startIndex, end: call.endIndex, messageId: 'semaphoreNotReleased' });
  }
}

export const unboundedExpensiveEndpoint: Rule = {
  meta: {
    id: 'unbounded-expensive-endpoint',
    title: 'Expensive response built on every request without a bound',
    defaultSeverity: 'info',
    summary:
      'A handler that renders PDFs, drives a headless browser or builds archives, spreadsheets or reports on ' +
      'every request with no cache, semaphore, queue or rate limit; semaphores released outside finally.',
    checklistItem: 'rate-limits',
    taxonomy: { cwe: [770, 400], owasp: 'A04', securitySeverity: 5.3 },
    languages: ['python', 'js'],
    messages: {
      unbounded:
        'This endpoint builds an expensive response (PDF, browser render, archive, spreadsheet or ' +
        'report) on every request, with no cache, concurrency limit, queue or rate limit: a handful of ' +
        'requests can exhaust CPU and memory. Cache the result, build it in a background job, or bound ' +
        'it with a semaphore or rate limit.',
      semaphoreNotReleased:
        'Semaphore acquired without a release in `finally` (or `async with`): when the task is cancelled ' +
        'or raises (client disconnects, timeouts), the slot is never returned, and after a few of those ' +
        'the endpoint hangs. Use `async with semaphore:`.',
    },
  },
  keywords: [
    'pdf',
    'PDF',
    'Pdf',
    'Zip',
    'zip',
    'archive',
    'excel',
    'Workbook',
    'launch',
    'report',
    'Report',
    'Semaphore',
    'xlsx',
    'XLSX',
  ],
  python(ctx) {
    if (ctx.options.isTestFile) return;
    reportHandlers(ctx, PY_CANDIDATES, PY_EXPENSIVE, 'call');
    checkSemaphores(ctx);
  },
  js(ctx) {
    if (ctx.options.isTestFile) return;
    for (const type of ['call_expression', 'new_expression']) reportHandlers(ctx, JS_CANDIDATES, JS_EXPENSIVE, type);
  },
};

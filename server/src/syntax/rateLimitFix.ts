// Fix builders for rate-limit-missing: slowapi (FastAPI), flask-limiter (Flask), express-rate-limit (Express).
import type { Node, TextEdit, TreeContext } from '../core/types';
import type { Handler } from './handlers';
import { ensurePythonFromImport } from './fixes';
import { indentAt } from './python';
import { addRequestParam } from './requestParam';
import { calleeName, kids, lastSegment } from './tree';

const DEFAULT_LIMIT = '10/minute';

/** The module-level `app = FastAPI(...)` / `app = Flask(...)` statement, if any. */
function appStatement(root: Node, factory: string): { stmt: Node; name: string } | undefined {
  for (const stmt of kids(root)) {
    const assign = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    const right = assign?.type === 'assignment' ? assign.childForFieldName('right') : undefined;
    if (right?.type === 'call' && lastSegment(calleeName(right)) === factory)
      return { stmt, name: assign?.childForFieldName('left')?.text ?? 'app' };
  }
  return undefined;
}

function lastImportEnd(root: Node): number {
  const imports = kids(root).filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement');
  return imports.length ? imports[imports.length - 1].endIndex : 0;
}

function hasLimiter(root: Node): boolean {
  return kids(root).some((s) => s.type === 'expression_statement' && /^limiter\s*=/.test(s.text));
}

/** Decorator line inserted right below the route decorator (slowapi and flask-limiter both need that order). */
function limitDecoratorEdit(ctx: TreeContext, handler: Handler): TextEdit {
  const at = ctx.text.indexOf('\n', handler.anchor.endIndex) + 1; // start of the line after the route decorator
  return {
    start: at,
    end: at,
    newText: `${indentAt(ctx.text, handler.anchor.startIndex)}@limiter.limit("${DEFAULT_LIMIT}")\n`,
  };
}

export function fastapiLimitFix(ctx: TreeContext, handler: Handler): TextEdit[] {
  if (!handler.fn) return [];
  const edits: TextEdit[] = [limitDecoratorEdit(ctx, handler), ...addRequestParam(ctx, handler.fn)];
  if (!hasLimiter(ctx.root)) {
    edits.push(...ensurePythonFromImport(ctx.root, 'slowapi', ['Limiter', '_rate_limit_exceeded_handler']));
    edits.push(
      ...ensurePythonFromImport(ctx.root, 'slowapi.errors', 'RateLimitExceeded'),
      ...ensurePythonFromImport(ctx.root, 'slowapi.util', 'get_remote_address'),
    );
    const app = appStatement(ctx.root, 'FastAPI');
    const setup = app
      ? `\nlimiter = Limiter(key_func=get_remote_address)\n${app.name}.state.limiter = limiter\n` +
        `${app.name}.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)`
      : '\nlimiter = Limiter(key_func=get_remote_address)';
    const at = app ? app.stmt.endIndex : lastImportEnd(ctx.root);
    edits.push({ start: at, end: at, newText: setup });
  }
  return mergeSameOffset(edits);
}

export function flaskLimitFix(ctx: TreeContext, handler: Handler): TextEdit[] {
  const edits: TextEdit[] = [limitDecoratorEdit(ctx, handler)];
  if (!hasLimiter(ctx.root)) {
    edits.push(
      ...ensurePythonFromImport(ctx.root, 'flask_limiter', 'Limiter'),
      ...ensurePythonFromImport(ctx.root, 'flask_limiter.util', 'get_remote_address'),
    );
    const app = appStatement(ctx.root, 'Flask');
    const at = app ? app.stmt.endIndex : lastImportEnd(ctx.root);
    edits.push({
      start: at,
      end: at,
      newText: app
        ? `\nlimiter = Limiter(get_remote_address, app=${app.name})`
        : '\nlimiter = Limiter(get_remote_address)',
    });
  }
  return mergeSameOffset(edits);
}

/** Local name express-rate-limit is imported under, or undefined. */
function rateLimitImportName(text: string): string | undefined {
  return (
    /import\s+(\w+)\s+from\s+["']express-rate-limit["']/.exec(text)?.[1] ??
    /(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*["']express-rate-limit["']\s*\)/.exec(text)?.[1] ??
    /import\s*\{\s*rateLimit(?:\s+as\s+(\w+))?\s*\}\s*from\s*["']express-rate-limit["']/.exec(text)?.[1] ??
    (/import\s*\{\s*rateLimit\s*\}\s*from\s*["']express-rate-limit["']/.test(text) ? 'rateLimit' : undefined)
  );
}

export function expressLimitFix(ctx: TreeContext, handler: Handler): TextEdit[] {
  const args = handler.anchor.childForFieldName('arguments');
  const handlerArg = args
    ? kids(args)
        .filter((a) => a.type !== 'comment')
        .pop()
    : undefined;
  if (!handlerArg) return [];
  const existing = rateLimitImportName(ctx.text);
  const name = existing ?? 'rateLimit';
  const edits: TextEdit[] = [
    { start: handlerArg.startIndex, end: handlerArg.startIndex, newText: `${name}({ windowMs: 60_000, limit: 10 }), ` },
  ];
  if (!existing) {
    const statements = kids(ctx.root);
    const esm = statements.some((s) => s.type === 'import_statement');
    const anchors = statements.filter((s) =>
      esm ? s.type === 'import_statement' : /require\(/.test(s.text) && s.type !== 'expression_statement',
    );
    const last = anchors[anchors.length - 1];
    const line = esm
      ? 'import rateLimit from "express-rate-limit";'
      : 'const rateLimit = require("express-rate-limit");';
    edits.push(
      last
        ? { start: last.endIndex, end: last.endIndex, newText: `\n${line}` }
        : { start: 0, end: 0, newText: `${line}\n` },
    );
  }
  return edits;
}

/** Several insertions at one offset must become one edit (edits may not overlap). */
function mergeSameOffset(edits: TextEdit[]): TextEdit[] {
  const byStart = new Map<string, TextEdit>();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const prev = byStart.get(key);
    if (prev && e.start === e.end) prev.newText += e.newText;
    else byStart.set(key, { ...e });
  }
  return [...byStart.values()];
}

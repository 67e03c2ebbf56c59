// temp-file-leak: temp files created to outlive their handle (delete=False, mkstemp, mkdtemp) that are only
// cleaned up on the happy path, or never: every failed request leaves a file behind (disk fills, data lingers).
import type { Fix, Node, Rule, TreeContext } from '../core/types';
import { ensurePythonImport } from '../syntax/fixes';
import { indentAt, keywordArg } from '../syntax/python';
import { calleeName, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';

const CLEANUP = /(^|\.)(unlink|remove|rmtree|cleanup)$/;
const DEFERRED_CLEANUP = /(^|\.)(BackgroundTask|add_task|register|addfinalizer|finalize|call_on_close)$/;

function creates(call: Node): 'named' | 'mkstemp' | 'mkdtemp' | undefined {
  const name = lastSegment(calleeName(call));
  if (name === 'NamedTemporaryFile' && keywordArg(call, 'delete')?.type === 'false') return 'named';
  if (name === 'mkstemp') return 'mkstemp';
  if (name === 'mkdtemp') return 'mkdtemp';
  return undefined;
}

/** Cleanup that runs on every path: in a `finally`, or handed to a framework to run later. */
function cleanedUp(scope: Node): boolean {
  for (const fin of descendants(scope, 'finally_clause')) {
    if (descendants(fin, 'call').some((c) => CLEANUP.test(calleeName(c)))) return true;
  }
  return descendants(scope, 'call').some(
    (c) => DEFERRED_CLEANUP.test(calleeName(c)) && /unlink|remove|rmtree|cleanup/.test(c.text),
  );
}

/** The name bound to the temp file/dir: `tmp` for `tmp = ...`, `path` for `fd, path = mkstemp()`. */
function boundName(call: Node): { statement: Node; target: string } | undefined {
  const assign = call.parent;
  if (assign?.type !== 'assignment' || assign.parent?.type !== 'expression_statement') return undefined;
  const left = assign.childForFieldName('left');
  if (left?.type === 'identifier') return { statement: assign.parent, target: left.text };
  if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') {
    const parts = kids(left);
    if (parts.length === 2 && parts[1].type === 'identifier')
      return { statement: assign.parent, target: parts[1].text };
  }
  return undefined;
}

/** `return path` or `return fd, path`: ownership passes to the caller. */
function returnsName(fn: Node, name: string): boolean {
  return descendants(fn, 'return_statement').some((r) => {
    const value = kids(r)[0];
    return value?.text === name || (value?.type === 'expression_list' && kids(value).some((v) => v.text === name));
  });
}

/** Responses and helpers that read the file after the function has returned (the finally would come first). */
const DEFERRED_READER =
  /(^|\.)(FileResponse|StreamingResponse|Response|send_file|send_from_directory|FileWrapper|submit|Thread|Process|apply_async|delay|append|add|put|extend|update|setdefault)$/;

/**
 * The path outlives the function: returned inside a value or a response (`return FileResponse(tmp.name)`,
 * `return {"path": path}`), stored (`self.path = path`, `paths.append(path)`), or handed to a thread or task.
 * There a `finally` would delete the file before it is read, so the fix is offered, not preferred.
 */
function pathEscapes(scope: Node, target: string): boolean {
  const uses = descendants(scope, 'identifier').filter((i) => i.text === target);
  return uses.some((use) => {
    let sawArgument = false;
    for (let p = use.parent; p && p.id !== scope.id; p = p.parent) {
      if (p.type === 'argument_list') {
        const call = p.parent;
        if (call?.type === 'call' && DEFERRED_READER.test(calleeName(call))) return true;
        sawArgument = true;
      }
      if (p.type === 'return_statement' || p.type === 'yield') return !sawArgument;
      if (p.type === 'assignment') {
        const left = p.childForFieldName('left');
        const inRight = (p.childForFieldName('right')?.startIndex ?? Infinity) <= use.startIndex;
        return inRight && !!left && left.type !== 'identifier' && !sawArgument;
      }
      if (p.type === 'expression_statement' || p.type === 'block') return false;
    }
    return false;
  });
}

/** Wraps the statements after the creation in try/finally with the cleanup call. */
function wrapFix(ctx: TreeContext, call: Node, kind: 'named' | 'mkstemp' | 'mkdtemp'): Fix | undefined {
  const bound = boundName(call);
  const block = bound?.statement.parent;
  if (!bound || !block) return undefined;
  const siblings = kids(block);
  // Nodes are fresh objects: compare by position. A comment at the end of the creation line stays with it (the
  // creation must stay outside the try, or a failing creation meets an unbound name in `finally`).
  const createdOn = bound.statement.endPosition.row;
  const rest = siblings.filter(
    (s) => s.startIndex > bound.statement.startIndex && !(s.type === 'comment' && s.startPosition.row === createdOn),
  );
  if (!rest.length) return undefined;
  const restStart = ctx.text.lastIndexOf('\n', rest[0].startIndex) + 1;
  const restEnd = rest[rest.length - 1].endIndex;
  const body = ctx.text.slice(restStart, restEnd);
  if (/("""|''')/.test(body)) return undefined; // re-indenting would change multi-line string contents
  const indent = indentAt(ctx.text, bound.statement.startIndex);
  const unit = indent.includes('\t') ? '\t' : '    ';
  const cleanup =
    kind === 'named'
      ? `os.unlink(${bound.target}.name)`
      : kind === 'mkstemp'
        ? `os.unlink(${bound.target})`
        : `shutil.rmtree(${bound.target}, ignore_errors=True)`;
  // The same cleanup already in the body moves to `finally`: left in place it would run twice (and the second
  // os.unlink raises FileNotFoundError on the path that used to work).
  const lines = body.split('\n').filter((l) => l.trim() !== cleanup);
  if (!lines.some((l) => l.trim() && !l.trim().startsWith('#'))) return undefined;
  const reindented = lines.map((l) => (l.trim() ? unit + l : l)).join('\n');
  const newText = `${indent}try:\n${reindented}\n${indent}finally:\n${indent}${unit}${cleanup}`;
  return {
    title: `Clean up in try/finally (${cleanup})`,
    preferred: !pathEscapes(block, bound.target),
    edits: [
      { start: restStart, end: restEnd, newText },
      ...ensurePythonImport(ctx.root, kind === 'mkdtemp' ? 'shutil' : 'os'),
    ],
  };
}

export const tempFileLeak: Rule = {
  meta: {
    id: 'temp-file-leak',
    title: 'Temporary file not cleaned up on every path',
    defaultSeverity: 'warning',
    summary:
      'NamedTemporaryFile(delete=False), mkstemp() or mkdtemp() whose cleanup is not in a finally block (or ' +
      'handed to a background task).',
    checklistItem: 'temp-files-cleaned',
    taxonomy: { cwe: [459], owasp: 'A04', securitySeverity: 3.3 },
    languages: ['python'],
    messages: {
      fileNotRemoved:
        'This temporary file is not removed on every path: put the cleanup in a `finally` block (or use ' +
        'a context manager that deletes it), or each error leaves it on disk.',
      dirNotRemoved:
        'This temporary directory is not removed on every path: put the cleanup in a `finally` block (or ' +
        'use a context manager that deletes it), or each error leaves it on disk.',
    },
  },
  keywords: ['delete=False', 'mkstemp', 'mkdtemp'],
  python(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, /\b(?:NamedTemporaryFile|mkstemp|mkdtemp)\b/g, 'call')) {
      // identifier -> attribute -> call
      const kind = creates(call);
      if (!kind) continue;
      let scope: Node = ctx.root;
      for (let p = call.parent; p; p = p.parent)
        if (p.type === 'function_definition') {
          scope = p;
          break;
        }
      if (cleanedUp(scope)) continue;
      const bound = boundName(call);
      // Returned as is: the caller owns it.
      if (bound && scope !== ctx.root && returnsName(scope, bound.target)) continue;
      const fix = wrapFix(ctx, call, kind);
      ctx.report({
        start: call.startIndex,
        end: call.endIndex,
        messageId: kind === 'mkdtemp' ? 'dirNotRemoved' : 'fileNotRemoved',
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

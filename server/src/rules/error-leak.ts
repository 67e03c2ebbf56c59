// error-leak: exception messages, stack traces or the exception object sent to the client (or bot user).
// The fix replaces the payload with a generic message carrying a correlation id and logs the exception.
import { randomUUIDCall } from '../syntax/nodeVersion';
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { kids } from '../syntax/tree';
import { indentAt } from '../syntax/python';
import { lineStartBefore, mergeInserts, type Leak } from './error-leak/common';
import { ensureSortedPythonImport } from '../syntax/pyedit';
import { perTree } from '../syntax/memo';
import { findPythonLeaks } from './error-leak/python';
import { findJsLeaks } from './error-leak/js';

const PY_GENERIC = 'f"Internal error (id {error_id})"';
const JS_GENERIC = '`Internal error (id ${errorId})`';

/** The module's logger variable (`logger = logging.getLogger(__name__)`), if any. */
function pythonLogger(root: Node): string | undefined {
  return perTree(root, 'pylogger', () => findPythonLogger(root));
}

function findPythonLogger(root: Node): string | undefined {
  for (const stmt of kids(root)) {
    const assign = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
    const right = assign?.childForFieldName('right');
    if (
      left?.type === 'identifier' &&
      right?.type === 'call' &&
      /(^|\.)getLogger$/.test(right.childForFieldName('function')?.text ?? '')
    )
      return left.text;
  }
  return undefined;
}

/** The object a Streamlit call is made on (`st` in `st.exception(e)`). */
function streamlitObject(call: Node): string {
  return call.childForFieldName('function')?.childForFieldName('object')?.text ?? 'st';
}

function pythonFix(ctx: TreeContext, leak: Leak): Fix | undefined {
  const at = lineStartBefore(ctx.text, leak.statement);
  if (at === undefined || !['block', 'module'].includes(leak.statement.parent?.type ?? '')) return undefined;
  const indent = indentAt(ctx.text, leak.statement.startIndex);
  const logger = pythonLogger(ctx.root);
  const log = leak.scope.inCatch
    ? `${logger ?? 'logging'}.exception("request failed (error_id=%s)", error_id)`
    : `${logger ?? 'logging'}.error("request failed (error_id=%s)", error_id, exc_info=${leak.scope.logName})`;
  const replacements: TextEdit[] = leak.wholeCall
    ? [
        {
          start: leak.wholeCall.startIndex,
          end: leak.wholeCall.endIndex,
          // `st.exception(e)` becomes `st.error(...)` on the same Streamlit object.
          newText: `${streamlitObject(leak.wholeCall)}.error(${PY_GENERIC})`,
        },
      ]
    : // One generic message is enough: further leaking fields of the same payload become None.
      leak.slots.map((s, i) => ({ start: s.startIndex, end: s.endIndex, newText: i === 0 ? PY_GENERIC : 'None' }));
  const imports = [
    ...(logger ? [] : ensureSortedPythonImport(ctx.root, 'logging')),
    ...ensureSortedPythonImport(ctx.root, 'uuid'),
  ];
  return {
    title: 'Return a generic error with a correlation id and log the exception',
    preferred: !leak.viaVariable,
    edits: mergeInserts([
      ...imports,
      { start: at, end: at, newText: `${indent}error_id = uuid.uuid4().hex\n${indent}${log}\n` },
      ...replacements,
    ]),
  };
}

function jsFix(ctx: TreeContext, leak: Leak, nth = 0): Fix | undefined {
  const at = lineStartBefore(ctx.text, leak.statement);
  if (at === undefined || leak.statement.parent?.type !== 'statement_block' || !leak.scope.logName) return undefined;
  const indent = indentAt(ctx.text, leak.statement.startIndex);
  // A second leak in the same scope gets its own name, so applying every fix never redeclares a const.
  const id = nth ? `errorId${nth + 1}` : 'errorId';
  const uuid = randomUUIDCall(ctx);
  const insert =
    `${indent}const ${id} = ${uuid.call};\n` +
    `${indent}console.error(\`request failed (errorId=\${${id}})\`, ${leak.scope.logName});\n`;
  // One generic message is enough: further leaking fields become `undefined` (dropped by JSON).
  const replacements = leak.slots.map((s, i) => {
    const value = i === 0 ? JS_GENERIC.replace('errorId', id) : 'undefined';
    // `{ err }` shorthand keeps its key: `{ err: `Internal error ...` }`.
    return {
      start: s.startIndex,
      end: s.endIndex,
      newText: s.type === 'shorthand_property_identifier' ? `${s.text}: ${value}` : value,
    };
  });
  return {
    title: 'Return a generic error with a correlation id and log the exception',
    preferred: !leak.viaVariable,
    edits: [...uuid.edits, { start: at, end: at, newText: insert }, ...replacements],
  };
}

function reportAll(
  ctx: TreeContext,
  leaks: Leak[],
  fix: (ctx: TreeContext, leak: Leak, nth: number) => Fix | undefined,
): void {
  const perScope = new Map<number, number>();
  for (const leak of leaks) {
    const first = leak.wholeCall ?? leak.slots[0];
    const nth = perScope.get(leak.scope.body.id) ?? 0;
    perScope.set(leak.scope.body.id, nth + 1);
    const f = fix(ctx, leak, nth);
    ctx.report({ start: first.startIndex, end: first.endIndex, messageId: 'leaked', fixes: f ? [f] : [] });
  }
}

export const errorLeak: Rule = {
  meta: {
    id: 'error-leak',
    title: 'Exception details sent to the client',
    defaultSeverity: 'warning',
    summary:
      'str(e), f"{e}", traceback.format_exc(), err.message or err.stack returned in a response, HTTPException ' +
      'detail, Streamlit output or bot reply.',
    checklistItem: 'errors-generic',
    taxonomy: { cwe: [209], owasp: 'A04', securitySeverity: 5.3 },
    languages: ['python', 'js'],
    messages: {
      leaked:
        'Exception details are sent to the client: messages and tracebacks reveal file paths, SQL, ' +
        'library versions and sometimes secrets. Return a generic message with a correlation id and log ' +
        'the exception server-side.',
    },
  },
  keywords: [
    'except',
    'catch',
    'exception_handler',
    'errorhandler',
    'error_handler',
    'onError',
    'setErrorHandler',
    'next',
    'st.exception',
    'traceback',
  ],
  python(ctx) {
    reportAll(ctx, findPythonLeaks(ctx), pythonFix);
  },
  js(ctx) {
    reportAll(ctx, findJsLeaks(ctx), jsFix);
  },
};

// error-leak, shared by both languages: the vocabulary of "where an exception is in scope", "where a
// value goes to the client" and "this branch only runs in development".
import type { Node, TextEdit } from '../../core/types';
import { escapeRegExp } from '../../syntax/tree';

/** A region of code in which some names hold a caught exception. */
export interface ExceptionScope {
  /** The block (or function body) where the exception is live. */
  body: Node;
  /** Names (or dotted names such as `context.error`) bound to the exception. */
  names: Set<string>;
  /** The name to pass to the logger in the fix; undefined when the binding is a pattern. */
  logName?: string;
  /** True inside an `except`/`catch` clause (so `logger.exception()` sees the exception). */
  inCatch: boolean;
  /** Exception class names caught, when written (`except ValueError as e`). */
  caught: string[];
  /** JS: is this identifier the response object in this scope (`res`, `reply`, `c`)? Lazy: handler lookup is costly. */
  isResponse?: (name: string) => boolean;
  /** The function the scope belongs to, to keep nested callbacks out. */
  fn?: Node;
  /** The names the exception arrived under, before variables holding its text joined `names`. */
  own?: Set<string>;
}

/** Where a leak was found: the statement to log before, and the expressions to replace. */
export interface Leak {
  statement: Node;
  slots: Node[];
  scope: ExceptionScope;
  /** Replace the whole statement's call (Streamlit `st.exception(e)`) instead of a payload slot. */
  wholeCall?: Node;
  /**
   * The text reaches the sink only through a variable: it may also hold messages written for the user
   * (`msg = "API key not found"` in another branch), so the fix is offered but not preferred.
   */
  viaVariable?: boolean;
}

/** Exceptions whose message is meant for the client when answered with a 4xx (validation errors). */
export const CLIENT_ERRORS =
  /^(ValueError|KeyError|\w*ValidationError|ZodError|\w*InputError|BadRequest\w*|\w*NotFound\w*|HTTPException|HttpError|PermissionDenied)$/;

/** Conditions that switch on development/debug mode: details shown there are not a production leak. */
export const DEV_CONDITION =
  /\b(DEBUG|debug|is_dev\w*|IS_DEV\w*|isDev\w*|isProd\w*|IS_PROD\w*|is_prod\w*|NODE_ENV|ENVIRONMENT|development|os\.environ|os\.getenv|process\.env|import\.meta\.env)\b/;

/**
 * Cheap text test before any tree walking: a scope can only leak when its body mentions the exception
 * (or a traceback helper). Most handlers log and answer generically, so most scopes stop here.
 */
export function mentionsException(scope: ExceptionScope): boolean {
  const text = scope.body.text;
  if (/format_exc|format_exception|format_tb|exc_info/.test(text)) return true;
  return [...scope.names].some((n) => new RegExp(`(^|[^\\w.])${escapeRegExp(n)}\\b`).test(text));
}

/** Merges insertions at the same offset so their order is the order given. */
export function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.start && e.end === e.start);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** Offset of the start of the line holding `node`, when the node is the first thing on that line. */
export function lineStartBefore(text: string, node: Node): number | undefined {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, node.startIndex)) ? lineStart : undefined;
}

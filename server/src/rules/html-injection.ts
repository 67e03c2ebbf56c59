// html-injection: a server builds an HTML page (or report file) by pasting request or user values into
// markup and sends it as HTML. The value's `<script>` runs in the visitor's browser on the app's origin.
// Only markup built in place is judged (a literal holding a tag), and only values that are request input
// or user text: the shapes that ship, without guessing at helpers defined elsewhere.
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { calleeName, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';
import { importedNames, keywordArg, positionalArgs } from '../syntax/python';
import { callArgs, objectProp } from '../syntax/js';
import { enclosingFn, handlersOf, taintFor } from '../syntax/scopes';
import { handlerContaining, mayDefineHandlers } from '../syntax/handlers';
import { jsIsSafeHtml, pyInterpolationIsSafe, pyIsSafeHtml } from '../syntax/values';
import { ensureSortedPythonImport } from '../syntax/pyedit';
import type { TaintScope } from '../syntax/taint';

const HEADERS = /Content-Security-Policy|X-Content-Type-Options|helmet|[Tt]alisman|SecurityMiddleware|secure_headers/;

/** A literal piece holding a tag: `<h1>`, `</td>`, `<!doctype`, `<a href=`. */
const TAG = /<\/?[a-zA-Z!][^<>]*>?/;
/** Names of values that hold text a user typed (stored or in flight). */
const USER_TEXT =
  /^(?:q|query|search|term|keyword|name|username|user_name|userName|display_name|displayName|first_name|last_name|title|comment|comments|message|msg|content|body|text|description|bio|subject|input|user_input|userInput|feedback|review|note|notes|post|email|value|data)$/;

/** The message names the missing security headers too, when the file sets none. */
function messageId(ctx: TreeContext): string {
  return HEADERS.test(ctx.text) ? 'htmlFromInput' : 'htmlFromInputNoHeaders';
}

function literalText(node: Node): string {
  return descendants(node, ['string_content', 'string_fragment'])
    .map((n) => n.text)
    .join('');
}

/** True when the dynamic part is request input or looks like user text (by its last name segment). */
function userValue(part: Node, taint: TaintScope): boolean {
  if (taint.isTainted(part)) return true;
  let n: Node | null = part;
  while (n && (n.type === 'call' || n.type === 'call_expression')) {
    const fn: Node | null = n.childForFieldName('function');
    // `name.strip()`, `q.trim()`: the receiver is what matters; other calls are someone else's output.
    n =
      fn &&
      (fn.type === 'attribute' || fn.type === 'member_expression') &&
      kids(n.childForFieldName('arguments') ?? n).length === 0
        ? (fn.childForFieldName('object') ?? null)
        : null;
  }
  if (!n) return false;
  if (n.type === 'subscript' || n.type === 'subscript_expression') {
    const key = (n.childForFieldName('subscript') ?? n.childForFieldName('index'))?.text.replace(/^["'`]|["'`]$/g, '');
    return !!key && USER_TEXT.test(key);
  }
  const last =
    n.type === 'identifier' ? n.text : (n.childForFieldName('attribute') ?? n.childForFieldName('property'))?.text;
  return !!last && USER_TEXT.test(last);
}

// ---------- Python ----------

/** The operands of a chain of `+` (`a + b + c`), left to right. */
function plusOperands(node: Node, isPlus: (n: Node) => boolean): Node[] {
  if (!isPlus(node)) return [node];
  return [node.childForFieldName('left')!, node.childForFieldName('right')!].flatMap((n) => plusOperands(n, isPlus));
}

const isPyPlus = (n: Node) => n.type === 'binary_operator' && n.children.find((c) => c && !c.isNamed)?.text === '+';
const isJsPlus = (n: Node) => n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+';

/** The text of the string literals among `operands`, joined. */
function literalsOf(operands: readonly Node[]): string {
  return operands
    .filter((o) => o.type === 'string')
    .map(literalText)
    .join('');
}

const JS_ASSIGNMENTS = ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression'];

/** The pieces of every value assigned (`=`, `+=`, a declaration) to `name` before it, in the same function. */
function assignedPieces<T>(
  name: Node,
  assignments: string[],
  pieces: (right: Node) => T[] | undefined,
): T[] | undefined {
  const scope = enclosingFn(name);
  if (!scope) return undefined;
  let found: T[] | undefined;
  for (const a of descendants(scope, assignments)) {
    const left = a.childForFieldName('name') ?? a.childForFieldName('left');
    if (left?.text !== name.text || a.startIndex > name.startIndex) continue;
    const right = a.childForFieldName('value') ?? a.childForFieldName('right');
    const more = right ? pieces(right) : undefined;
    if (more) found = [...(found ?? []), ...more];
  }
  return found;
}

interface PyPiece {
  /** The value pasted into markup. */
  value: Node;
  /** The f-string interpolation holding it, when it is one (its format spec decides numeric safety). */
  interpolation?: Node;
}

/** The dynamic pieces of a Python expression that builds markup; undefined when it builds none. */
function pyMarkupPieces(node: Node, depth = 0): PyPiece[] | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'string': {
      const interps = kids(node).filter((c) => c.type === 'interpolation');
      if (!interps.length || !TAG.test(literalText(node))) return undefined;
      return interps.map((i) => ({ value: kids(i)[0], interpolation: i }));
    }
    case 'parenthesized_expression':
      return kids(node)[0] ? pyMarkupPieces(kids(node)[0], depth + 1) : undefined;
    case 'binary_operator': {
      const op = node.children.find((c) => c && !c.isNamed)?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      if (op === '%') {
        if (!TAG.test(literalText(left))) return undefined;
        const values =
          right.type === 'tuple'
            ? kids(right)
            : right.type === 'dictionary'
              ? kids(right).map((p) => p.childForFieldName('value') ?? p)
              : [right];
        return values.map((value) => ({ value }));
      }
      if (op !== '+') return undefined;
      const operands = plusOperands(node, isPyPlus);
      if (!TAG.test(literalsOf(operands)) && !operands.some((o) => pyMarkupPieces(o, depth + 1))) return undefined;
      return operands.flatMap((o) => (o.type === 'string' ? (pyMarkupPieces(o, depth + 1) ?? []) : [{ value: o }]));
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
      const template = fn.childForFieldName('object');
      if (!template || !TAG.test(literalText(template))) return undefined;
      return kids(node.childForFieldName('arguments') ?? node).map((a) => ({
        value: a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a,
      }));
    }
    default:
      return undefined;
  }
}

/** Markup pieces of a value, following a name through its assignments and `+=` in the same function. */
function pyPiecesOf(value: Node): PyPiece[] | undefined {
  if (value.type !== 'identifier') return pyMarkupPieces(value);
  return assignedPieces(value, ['assignment', 'augmented_assignment'], (right) => pyMarkupPieces(right));
}

function pyUnsafe(piece: PyPiece, taint: TaintScope): boolean {
  const safe = piece.interpolation ? pyInterpolationIsSafe(piece.interpolation) : pyIsSafeHtml(piece.value);
  return !safe && userValue(piece.value, taint);
}

/** `html.escape(str(x))` around each unsafe piece written in place (not through a variable). */
function pyEscapeFix(ctx: TreeContext, pieces: PyPiece[], preferred: boolean): Fix[] {
  if (pieces.some((p) => p.interpolation && kids(p.interpolation).length !== 1)) return [];
  const edits: TextEdit[] = pieces.map((p) => ({
    start: p.value.startIndex,
    end: p.value.endIndex,
    newText: `html.escape(str(${p.value.text}))`,
  }));
  const shadowed = importedNames(ctx.root).has('html') && importedNames(ctx.root).get('html') !== 'html';
  if (shadowed || !edits.length) return [];
  return [
    {
      title: 'Escape the values with html.escape()',
      preferred,
      edits: [...edits, ...ensureSortedPythonImport(ctx.root, 'html')],
    },
  ];
}

const PY_SINKS =
  /\b(?:HTMLResponse|HttpResponse|make_response|Response|format_html|mark_safe|write|write_text)\s*\(|\breturn\b/g;
const PY_SINK_NAMES = /(^|\.)(HTMLResponse|HttpResponse|make_response|Response|format_html|mark_safe)$/;

/** The sinks' candidates, plus names they are imported under (`from fastapi.responses import HTMLResponse as H`). */
function pySinkPattern(names: Map<string, string>): RegExp {
  const aliases = [...names]
    .filter(([local, full]) => local !== lastSegment(full) && PY_SINK_NAMES.test(full))
    .map(([local]) => local);
  return aliases.length ? new RegExp(`${PY_SINKS.source}|\\b(?:${aliases.join('|')})\\s*\\(`, 'g') : PY_SINKS;
}
const HTML_RETURNING = /^(flask|quart|bottle)(\.|$)/;

/**
 * What the text of a file with a Python finding holds: a tag's start in a string (`<b`, `</`, `<!`, or a piece
 * split off by a quote, a `{` or an escape), and a sink: a response or safe-HTML call by its own name (also
 * when imported under another), an `.html` path to write to, or a handler whose return is the response.
 */
const PY_TAG_START = /<\/?[a-zA-Z!{'"\\]/;
const PY_SINK_TEXT = /\b(?:HTMLResponse|HttpResponse|make_response|Response|format_html|mark_safe)\b|\.html?\b/;

function checkPython(ctx: TreeContext): void {
  if (!PY_TAG_START.test(ctx.text)) return;
  if (!PY_SINK_TEXT.test(ctx.text) && !mayDefineHandlers('python', ctx.text, ctx.file.path)) return;
  const taint = taintFor(ctx);
  const names = importedNames(ctx.root);
  const modules = [...names.values()];
  const returnsHtml = modules.some((m) => HTML_RETURNING.test(m));
  const htmlAliases = [...names]
    .filter(([local, full]) => local !== 'HTMLResponse' && /\.HTMLResponse$/.test(full))
    .map(([local]) => local);
  const handlers = handlersOf(ctx);
  const seen = new Set<number>();
  const judge = (value: Node | undefined, at: Node) => {
    if (!value || seen.has(value.startIndex)) return;
    const pieces = pyPiecesOf(value);
    if (!pieces) return;
    const scope = taint(at);
    const unsafe = pieces.filter((p) => pyUnsafe(p, scope));
    if (!unsafe.length) return;
    seen.add(value.startIndex);
    const inPlace = value.type !== 'identifier';
    const preferred = unsafe.every((p) => scope.isTainted(p.value));
    ctx.report({
      start: value.startIndex,
      end: value.endIndex,
      messageId: messageId(ctx),
      fixes: inPlace ? pyEscapeFix(ctx, unsafe, preferred) : [],
    });
  };
  for (const node of nodesAt(ctx.root, ctx.text, pySinkPattern(names), ['call', 'return_statement'])) {
    if (node.type === 'return_statement') {
      const handler = handlerContaining(handlers, node);
      if (!handler || handler.fn?.startIndex !== enclosingFn(node)?.startIndex) continue;
      const html =
        returnsHtml ||
        /HTMLResponse/.test(handler.anchor.text) ||
        htmlAliases.some((a) => new RegExp(`response_class\\s*=\\s*${a}\\b`).test(handler.anchor.text));
      if (html) judge(kids(node)[0], node);
      continue;
    }
    const name = calleeName(node);
    // An imported alias is judged by the name it stands for.
    const last = lastSegment(name.includes('.') ? name : (names.get(name) ?? name));
    if (last === 'write' || last === 'write_text') {
      if (!writesHtmlFile(node)) continue;
      judge(positionalArgs(node)[0], node);
    } else if (['HTMLResponse', 'HttpResponse', 'format_html', 'mark_safe'].includes(last)) {
      judge(positionalArgs(node)[0] ?? keywordArg(node, 'content'), node);
    } else if ((last === 'make_response' || last === 'Response') && returnsHtml) {
      const mimetype = keywordArg(node, 'mimetype') ?? keywordArg(node, 'content_type');
      if (mimetype && !/html/.test(mimetype.text)) continue;
      judge(positionalArgs(node)[0] ?? keywordArg(node, 'response'), node);
    }
  }
}

/** `f.write(...)` where `f` was opened on an `.html` path, or `Path("x.html").write_text(...)`. */
function writesHtmlFile(call: Node): boolean {
  const fn = call.childForFieldName('function');
  const receiver = fn?.childForFieldName('object');
  if (!receiver) return false;
  if (/\.html?\b/.test(receiver.text)) return true;
  if (receiver.type !== 'identifier') return false;
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const item of descendants(p, 'as_pattern')) {
      const target = kids(item).find((k) => k.type === 'as_pattern_target');
      if (target?.text !== receiver.text) continue;
      // The path is in the `open(...)` call or, as a parameter default or local, in the same function.
      return (
        /\.html?\b/.test(kids(item)[0]?.text ?? '') || /["'][^"'\n]*\.html?["']/.test(enclosingFn(call)?.text ?? '')
      );
    }
  }
  return false;
}

// ---------- JavaScript / TypeScript ----------

/** Dynamic pieces of a JS expression that builds markup. */
function jsMarkupPieces(node: Node, depth = 0): Node[] | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'template_string': {
      const subs = kids(node).filter((c) => c.type === 'template_substitution');
      if (!subs.length || !TAG.test(literalText(node))) return undefined;
      return subs.map((s) => kids(s)[0]).filter(Boolean);
    }
    case 'parenthesized_expression':
      return kids(node)[0] ? jsMarkupPieces(kids(node)[0], depth + 1) : undefined;
    case 'binary_expression': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const operands = plusOperands(node, isJsPlus);
      const nested = operands.map((o) => (o.type === 'template_string' ? jsMarkupPieces(o, depth + 1) : undefined));
      if (!TAG.test(literalsOf(operands)) && !nested.some(Boolean)) return undefined;
      return operands.flatMap((o, i) =>
        o.type === 'string' ? [] : o.type === 'template_string' ? (nested[i] ?? []) : [o],
      );
    }
    default:
      return undefined;
  }
}

function jsPiecesOf(value: Node): Node[] | undefined {
  if (value.type !== 'identifier') return jsMarkupPieces(value);
  return assignedPieces(value, JS_ASSIGNMENTS, (right) => jsMarkupPieces(right));
}

const RESPONSE_OBJECTS = /^(res|response|reply|c|ctx)$/;

/** The identifier a member/call chain starts from: `res` in `res.status(200).send`. */
function chainRoot(node: Node | null | undefined): string {
  let n = node;
  while (n && (n.type === 'member_expression' || n.type === 'call_expression'))
    n = n.type === 'member_expression' ? n.childForFieldName('object') : n.childForFieldName('function');
  return n?.type === 'identifier' ? n.text : '';
}

/** The file defines or imports an `escapeHtml` already (function, const, import, destructured require). */
const ESCAPE_HTML_DEFINED = new RegExp(
  [
    String.raw`\b(?:function\s+escapeHtml\b`,
    String.raw`(?:const|let|var)\s+escapeHtml\b`,
    String.raw`import\s+escapeHtml\b`,
    String.raw`\{[^}]*\bescapeHtml\b[^}]*\}\s*=\s*require`,
    String.raw`escapeHtml\s*=\s*require)`,
  ].join('|'),
);
const ESCAPE_HTML_BODY = 'return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);';

/** `escapeHtml(x)` around each unsafe piece, plus a small helper appended when the file has none. */
function jsEscapeFix(ctx: TreeContext, pieces: Node[], preferred: boolean): Fix[] {
  const existing = ESCAPE_HTML_DEFINED.test(ctx.text);
  const ts = /\.(ts|tsx|mts|cts)$/.test(ctx.file.path);
  const helper = `\nfunction escapeHtml(${ts ? 'value: unknown): string' : 'value)'} {\n  ${ESCAPE_HTML_BODY}\n}\n`;
  const edits: TextEdit[] = pieces.map((p) => ({
    start: p.startIndex,
    end: p.endIndex,
    newText: `escapeHtml(${p.text})`,
  }));
  if (!existing) {
    const end = ctx.text.length;
    edits.push({ start: end, end, newText: (ctx.text.endsWith('\n') ? '' : '\n') + helper });
  }
  return [{ title: 'Escape the values with escapeHtml()', preferred, edits }];
}

const JS_SINKS = /\.\s*(?<at>send|write|end|html)\s*\(|\bbody\s*=|\bnew\s+Response\s*\(/g;

function checkJs(ctx: TreeContext): void {
  const taint = taintFor(ctx);
  const seen = new Set<number>();
  for (const node of nodesAt(ctx.root, ctx.text, JS_SINKS, [
    'call_expression',
    'assignment_expression',
    'new_expression',
  ])) {
    let value: Node | undefined;
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      const method = fn?.childForFieldName('property')?.text ?? '';
      if (!['send', 'write', 'end', 'html'].includes(method) || !RESPONSE_OBJECTS.test(chainRoot(fn))) continue;
      value = callArgs(node)[0];
    } else if (node.type === 'assignment_expression') {
      if (!/^(ctx|context)\.body$/.test(node.childForFieldName('left')?.text ?? '')) continue;
      value = node.childForFieldName('right') ?? undefined;
    } else {
      if (node.childForFieldName('constructor')?.text !== 'Response') continue;
      const [body, init] = callArgs(node);
      const type = init?.type === 'object' ? objectProp(init, 'headers')?.text : undefined;
      if (!type || !/text\/html/.test(type)) continue;
      value = body;
    }
    if (!value || seen.has(value.startIndex)) continue;
    const pieces = jsPiecesOf(value);
    if (!pieces) continue;
    const scope = taint(node);
    const unsafe = pieces.filter((p) => !jsIsSafeHtml(p) && userValue(p, scope));
    if (!unsafe.length) continue;
    seen.add(value.startIndex);
    const preferred = unsafe.every((p) => scope.isTainted(p));
    ctx.report({
      start: value.startIndex,
      end: value.endIndex,
      messageId: messageId(ctx),
      fixes: value.type !== 'identifier' ? jsEscapeFix(ctx, unsafe, preferred) : [],
    });
  }
}

export const htmlInjection: Rule = {
  meta: {
    id: 'html-injection',
    title: 'HTML page built from request or user values',
    defaultSeverity: 'error',
    summary:
      'A server builds HTML from request or user values (f-strings, %, +, template literals) and returns it, ' +
      'sends it or writes it to a report file unescaped.',
    checklistItem: 'output-escaped',
    taxonomy: { cwe: [79], owasp: 'A03', securitySeverity: 6.1 },
    languages: ['python', 'js'],
    messages: {
      htmlFromInput:
        'HTML built from request or user values and sent as a page: a value holding <script> or <img ' +
        "onerror=...> runs in the visitor's browser with the app's cookies (XSS). Escape every value put " +
        'into markup, or render a template that escapes.',
      htmlFromInputNoHeaders:
        'HTML built from request or user values and sent as a page: a value holding <script> or <img ' +
        "onerror=...> runs in the visitor's browser with the app's cookies (XSS). Escape every value put " +
        'into markup, or render a template that escapes. This file sets no Content-Security-Policy or ' +
        'X-Content-Type-Options header either, so nothing limits what injected markup can do.',
    },
  },
  keywords: ['<'],
  python: checkPython,
  js: checkJs,
};

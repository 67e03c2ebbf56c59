// llm-output-exec: text written by a model, or typed by the user as a whole query or program, is executed:
// run as SQL, evaluated as code, given to a shell, or rendered as raw HTML. A prompt injection (or the user
// directly) then decides what runs, so the only safe shapes are validated, allow-listed and read-only.
import type { Node, Rule, TreeContext } from '../core/types';
import { calleeName, codeText, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';
import { keywordArg, positionalArgs } from '../syntax/python';
import { callArgs, objectProp } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { mayDefineHandlers } from '../syntax/handlers';
import { mayReadRequest } from '../syntax/taint';

/** Where the text runs; also the id of the finding's message. */
type Sink = 'sql' | 'code' | 'html';

/** Expressions that hold a model's answer (OpenAI, Anthropic, Gemini, LangChain, LiteLLM, Ollama, Vercel AI). */
const PY_MODEL =
  /\.choices\s*\[|\.message\.content\b|\bgenerate_content\s*\(|\.content\s*\[\s*0\s*\]\s*\.text\b|\bcompletions?\.create\s*\(|\bmessages\.create\s*\(|\b\w*(?:llm|chain|model|agent|chat)\w*\s*\.\s*a?(?:invoke|predict|run|generate|complete)\s*\(|\bollama\.(?:chat|generate)\s*\(|\bcompletion\s*\(|\b\w*(?:generate|llm|gpt|ai|nl|text)_?(?:to_)?sql\w*\s*\(|\b(?:ask|query|call)_(?:llm|gpt|openai|model|claude|gemini|ai)\w*\s*\(/i;
const JS_MODEL =
  /\.choices\s*\[|\.message\.content\b|\bgenerateText\s*\(|\bgenerateContent\s*\(|\.response\.text\s*\(|\.content\s*\[\s*0\s*\]\s*\.text\b|\bcompletions\.create\s*\(|\bmessages\.create\s*\(|\b\w*(?:llm|chain|model|agent)\w*\s*\.\s*(?:invoke|call|predict)\s*\(|\b\w*(?:generate|llm|gpt|ai|text)(?:To)?Sql\w*\s*\(/i;
/** Streamlit widgets: what the user types. */
const PY_WIDGET = /\bst\.(?:text_input|text_area|chat_input)\s*\(/;
/** The SQL is validated or the connection cannot write: the shape the rule asks for. */
const SQL_GUARDED =
  /read_only\s*=\s*True|mode=ro\b|\?mode=ro|readonly\s*=\s*True|query_only|READ ONLY|sqlglot|sqlparse|\.startswith\(\s*["']select|startsWith\(\s*["']select|get_type\(\)\s*[!=]=|\bexp\.Select\b|isReadOnly|readOnly\s*:\s*true/i;

/**
 * A value pasted into string text (`"... '" + name + "'"`, `f"...{name}"`, `` `...${name}` ``, `"...%s" % name`,
 * `"...".format(name)`): request data inside SQL text is sql-injection's finding, not a whole user query.
 */
function pastesInto(node: Node): boolean {
  const literal = (n: Node | null) =>
    !!n && (n.type === 'string' || n.type === 'template_string' || n.type === 'concatenated_string');
  if (
    ((node.type === 'array' || node.type === 'list') && kids(node).some(literal)) ||
    (node.type === 'string' && descendants(node, 'interpolation').length > 0) ||
    (node.type === 'template_string' && descendants(node, 'template_substitution').length > 0)
  )
    return true;
  for (const n of [node, ...descendants(node, ['binary_operator', 'binary_expression', 'call', 'call_expression'])]) {
    if (n.type === 'binary_operator' || n.type === 'binary_expression') {
      if (literal(n.childForFieldName('left')) || literal(n.childForFieldName('right'))) return true;
    } else if (n.type === 'call' || n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      const method = fn?.childForFieldName('attribute')?.text ?? fn?.childForFieldName('property')?.text;
      const object = fn?.childForFieldName('object') ?? null;
      if (/^(format|concat|join)$/.test(method ?? '') && literal(object)) return true;
      // `["SELECT * FROM t WHERE id =", id].join(" ")`
      if (method === 'join' && (object?.type === 'array' || object?.type === 'list') && kids(object).some(literal))
        return true;
    }
  }
  return descendants(node, ['string', 'template_string']).some(
    (d) => descendants(d, ['interpolation', 'template_substitution']).length > 0,
  );
}

/** Where a name's value comes from; `pasted`: request data inside built text (sql-injection's finding). */
type Origin = 'model' | 'user' | 'pasted';

/** Names bound (in this scope) from model output or whole user input, following `b = f(a)` twice. */
function derived(scope: Node, model: RegExp, user: (n: Node) => boolean, python: boolean): Map<string, Origin> {
  const names = new Map<string, Origin>();
  const types = python ? ['assignment', 'augmented_assignment'] : ['variable_declarator', 'assignment_expression'];
  for (let pass = 0; pass < 2; pass++) {
    for (const a of descendants(scope, types)) {
      const left = a.childForFieldName('left') ?? a.childForFieldName('name');
      const right = a.childForFieldName('right') ?? a.childForFieldName('value');
      if (!left || !right) continue;
      const from = descendants(right, 'identifier').flatMap((id) => names.get(id.text) ?? []);
      let kind: Origin | undefined;
      if (model.test(right.text) || from.includes('model')) kind = 'model';
      // Appending to a query, or pasting into SQL text, does not make the whole query the user's.
      else if (a.type.startsWith('augmented') || pastesInto(right)) kind = 'pasted';
      else if (user(right)) kind = 'user';
      else kind = from.at(-1);
      if (!kind) continue;
      const targets =
        left.type === 'identifier'
          ? [left]
          : descendants(left, ['identifier', 'shorthand_property_identifier_pattern']);
      for (const t of targets) if (!names.has(t.text)) names.set(t.text, kind);
    }
  }
  return names;
}

/** What the executed value is: model output, whole user input, or neither. */
function origin(
  value: Node,
  model: RegExp,
  user: (n: Node) => boolean,
  names: () => Map<string, Origin>,
): 'model' | 'user' | undefined {
  if (model.test(value.text)) return 'model';
  const known = (name: string, fallback: boolean): 'model' | 'user' | undefined => {
    const kind = names().get(name);
    if (kind === 'pasted') return undefined;
    return kind ?? (fallback ? 'user' : undefined);
  };
  if (value.type === 'identifier' || value.type === 'shorthand_property_identifier')
    return known(value.text, param(value) && user(value));
  // `sql.strip()`, `response.text.trim()`: a method on the value keeps its origin.
  let n: Node | null = value;
  while (
    n &&
    (n.type === 'call' ||
      n.type === 'call_expression' ||
      n.type === 'attribute' ||
      n.type === 'member_expression' ||
      n.type === 'await_expression' ||
      n.type === 'await')
  ) {
    n =
      n.type === 'call' || n.type === 'call_expression'
        ? n.childForFieldName('function')
        : n.type.startsWith('await')
          ? n.namedChildren[0]
          : n.childForFieldName('object');
    if (n?.type === 'identifier') return known(n.text, user(value));
  }
  return user(value) ? 'user' : undefined;
}

/** A parameter of the enclosing function (a route's query/body value when the taint scope says so). */
function param(id: Node): boolean {
  const fn = enclosingFn(id);
  const params = fn?.childForFieldName('parameters');
  return !!params && descendants(params, 'identifier').some((p) => p.text === id.text);
}

function report(ctx: TreeContext, at: Node, sink: Sink, scope: Node | undefined): void {
  if (
    sink === 'sql' &&
    (SQL_GUARDED.test(codeText(scope ?? ctx.root)) || /read_only\s*=\s*True|mode=ro/.test(ctx.text))
  )
    return;
  ctx.report({ start: at.startIndex, end: at.endIndex, messageId: sink });
}

// ---------- Python ----------

const PY_SQL = new Set([
  'execute',
  'executescript',
  'executemany',
  'sql',
  'read_sql',
  'read_sql_query',
  'query',
  'run',
  'exec_driver_sql',
]);
const PY_SINKS =
  /\.\s*(?:execute|executescript|executemany|sql|read_sql|read_sql_query|query|run|exec_driver_sql|system|popen|markdown|write|html)\s*\(|\b(?:eval|exec|check_output|Popen|call)\s*\(/g;

function pySink(call: Node): { sink: Sink; value?: Node } | undefined {
  const name = calleeName(call);
  const last = lastSegment(name);
  const first = positionalArgs(call)[0];
  if (name === 'eval' || name === 'exec') return { sink: 'code', value: first };
  if (name === 'os.system' || name === 'os.popen') return { sink: 'code', value: first };
  if (/^subprocess\.(run|call|check_output|check_call|Popen)$/.test(name) && keywordArg(call, 'shell')?.type === 'true')
    return { sink: 'code', value: first ?? keywordArg(call, 'args') };
  if (/^st\.(markdown|write|html)$|^components\.html$/.test(name)) {
    if (name.endsWith('markdown') || name === 'st.write') {
      if (keywordArg(call, 'unsafe_allow_html')?.type !== 'true') return undefined;
    }
    return { sink: 'html', value: first };
  }
  if (!PY_SQL.has(last) || !name.includes('.')) return undefined;
  // `run`/`query`/`sql` are common names: count them only on a database-looking receiver.
  if (
    ['run', 'query', 'sql'].includes(last) &&
    !/(db|database|conn|con|duckdb|cursor|cur|engine|session|sql)\w*\.\w+$/i.test(name)
  )
    return undefined;
  return { sink: 'sql', value: first ?? keywordArg(call, 'sql') ?? keywordArg(call, 'query') };
}

function checkPython(ctx: TreeContext): void {
  // Every finding runs a model's answer (PY_MODEL) or a user's whole input (a widget, the request, a route's
  // parameter): a file that shows none of them is not parsed.
  const text = ctx.text;
  if (
    !PY_MODEL.test(text) &&
    !PY_WIDGET.test(text) &&
    !mayReadRequest('python', text) &&
    !mayDefineHandlers('python', text, ctx.file.path)
  )
    return;
  const taint = taintFor(ctx);
  const cache = new Map<number, Map<string, Origin>>();
  for (const call of nodesAt(ctx.root, ctx.text, PY_SINKS, 'call')) {
    const found = pySink(call);
    if (!found?.value) continue;
    const value = found.value;
    const fn = enclosingFn(call);
    const scope = fn ?? ctx.root;
    const scopeTaint = taint(call);
    // Whole user input: the request (or a widget) is the value itself, not a piece pasted into SQL text.
    const user = (n: Node) =>
      PY_WIDGET.test(n.text) ||
      (n.type !== 'string' && n.type !== 'binary_operator' && !pastesInto(n) && scopeTaint.isTainted(n));
    const names = () => {
      let m = cache.get(scope.id);
      if (!m) cache.set(scope.id, (m = derived(scope, PY_MODEL, user, true)));
      return m;
    };
    const kind = origin(value, PY_MODEL, user, names);
    if (!kind) continue;
    // User-typed code and shell commands are code-exec/command-injection findings; model output is this rule's.
    if (kind === 'user' && found.sink !== 'sql') continue;
    report(ctx, value, found.sink, fn);
  }
}

// ---------- JavaScript / TypeScript ----------

const JS_SINKS =
  /\.\s*(?:query|execute|raw|\$queryRawUnsafe|\$executeRawUnsafe|exec|run|all|unsafe)\s*\(|\b(?:eval|execSync|exec|Function)\s*\(|\binnerHTML\s*=|\b__html\s*:/g;

function jsSink(node: Node): { sink: Sink; value?: Node } | undefined {
  if (node.type === 'assignment_expression') {
    if (!/\.(innerHTML|outerHTML)$/.test(node.childForFieldName('left')?.text ?? '')) return undefined;
    return { sink: 'html', value: node.childForFieldName('right') ?? undefined };
  }
  if (node.type === 'pair') {
    return { sink: 'html', value: node.childForFieldName('value') ?? undefined };
  }
  const name = calleeName(node);
  const last = lastSegment(name);
  const args = callArgs(node);
  // mysql `conn.query({ sql, values })`, pg `client.query({ text, values })`: the query is the option.
  const first = args[0]?.type === 'object' ? querySql(args[0]) : args[0];
  if (
    name === 'eval' ||
    name === 'Function' ||
    name === 'execSync' ||
    name === 'exec' ||
    /^(child_process|cp)\.(exec|execSync)$/.test(name)
  )
    return { sink: 'code', value: first };
  const receiver = name.slice(0, -last.length - 1);
  if (['query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe'].includes(last) && receiver)
    return { sink: 'sql', value: first };
  if (['exec', 'run', 'all'].includes(last) && /(db|database|sqlite|conn|pool|client)\w*$/i.test(receiver))
    return { sink: 'sql', value: first };
  return undefined;
}

function querySql(options: Node): Node | undefined {
  return (
    objectProp(options, 'sql') ??
    objectProp(options, 'text') ??
    kids(options).find((k) => k.type === 'shorthand_property_identifier' && /^(sql|text)$/.test(k.text))
  );
}

function checkJs(ctx: TreeContext): void {
  const taint = taintFor(ctx);
  const cache = new Map<number, Map<string, Origin>>();
  // The module's own names, read once per file rather than again for every function with a sink.
  let moduleNames: Map<string, Origin> | undefined;
  const ofModule = () => (moduleNames ??= derived(ctx.root, JS_MODEL, () => false, false));
  for (const node of nodesAt(ctx.root, ctx.text, JS_SINKS, ['call_expression', 'assignment_expression', 'pair'])) {
    if (node.type === 'pair' && node.childForFieldName('key')?.text !== '__html') continue;
    const found = jsSink(node);
    if (!found?.value) continue;
    const value = found.value;
    const fn = enclosingFn(node);
    const scope = fn ?? ctx.root;
    const scopeTaint = taint(node);
    const user = (n: Node) =>
      n.type !== 'template_string' &&
      n.type !== 'binary_expression' &&
      n.type !== 'string' &&
      !pastesInto(n) &&
      scopeTaint.isTainted(n);
    const names = () => {
      let m = cache.get(scope.id);
      if (!m) {
        m = derived(scope, JS_MODEL, user, false);
        // Module-level answers (`const { text } = await generateText(...)` in a component file) reach handlers too.
        if (scope !== ctx.root) for (const [k, v] of ofModule()) if (!m.has(k)) m.set(k, v);
        cache.set(scope.id, m);
      }
      return m;
    };
    const kind = origin(value, JS_MODEL, user, names);
    if (!kind || (kind === 'user' && found.sink !== 'sql')) continue;
    report(ctx, value, found.sink, fn);
  }
}

export const llmOutputExec: Rule = {
  meta: {
    id: 'llm-output-exec',
    title: 'Model output or user-supplied SQL/code executed',
    defaultSeverity: 'error',
    summary:
      'Text from a model, or a whole query typed by the user, run as SQL, eval/exec, a shell command or raw ' +
      'HTML without validation and a read-only connection.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [1426, 89, 94], owasp: 'A03', securitySeverity: 8.8 },
    languages: ['python', 'js'],
    messages: {
      sql:
        'SQL written by a model or sent by the user is run as-is: one prompt or request can read every ' +
        'table, change rows or drop them. Parse it with a SQL parser and allow-list the statements ' +
        '(SELECT only), run it on a read-only connection (DuckDB read_only=True, a read-only database ' +
        'role) and cap the rows returned.',
      code:
        'Code or a shell command written by a model (or sent by the user) is executed: a prompt ' +
        "injection runs arbitrary code with the app's rights. Never execute model output; map it to an " +
        'allow-list of actions, or run it in a real sandbox.',
      html:
        'Model output rendered as raw HTML: text the model was tricked into writing (prompt injection) ' +
        'plants script in the page. Render it as text or Markdown without raw HTML, or sanitize it.',
    },
  },
  keywords: [
    'execute',
    'sql',
    'query',
    'eval',
    'exec',
    'system',
    'popen',
    'shell',
    'run(',
    'innerHTML',
    '__html',
    'unsafe_allow_html',
    'components.html',
    'Raw',
  ],
  python: checkPython,
  js: checkJs,
};

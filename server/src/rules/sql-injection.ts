// sql-injection: SQL text built from runtime values (f-strings, +, %, .format, template literals) and
// passed to a query API. Only fires when the SQL itself is visible (directly or through a single local
// assignment) so a parameterised query held in a variable is never guessed at.
import type { Fix, Node, Rule, TreeContext } from '../core/types';
import { calleeName, kids, lastSegment, nodesAt } from '../syntax/tree';
import { importedNames, keywordArg, positionalArgs } from '../syntax/python';
import { callArgs, objectProp, stringValue as jsString } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { jsIsInert, pyIsInert } from '../syntax/inert';
import { jsBinding, pyBinding } from '../syntax/values';
import { perTree } from '../syntax/memo';

const SQL_WORDS =
  /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+TABLE|DROP\s+TABLE|ALTER\s+TABLE|WHERE|ORDER\s+BY|VALUES)\b/i;
const PY_METHODS = new Set([
  'execute',
  'executemany',
  'executescript',
  'raw',
  'read_sql',
  'read_sql_query',
  'exec_driver_sql',
  'fetch',
  'fetchrow',
  'fetchval',
  'mogrify',
  'run',
  'cursor',
  'RawSQL',
]);
/** Python methods that take SQL only on a database-looking receiver (pg8000 `conn.run`, asyncpg `conn.cursor`). */
const PY_DB_ONLY = new Set(['run', 'cursor']);
const PY_DB_RECEIVER = /(?:^|\.)(?:db|database|conn|connection|con|cur|cursor|pool|session|engine|client)\w*$/i;
/** SQLAlchemy methods that accept raw SQL clause strings. */
const PY_CLAUSES = new Set(['filter', 'where', 'order_by', 'having', 'group_by', 'literal_column', 'from_statement']);
/** What a raw clause looks like: a comparison or an SQL word, not a label. */
const CLAUSE_WORDS = /[=<>]|\b(like|in|and|or|asc|desc|is\s+null|between)\b/i;
const SQL_OR_CLAUSE = new RegExp(`${SQL_WORDS.source}|${CLAUSE_WORDS.source}`, 'i');
/** knex clause methods: their argument is a fragment (`whereRaw(`id = ${id}`)`), judged by clause words. */
const JS_CLAUSE_METHODS = new Set(['whereRaw', 'orWhereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'selectRaw']);
const JS_METHODS = new Set([
  'query',
  'execute',
  'raw',
  'whereRaw',
  'orderByRaw',
  'havingRaw',
  'joinRaw',
  'selectRaw',
  'orWhereRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'unsafe',
  'prepare',
]);
const JS_DB_METHODS = new Set(['run', 'all', 'get', 'exec', 'each']);
// Text candidates: only calls of these method names (or sqlalchemy `text(`) can run SQL; the tree confirms.
const PY_CANDIDATES = new RegExp(
  `\\.\\s*(?:${[...PY_METHODS, ...PY_CLAUSES, 'extra'].join('|')})\\s*\\(|\\b(?:text|RawSQL|literal_column)\\s*\\(`,
  'g',
);
// `get`/`all`/`run` are everywhere (routers, maps): as SQL calls they count only on a db-like receiver.
const JS_CANDIDATES = new RegExp(
  `\\.\\s*(?<at>${[...JS_METHODS].map((m) => m.replace('$', '\\$')).join('|')})\\s*\\(|` +
    `(?:db|database|sqlite|conn|pool|client)\\w*(?:\\.\\w+)*\\.\\s*(?<at2>${[...JS_DB_METHODS].join('|')})\\s*\\(`,
  'gi',
);

/** The literal text of an expression (all its string pieces), for the "is this SQL" test. */
function literalText(node: Node): string {
  return node
    .descendantsOfType(['string_content', 'string_fragment'])
    .map((n) => n?.text ?? '')
    .join(' ');
}

/** Expressions that build a string (as opposed to calls returning query objects, like text() or sql``). */
function builds(node: Node): boolean {
  switch (node.type) {
    case 'string':
    case 'template_string':
    case 'concatenated_string':
    case 'binary_operator':
    case 'binary_expression':
      return true;
    case 'call':
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const method = fn?.childForFieldName('attribute')?.text ?? fn?.childForFieldName('property')?.text ?? '';
      // psycopg `sql.SQL("... {}").format(sql.Identifier(t))` composes quoted identifiers: not string building.
      const receiver = fn?.childForFieldName('object');
      if (method === 'format' && receiver?.type === 'call' && /(^|\.)SQL$/.test(calleeName(receiver))) return false;
      return method === 'format' || method === 'concat';
    }
    case 'parenthesized_expression':
      return kids(node).some(builds);
    default:
      return false;
  }
}

/**
 * Cheap file-level test: could any line build SQL from values? Following a variable to its assignment
 * walks the tree, so it is skipped in files where no SQL text is ever concatenated or interpolated.
 */
const BUILDING =
  /[fF]("""|''')|`[^`]*\$\{|\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES)\b.*(["'`]\s*(\+|%)|\.format\(|\{\w|\$\{)|[fF]["'].*\b(SELECT|INSERT|UPDATE|DELETE|WHERE)\b/i;

/** A string joined from pieces: `" ".join(parts)` (Python), `parts.join(' ')` (JS). */
const JOINING = /["']\s*\.join\s*\(|\.join\s*\(\s*["'`]/;

function mayBuildSql(ctx: TreeContext): boolean {
  return perTree(ctx.root, 'sql-building', () => BUILDING.test(ctx.text) || JOINING.test(ctx.text));
}

/** A plain name, or the `sql` of a `{ sql }` shorthand option. */
function isName(node: Node): boolean {
  return node.type === 'identifier' || node.type === 'shorthand_property_identifier';
}

/** Follows a single-assignment local to the expression that built it. */
function visible(ctx: TreeContext, node: Node, python: boolean): Node {
  if (!isName(node) || !mayBuildSql(ctx)) return node;
  return (python ? pyBinding(node, node.text) : jsBinding(node, node.text)) ?? node;
}

/** Literal text of an expression plus that of constant names it uses (`query % name` with `query = "SELECT…"`). */
function sqlText(node: Node, python: boolean): string {
  const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').filter((i): i is Node => !!i);
  const bound = ids
    .slice(0, 8)
    .map((i) => (python ? pyBinding(i, i.text) : jsBinding(i, i.text)))
    .filter(
      (b): b is Node =>
        !!b && (b.type === 'string' || b.type === 'template_string' || b.type === 'concatenated_string'),
    )
    .map(literalText);
  return [literalText(node), ...bound].join(' ');
}

const PY_ASSIGNS = ['assignment', 'augmented_assignment'];
const JS_ASSIGNS = ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression'];

/**
 * A variable built in steps (`q = "SELECT … WHERE 1=1"` then `q += " AND name = '" + name + "'"`): every value
 * assigned to it in the function before the use. Undefined when there is only one (`visible` handles that).
 */
function assignedInSteps(node: Node, python: boolean): { built: boolean; text: string } | undefined {
  if (!isName(node)) return undefined;
  const scope = enclosingFn(node);
  if (!scope) return undefined;
  let built = false;
  const texts: string[] = [];
  let count = 0;
  for (const a of scope.descendantsOfType(python ? PY_ASSIGNS : JS_ASSIGNS)) {
    if (!a || a.startIndex > node.startIndex) continue;
    const left = a.childForFieldName('left') ?? a.childForFieldName('name');
    const right = a.childForFieldName('right') ?? a.childForFieldName('value');
    if (left?.text !== node.text || !right) continue;
    count++;
    texts.push(sqlText(right, python));
    const augmented = a.type.startsWith('augmented');
    const inert = python ? pyIsInert(right) : jsIsInert(right);
    if (!inert && (augmented || builds(right))) built = true;
  }
  return count > 1 ? { built, text: texts.join(' ') } : undefined;
}

/**
 * `" ".join(parts)` (Python) / `parts.join(" ")` (JS): the pieces joined, in place or put into the list named
 * before the use (assigned, `+=`, `append`/`extend`/`insert`, `push`/`unshift`, in the same function).
 * Undefined when `node` is not such a join.
 */
function joinedPieces(node: Node, python: boolean): Node[] | undefined {
  const fn = node.type === 'call' || node.type === 'call_expression' ? node.childForFieldName('function') : undefined;
  if (fn?.childForFieldName(python ? 'attribute' : 'property')?.text !== 'join') return undefined;
  const receiver = fn.childForFieldName('object');
  const list = python ? positionalArgs(node)[0] : receiver;
  if (!list || (python && receiver?.type !== 'string')) return undefined;
  // Python joins any iterable written in place (a list, a comprehension); JS joins an array literal.
  if (list.type !== 'identifier') return python || list.type === 'array' ? [list] : undefined;
  const pieces: Node[] = [];
  const adds = python ? /^(append|extend|insert)$/ : /^(push|unshift)$/;
  const types = python
    ? ['assignment', 'augmented_assignment', 'call']
    : ['variable_declarator', 'assignment_expression', 'call_expression'];
  for (const a of (enclosingFn(node) ?? node.tree.rootNode).descendantsOfType(types)) {
    if (!a || a.startIndex > node.startIndex) continue;
    if (a.type === 'call' || a.type === 'call_expression') {
      const callee = a.childForFieldName('function');
      const method = callee?.childForFieldName(python ? 'attribute' : 'property')?.text ?? '';
      const args = python ? positionalArgs(a) : callArgs(a);
      if (callee?.childForFieldName('object')?.text === list.text && adds.test(method))
        pieces.push(...args.slice(method === 'insert' ? 1 : 0));
    } else if ((a.childForFieldName('left') ?? a.childForFieldName('name'))?.text === list.text) {
      const right = a.childForFieldName('right') ?? a.childForFieldName('value');
      if (right) pieces.push(right);
    }
  }
  return pieces;
}

/** SQL joined from pieces that hold request input: `cur.execute(" AND ".join(conditions))`. */
function joinFromRequest(ctx: TreeContext, node: Node, python: boolean, words: RegExp): boolean {
  const pieces = joinedPieces(node, python);
  if (!pieces?.length) return false;
  const text = [literalText(node), ...pieces.map(literalText)].join(' ');
  const scope = taintFor(ctx)(node);
  return words.test(text) && pieces.some((p) => scope.isTainted(p));
}

/** Whether `sql` (an argument of a query call) is SQL built from runtime values; `inPlace` when built right there. */
function judge(ctx: TreeContext, sql: Node, python: boolean, words: RegExp = SQL_WORDS): boolean {
  const built = visible(ctx, sql, python);
  if (joinFromRequest(ctx, built, python, words)) return true;
  if (built === sql && isName(sql) && mayBuildSql(ctx)) {
    const steps = assignedInSteps(sql, python);
    if (steps) return steps.built && words.test(steps.text);
  }
  if (!builds(built) || (python ? pyIsInert(built) : jsIsInert(built))) return false;
  return words.test(sqlText(built, python));
}

function report(ctx: TreeContext, sql: Node, fixes: Fix[]): void {
  ctx.report({ start: sql.startIndex, end: sql.endIndex, messageId: 'sqlFromValues', fixes });
}

// ---------- The parameterised-query fix ----------

/** Names of spliced values that are SQL the code built (clauses, column lists, id lists), not plain values. */
const SQL_FRAGMENT_NAME =
  /(?:^|_)(?:sql|query|clause|where|order(?:_?by)?|sort(?:_?by)?|cols?|columns?|fields?|tables?|conditions?|filters?|joins?|ids|placeholders?|fragment|expr|subquery|limit)$/i;

/**
 * Whether a value spliced into SQL here means the same as a bound parameter: inside single quotes (`'{x}'`, a
 * string literal), or as a whole token right after a comparison or LIKE, or in a VALUES list. Elsewhere the
 * splice is SQL syntax on purpose (`FROM {table}`, `ORDER BY {col}`, `IN ({ids})`, `LIMIT {n}` with a string
 * in MySQL), sits in a double-quoted or back-quoted name, or is glued to other text, and a parameter would
 * change the query. A value named like built SQL (`where_sql`, `order_by`, `columns`) is left alone too.
 * `before` is the SQL so far (the opening quote removed when quoted), `after` the literal text that follows.
 */
function valuePosition(before: string, after: string, quoted: boolean, expr: string): boolean {
  if ((before.split('"').length - 1) % 2 === 1 || (before.split('`').length - 1) % 2 === 1) return false;
  if (quoted) return /(?:^|[^\w'])$/.test(before);
  const name = expr
    .replace(/\(\)$/, '')
    .replace(/^.*[.[]\s*["']?/, '')
    .replace(/["'\]]+$/, '');
  const camel = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  const afterOperator = /(?:[=<>]|\b(?:i?like))\s*$/i.test(before);
  const inValuesList = /\bVALUES\s*\((?:(?:[^()'"]|'[^']*')*,)?\s*$/i.test(before);
  return (afterOperator || inValuesList) && /^(?:\s|[),;]|$)/.test(after) && !SQL_FRAGMENT_NAME.test(camel);
}

// ---------- Python ----------

function pyPlaceholder(ctx: TreeContext): string | undefined {
  return perTree(ctx.root, 'sql-py-placeholder', () => findPyPlaceholder(ctx));
}

function findPyPlaceholder(ctx: TreeContext): string | undefined {
  const modules = [...importedNames(ctx.root).values()];
  const sqlite = modules.some((m) => /^sqlite3(\.|$)/.test(m));
  const format = modules.some(
    (m) => /^(psycopg2?|pymysql|MySQLdb|mysql\.connector|aiomysql|aiopg)(\.|$)/.test(m) || m === 'mysql',
  );
  return sqlite === format ? undefined : sqlite ? '?' : '%s';
}

/**
 * `IN (${ids.join(",")})`: the substitution is a list; one placeholder would compare with the joined text and
 * change what the query matches, so no single-placeholder fix is offered.
 */
function listSubstitution(before: string, expr: string): boolean {
  return /\bIN\s*\(\s*'?$/i.test(before) || /\.join\s*\(|\.map\s*\(|\bfor\b.*\bin\b/.test(expr);
}

/** `cur.execute(f"... {x} ...")` -> `cur.execute("... %s ...", (x,))` when the shape is simple. */
function pyFix(ctx: TreeContext, call: Node, sql: Node): Fix | undefined {
  const placeholder = pyPlaceholder(ctx);
  if (
    !placeholder ||
    lastSegment(calleeName(call)) !== 'execute' ||
    kids(call.childForFieldName('arguments') ?? call).length !== 1
  )
    return undefined;
  if (sql.type !== 'string' || !/^[rR]?[fF][rR]?["']/.test(sql.text)) return undefined;
  const start = kids(sql).find((c) => c.type === 'string_start');
  const end = kids(sql).find((c) => c.type === 'string_end');
  if (!start || !end) return undefined;
  let body = '';
  let dropQuote = false;
  const values: string[] = [];
  const parts = kids(sql).filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
  for (const [i, part] of parts.entries()) {
    if (part.type === 'string_content') {
      if (/[{}]/.test(part.text) || (placeholder === '%s' && part.text.includes('%'))) return undefined;
      body += dropQuote ? part.text.slice(1) : part.text;
      dropQuote = false;
    } else if (part.type === 'interpolation') {
      const expr = kids(part)[0];
      if (!expr || kids(part).length !== 1) return undefined; // format spec or conversion: not simple
      if (listSubstitution(body, expr.text)) return undefined;
      const quoted = body.endsWith("'") && ctx.text[part.endIndex] === "'";
      // `'{x}'` becomes a bare placeholder; an interpolation inside a longer SQL string literal is not simple.
      if ((body.split("'").length - 1) % 2 === 1 && !quoted) return undefined;
      if (quoted) body = body.slice(0, -1);
      const after = parts[i + 1]?.type === 'string_content' ? parts[i + 1].text.slice(quoted ? 1 : 0) : '';
      if (!valuePosition(body, after, quoted, expr.text)) return undefined;
      body += placeholder;
      values.push(expr.text);
      dropQuote = quoted;
    } else return undefined;
  }
  const text = body;
  const prefix = start.text.replace(/[fF]/, '');
  const tuple = values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
  return {
    title: `Use a parameterised query (${placeholder} placeholders)`,
    preferred: true,
    edits: [{ start: sql.startIndex, end: sql.endIndex, newText: `${prefix}${text}${end.text}, ${tuple}` }],
  };
}

function checkPython(ctx: TreeContext): void {
  // The imports are read once a candidate is found: a file without one is never parsed for this rule.
  let names: Map<string, string> | undefined;
  let sqlalchemy = false;
  for (const call of nodesAt(ctx.root, ctx.text, PY_CANDIDATES, 'call')) {
    if (!names) {
      names = importedNames(ctx.root);
      sqlalchemy = [...names.values()].some((m) => m.startsWith('sqlalchemy'));
    }
    const name = calleeName(call);
    const last = lastSegment(name) || (call.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '');
    if (last === 'extra') {
      checkDjangoExtra(ctx, call);
      continue;
    }
    if (PY_CLAUSES.has(last)) {
      // SQLAlchemy raw clause strings: `.filter("name = '%s'" % name)`, `literal_column(f"...")`.
      const clause = positionalArgs(call)[0];
      const receiver = call.childForFieldName('function')?.childForFieldName('object')?.text ?? '';
      if (last !== 'literal_column' && !/\b(query|select|session|stmt|statement|update|delete)\b/i.test(receiver))
        continue;
      if (sqlalchemy && clause && judge(ctx, clause, true, CLAUSE_WORDS)) report(ctx, clause, []);
      continue;
    }
    const isText =
      last === 'text' && ((names.get(name) ?? '').startsWith('sqlalchemy') || /^(sqlalchemy|sa)\.text$/.test(name));
    const isRaw = last === 'RawSQL';
    if (!isText && !isRaw && !(PY_METHODS.has(last) && name.includes('.'))) continue;
    if (PY_DB_ONLY.has(last) && !PY_DB_RECEIVER.test(name.slice(0, -last.length - 1))) continue;
    const sql =
      positionalArgs(call)[0] ?? keywordArg(call, 'sql') ?? keywordArg(call, 'query') ?? keywordArg(call, 'statement');
    // A `text()` clause may be only a condition (`text(f"name = '{name}'")` inside `.filter(...)`).
    if (!sql || !judge(ctx, sql, true, isText ? SQL_OR_CLAUSE : SQL_WORDS)) continue;
    const fix = visible(ctx, sql, true) === sql && sql.type !== 'identifier' ? pyFix(ctx, call, sql) : undefined;
    report(ctx, sql, fix ? [fix] : []);
  }
}

/** Django `.extra(where=[...], select={...}, order_by=[...])`: raw SQL fragments. */
function checkDjangoExtra(ctx: TreeContext, call: Node): void {
  for (const kw of ['where', 'select', 'order_by', 'tables']) {
    const value = keywordArg(call, kw);
    if (!value) continue;
    const items =
      value.type === 'list' || value.type === 'tuple'
        ? kids(value)
        : value.type === 'dictionary'
          ? kids(value).map((p) => p.childForFieldName('value') ?? p)
          : [value];
    for (const item of items) if (judge(ctx, item, true, CLAUSE_WORDS)) report(ctx, item, []);
  }
}

// ---------- JavaScript / TypeScript ----------

function jsPlaceholder(ctx: TreeContext): ((n: number) => string) | undefined {
  return perTree(ctx.root, 'sql-js-placeholder', () => findJsPlaceholder(ctx));
}

function findJsPlaceholder(ctx: TreeContext): ((n: number) => string) | undefined {
  const sources = new Set<string>();
  for (const s of kids(ctx.root))
    if (s.type === 'import_statement') sources.add(jsString(s.childForFieldName('source')) ?? '');
  for (const c of nodesAt(ctx.root, ctx.text, /\brequire\s*\(/g, 'call_expression'))
    if (calleeName(c) === 'require') sources.add(jsString(callArgs(c)[0]) ?? '');
  const pg = sources.has('pg');
  const mysql = ['mysql', 'mysql2', 'mysql2/promise'].some((m) => sources.has(m));
  return pg === mysql ? undefined : pg ? (n) => `$${n}` : () => '?';
}

/** `db.query(`... ${x}`)` -> `db.query(`... $1`, [x])` for pg / mysql drivers. */
function jsFix(ctx: TreeContext, call: Node, sql: Node): Fix | undefined {
  const placeholder = jsPlaceholder(ctx);
  const method =
    lastSegment(calleeName(call)) || call.childForFieldName('function')?.childForFieldName('property')?.text;
  if (
    !placeholder ||
    (method !== 'query' && method !== 'execute') ||
    callArgs(call).length !== 1 ||
    sql.type !== 'template_string'
  )
    return undefined;
  let body = '';
  let dropQuote = false;
  const values: string[] = [];
  const parts = sql.children.filter((c): c is Node => Boolean(c) && c!.type !== '`');
  for (const [i, part] of parts.entries()) {
    if (part.type === 'string_fragment' || part.type === 'escape_sequence') {
      body += dropQuote ? part.text.slice(1) : part.text;
      dropQuote = false;
    } else if (part.type === 'template_substitution') {
      if (listSubstitution(body, kids(part)[0]?.text ?? '')) return undefined;
      const quoted = body.endsWith("'") && ctx.text[part.endIndex] === "'";
      if ((body.split("'").length - 1) % 2 === 1 && !quoted) return undefined;
      if (quoted) body = body.slice(0, -1);
      const next = parts[i + 1];
      const after = next?.type === 'string_fragment' ? next.text.slice(quoted ? 1 : 0) : '';
      if (!valuePosition(body, after, quoted, kids(part)[0]?.text ?? '')) return undefined;
      values.push(kids(part)[0]?.text ?? '');
      body += placeholder(values.length);
      dropQuote = quoted;
    } else return undefined;
  }
  const text = body;
  return {
    title: 'Use a parameterised query',
    preferred: true,
    edits: [{ start: sql.startIndex, end: sql.endIndex, newText: `\`${text}\`, [${values.join(', ')}]` }],
  };
}

function rootName(node: Node | null): string {
  let n = node;
  while (n && (n.type === 'member_expression' || n.type === 'call_expression'))
    n = n.type === 'member_expression' ? n.childForFieldName('object') : n.childForFieldName('function');
  return n?.text ?? '';
}

/** The SQL of a query options object: `{ sql: ... }`, `{ text: ... }` or the shorthand `{ sql }`. */
function optionSql(options: Node): Node | undefined {
  const value = objectProp(options, 'sql') ?? objectProp(options, 'text');
  if (value) return value;
  return kids(options).find(
    (k) => k.type === 'shorthand_property_identifier' && (k.text === 'sql' || k.text === 'text'),
  );
}

function checkJs(ctx: TreeContext): void {
  for (const call of nodesAt(ctx.root, ctx.text, JS_CANDIDATES, 'call_expression')) {
    const callee = call.childForFieldName('function');
    // Tagged templates (sql`...`) are parameterised.
    if (callee?.type !== 'member_expression' || call.childForFieldName('arguments')?.type !== 'arguments') continue;
    const method = callee.childForFieldName('property')?.text ?? '';
    const isDb =
      JS_DB_METHODS.has(method) &&
      /db|database|sqlite|conn|pool|client/i.test(rootName(callee.childForFieldName('object')));
    if (!JS_METHODS.has(method) && !isDb) continue;
    const first = callArgs(call)[0];
    // mysql `conn.query({ sql, values })`, pg `client.query({ text, values })`.
    const sql = first?.type === 'object' ? optionSql(first) : first;
    if (!sql || !judge(ctx, sql, false, JS_CLAUSE_METHODS.has(method) ? SQL_OR_CLAUSE : SQL_WORDS)) continue;
    const fix =
      sql === first && visible(ctx, sql, false) === sql && sql.type !== 'identifier'
        ? jsFix(ctx, call, sql)
        : undefined;
    report(ctx, sql, fix ? [fix] : []);
  }
}

export const sqlInjection: Rule = {
  meta: {
    id: 'sql-injection',
    title: 'SQL built from runtime values',
    defaultSeverity: 'error',
    summary:
      'SQL text built with f-strings, +, %, .format or template literals and passed to execute/query/raw/text().',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [89], owasp: 'A03', securitySeverity: 9.8 },
    languages: ['python', 'js'],
    messages: {
      sqlFromValues:
        'SQL built from runtime values: a quote in the input rewrites the query (read or delete any row, ' +
        'bypass login). Pass the values as query parameters instead.',
    },
  },
  keywords: [
    'execute',
    'extra(',
    'RawSQL',
    'filter(',
    'where(',
    'order_by(',
    'cursor(',
    'literal_column',
    'query',
    'raw',
    'Raw',
    'text(',
    'read_sql',
    'fetch',
    'prepare',
    '.run(',
    '.all(',
    '.get(',
    '.exec(',
    'unsafe',
  ],
  python: checkPython,
  js: checkJs,
};

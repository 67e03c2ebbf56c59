// cors-wildcard for JavaScript/TypeScript: the `cors` middleware family (express cors, @koa/cors,
// @fastify/cors, hono), NestJS enableCors, and literal `Access-Control-Allow-Origin: *` headers.
import type { Fix, Node, TextEdit, TreeContext } from '../../core/types';
import { calleeName, codeText, dottedName, escapeRegExp, kids, lastSegment, nodesAt } from '../../syntax/tree';
import { enclosingFn as enclosingFunction } from '../../syntax/scopes';
import { callArgs, objectPair, stringValue } from '../../syntax/js';
import { jsEnvFirst, jsEnvList, listedOrigins } from '../../syntax/envList';
import {
  literalOrigin,
  messageOf,
  regexOrigin,
  reportReflectedOrigin,
  reportStarHeader,
  severityOf,
  tokenLoginOnly,
  type Verdict,
} from './origins';

const ACAO = 'access-control-allow-origin';
const CORS_PACKAGES = new Set([
  'cors',
  '@koa/cors',
  'koa2-cors',
  'koa-cors',
  '@fastify/cors',
  'fastify-cors',
  'hono/cors',
  '@hono/cors',
]);
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'writeHeader']);
const ENV = jsEnvList('CORS_ORIGINS');

/** Not preferred for a low-risk (info) finding: until CORS_ORIGINS is set, the API's own front end is refused. */
function envFix(edits: TextEdit[], preferred = true): Fix[] {
  return [{ title: 'Allow only the origins listed in the CORS_ORIGINS environment variable', preferred, edits }];
}

/**
 * Local names bound to a cors package: `import cors from "cors"`, `const cors = require("cors")`, `{ cors } from
 * "hono/cors"`.
 */
function corsNames(root: Node, text: string): Set<string> {
  const names = new Set<string>();
  // Text gate: walking every top-level statement is only worth it when a CORS package is named at all.
  if (![...CORS_PACKAGES].some((p) => text.includes(`'${p}'`) || text.includes(`"${p}"`))) return names;
  for (const stmt of kids(root)) {
    if (stmt.type === 'import_statement' && CORS_PACKAGES.has(stringValue(stmt.childForFieldName('source')) ?? '')) {
      const clause = kids(stmt).find((k) => k.type === 'import_clause');
      for (const part of clause ? kids(clause) : []) {
        if (part.type === 'identifier') names.add(part.text);
        else if (part.type === 'named_imports') {
          for (const spec of kids(part)) {
            const local = spec.childForFieldName('alias') ?? spec.childForFieldName('name');
            if (spec.childForFieldName('name')?.text === 'cors' && local) names.add(local.text);
          }
        }
      }
    }
    if (stmt.type === 'lexical_declaration' || stmt.type === 'variable_declaration') {
      for (const d of kids(stmt).filter((k) => k.type === 'variable_declarator')) {
        const value = d.childForFieldName('value');
        const name = d.childForFieldName('name');
        if (
          value?.type === 'call_expression' &&
          calleeName(value) === 'require' &&
          CORS_PACKAGES.has(stringValue(callArgs(value)[0]) ?? '') &&
          name?.type === 'identifier'
        )
          names.add(name.text);
      }
    }
  }
  return names;
}

const consts = new WeakMap<Node, Map<string, Node | null>>();

/**
 * A `const NAME = <literal>` declared once in the file (options objects, origin lists), looked up once per
 * name and tree. Candidates from the text: each whole-word occurrence of the name; a declarator's name is
 * its direct child (identifier -> variable_declarator is 1 level).
 */
function constValue(ctx: TreeContext, name: string): Node | undefined {
  let map = consts.get(ctx.root);
  if (!map) consts.set(ctx.root, (map = new Map<string, Node | null>()));
  if (!map.has(name)) {
    const occurrences = new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`, 'g');
    let found: Node | null | undefined;
    for (const d of nodesAt(ctx.root, ctx.text, occurrences, 'variable_declarator')) {
      const id = d.childForFieldName('name');
      if (id?.type !== 'identifier' || id.text !== name) continue;
      const isConst = d.parent?.type === 'lexical_declaration' && d.parent.text.startsWith('const');
      found = found !== undefined || !isConst ? null : d.childForFieldName('value');
    }
    map.set(name, found ?? null);
  }
  const value = map.get(name);
  return value && ['object', 'array', 'string', 'regex', 'true'].includes(value.type) ? value : undefined;
}

function resolve(ctx: TreeContext, node: Node | undefined): Node | undefined {
  return node?.type === 'identifier' ? constValue(ctx, node.text) : node;
}

/**
 * `origin: (origin, callback) => callback(null, true)` or `callback(null, origin)`: a delegate that answers yes to
 * every caller, with no condition before it (the only statement), reflects any origin like `origin: true`.
 */
function allowsEveryOrigin(fn: Node): boolean {
  if (fn.type !== 'arrow_function' && fn.type !== 'function_expression') return false;
  const [origin, callback] = kids(fn.childForFieldName('parameters') ?? fn).map((p) => p.text);
  let body = fn.childForFieldName('body');
  if (body?.type === 'statement_block') {
    const statements = kids(body).filter((k) => k.type !== 'comment');
    body = statements.length === 1 && statements[0].type === 'expression_statement' ? kids(statements[0])[0] : null;
  }
  if (!callback || body?.type !== 'call_expression' || calleeName(body) !== callback) return false;
  const [error, allowed] = callArgs(body);
  return error?.type === 'null' && (allowed?.type === 'true' || (!!origin && allowed?.text === origin));
}

function judge(value: Node): { node: Node; verdict: Verdict }[] {
  const items = value.type === 'array' ? kids(value) : [value];
  const hits: { node: Node; verdict: Verdict }[] = [];
  for (const item of items) {
    let verdict: Verdict | undefined;
    if (item.type === 'true' || allowsEveryOrigin(item)) verdict = { kind: 'any' };
    else if (item.type === 'regex')
      verdict = regexOrigin(item.childForFieldName('pattern')?.text ?? '', 'search', {
        flags: item.childForFieldName('flags')?.text ?? '',
      });
    else {
      const s = stringValue(item);
      verdict = s === undefined ? undefined : literalOrigin(s);
    }
    if (verdict) hits.push({ node: item, verdict });
  }
  return hits;
}

/** `{ origin: ENV, ` as the object's first property, in the object's own layout. */
function insertOrigin(ctx: TreeContext, obj: Node): TextEdit {
  const first = kids(obj)[0];
  if (!first) return { start: obj.startIndex, end: obj.endIndex, newText: `{ origin: ${ENV} }` };
  const between = ctx.text.slice(obj.startIndex + 1, first.startIndex);
  return {
    start: first.startIndex,
    end: first.startIndex,
    newText: `origin: ${ENV},${between.includes('\n') ? between.slice(between.lastIndexOf('\n')) : ' '}`,
  };
}

/** Checks the options given to a cors middleware; `args` is where a missing options object goes. */
function corsOptions(
  ctx: TreeContext,
  call: Node,
  given: Node | undefined,
  where: string,
  appendTo: 'empty' | 'after',
): void {
  const options = resolve(ctx, given);
  if (given && !options) return; // options from a variable we cannot see, or a delegate function
  if (options && options.type !== 'object') return;
  const credentials = options ? objectPair(options, 'credentials')?.childForFieldName('value')?.type === 'true' : false;
  const originPair = options ? objectPair(options, 'origin') : undefined;
  const tokenOnly = tokenLoginOnly(ctx.text);
  if (!originPair) {
    // `{ ...base }`, `{ origin }` and `origin(o, cb) {}` set it in ways we do not judge.
    if (
      options &&
      kids(options).some(
        (k) =>
          k.type === 'spread_element' ||
          ((k.type === 'method_definition' || k.type === 'shorthand_property_identifier') &&
            (k.childForFieldName('name')?.text ?? k.text) === 'origin'),
      )
    )
      return;
    const any: Verdict = { kind: 'any' };
    const args = call.childForFieldName('arguments');
    let edit: TextEdit | undefined;
    if (options) edit = insertOrigin(ctx, options);
    else if (args && appendTo === 'empty')
      edit = { start: args.startIndex + 1, end: args.endIndex - 1, newText: `{ origin: ${ENV} }` };
    else if (args) {
      const last = callArgs(call).at(-1);
      if (last) edit = { start: last.endIndex, end: last.endIndex, newText: `, { origin: ${ENV} }` };
    }
    const at = given ?? call;
    const lineEnd = ctx.text.indexOf('\n', at.startIndex);
    ctx.report({
      start: at.startIndex,
      end: lineEnd >= 0 && lineEnd < at.endIndex ? lineEnd : at.endIndex,
      severity: severityOf(any, credentials, tokenOnly),
      ...messageOf(any, `${where} without an origin option`, credentials, true, tokenOnly),
      fixes: edit ? envFix([edit], !tokenOnly) : undefined,
    });
    return;
  }
  const raw = originPair.childForFieldName('value');
  const value = resolve(ctx, raw ?? undefined);
  if (!raw || !value) return;
  for (const hit of judge(value)) {
    const what = hit.node.type === 'true' ? `${where} origin: true (reflects the caller's origin)` : `${where} origin`;
    ctx.report({
      start: hit.node.startIndex,
      end: hit.node.endIndex,
      severity: severityOf(hit.verdict, credentials, tokenOnly),
      ...messageOf(hit.verdict, what, credentials, false, tokenOnly),
      fixes: envFix(
        [{ start: value.startIndex, end: value.endIndex, newText: jsEnvList('CORS_ORIGINS', listedOrigins(value)) }],
        severityOf(hit.verdict, credentials, tokenOnly) !== 'info',
      ),
    });
  }
}

function header(ctx: TreeContext, value: Node): void {
  reportStarHeader(ctx, value, jsEnvFirst('CORS_ORIGINS'));
}

// Clients setting the header on a request (a common beginner mistake) are harmless: skip requests.
const REQUEST_CALLS = /^(fetch|axios|got|ky|ajax|request|get|post|put|patch|delete|head|superagent)$/;
const REQUEST_RECEIVER = /(^|\.)(req|request|session|client|axios|defaults|xhr|http|api)(\.|$)/i;

/** True when a headers object sits in the options of a request call: `fetch(url, { headers: {...} })`. */
function inRequestOptions(obj: Node): boolean {
  let n: Node | null = obj;
  for (let depth = 0; n && depth < 5; depth++, n = n.parent) {
    if (n.type === 'call_expression') {
      const callee = n.childForFieldName('function');
      const name =
        callee?.type === 'member_expression'
          ? (callee.childForFieldName('property')?.text ?? '')
          : (callee?.text ?? '');
      return (
        REQUEST_CALLS.test(name) ||
        (callee?.type === 'member_expression' && REQUEST_RECEIVER.test(dottedName(callee.childForFieldName('object'))))
      );
    }
    if (!['object', 'pair', 'arguments'].includes(n.type)) return false;
  }
  return false;
}

const isAcao = (n: Node | null | undefined) =>
  (stringValue(n) ?? (n?.type === 'property_identifier' ? n.text : undefined))?.toLowerCase() === ACAO;
const isStar = (n: Node | null | undefined) => stringValue(n)?.trim() === '*';

export function checkJs(ctx: TreeContext): void {
  const names = corsNames(ctx.root, ctx.text);
  // Candidates from the text; the tree confirms. Calls: the imported cors factory, register(cors), enableCors,
  // NestFactory.create.
  const callNames = [...names].map(escapeRegExp);
  const calls = new RegExp(
    `${callNames.length ? `\\b(?:${callNames.join('|')})\\s*\\(|` : ''}` +
      `\\.\\s*(?:register|enableCors)\\s*\\(|\\bNestFactory\\s*\\.\\s*create\\s*\\(`,
    'g',
  );
  for (const call of nodesAt(ctx.root, ctx.text, calls, 'call_expression')) {
    const callee = call.childForFieldName('function');
    const args = callArgs(call);
    const method = callee?.type === 'member_expression' ? (callee.childForFieldName('property')?.text ?? '') : '';
    if (callee?.type === 'identifier' && names.has(callee.text))
      corsOptions(ctx, call, args[0], `${callee.text}()`, 'empty');
    else if (method === 'register' && args[0]?.type === 'identifier' && names.has(args[0].text))
      corsOptions(ctx, call, args[1], 'register(cors)', 'after');
    else if (method === 'enableCors') corsOptions(ctx, call, args[0], 'enableCors()', 'empty');
    else if (
      lastSegment(calleeName(call)) === 'create' &&
      calleeName(call).endsWith('NestFactory.create') &&
      args[1]?.type === 'object'
    ) {
      const flag = objectPair(args[1], 'cors')?.childForFieldName('value');
      if (flag?.type === 'true') {
        const any: Verdict = { kind: 'any' };
        ctx.report({
          start: flag.startIndex,
          end: flag.endIndex,
          ...messageOf(any, 'NestFactory.create({ cors: true })', false, true),
          fixes: envFix([{ start: flag.startIndex, end: flag.endIndex, newText: `{ origin: ${ENV} }` }]),
        });
      }
    }
  }
  // Literal `Access-Control-Allow-Origin: *` headers: setter calls, object pairs, subscript assignments.
  for (const node of nodesAt(ctx.root, ctx.text, /access-control-allow-origin/gi, [
    'call_expression',
    'pair',
    'assignment_expression',
  ])) {
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      const method = callee?.type === 'member_expression' ? (callee.childForFieldName('property')?.text ?? '') : '';
      const args = callArgs(node);
      if (
        HEADER_SETTERS.has(method) &&
        args.length === 2 &&
        isAcao(args[0]) &&
        !REQUEST_RECEIVER.test(dottedName(callee?.childForFieldName('object')))
      ) {
        if (isStar(args[1])) header(ctx, args[1]);
        else reportReflectedOrigin(ctx, args[1], codeText(enclosingFunction(node) ?? ctx.root));
      }
    } else if (node.type === 'pair') {
      const key = node.childForFieldName('key');
      const value = node.childForFieldName('value');
      if (isAcao(key) && value && node.parent && !inRequestOptions(node.parent)) {
        if (isStar(value)) header(ctx, value);
        else reportReflectedOrigin(ctx, value, codeText(enclosingFunction(node) ?? ctx.root));
      }
      // Next.js `headers()` config: `{ key: "Access-Control-Allow-Origin", value: "*" }`.
      const starValue =
        key?.text === 'key' && isAcao(value) && node.parent
          ? objectPair(node.parent, 'value')?.childForFieldName('value')
          : undefined;
      if (starValue && isStar(starValue)) header(ctx, starValue);
    } else {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (
        left?.type === 'subscript_expression' &&
        isAcao(left.childForFieldName('index')) &&
        isStar(right) &&
        !REQUEST_RECEIVER.test(dottedName(left.childForFieldName('object')))
      )
        header(ctx, right!);
    }
  }
}

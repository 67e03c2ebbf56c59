// cors-wildcard for Python: Starlette/FastAPI CORSMiddleware, flask-cors, django-cors-headers settings,
// and literal `Access-Control-Allow-Origin: *` headers.
import type { Fix, Node, TextEdit, TreeContext } from '../../core/types';
import { calleeName, codeText, dottedName, kids, lastSegment, nodesAt } from '../../syntax/tree';
import { enclosingFn as enclosingFunction } from '../../syntax/scopes';
import { importedNames, keywordArg, keywordArgNode, positionalArgs, stringValue } from '../../syntax/python';
import { appendArguments, deleteStatements, removeListItem } from '../../syntax/edits';
import { listedOrigins, pythonEnvFirst, pythonEnvList, pythonOsImport } from '../../syntax/envList';
import {
  flaskOrigin,
  reportReflectedOrigin,
  literalOrigin,
  messageOf,
  regexOrigin,
  reportStarHeader,
  severityOf,
  type Verdict,
} from './origins';

const ACAO = 'access-control-allow-origin';
const HEADER_SETTERS = new Set(['add', 'set', 'setdefault', 'send_header', 'add_header', 'append']);

interface Hit {
  node: Node;
  verdict: Verdict;
}

function envList(ctx: TreeContext, at: Node): TextEdit[] {
  return [
    { start: at.startIndex, end: at.endIndex, newText: pythonEnvList('CORS_ORIGINS', 'o', listedOrigins(at)) },
    ...pythonOsImport(ctx.root),
  ];
}

function envFix(edits: TextEdit[]): Fix[] {
  return [{ title: 'Allow only the origins listed in the CORS_ORIGINS environment variable', preferred: true, edits }];
}

/** A name bound once at module level to a literal: `origins = ["*"]` then `allow_origins=origins`. */
const topLevel = new WeakMap<Node, Node[]>();
const literals = new WeakMap<Node, Map<string, Node | null>>();

/** The module's top-level statements, listed once per tree (each listing crosses into WebAssembly). */
function statements(root: Node): Node[] {
  let list = topLevel.get(root);
  if (!list) topLevel.set(root, (list = kids(root)));
  return list;
}

/**
 * Names bound exactly once at module level to a literal (`origins = ["*"]`, later `allow_origins=origins`),
 * indexed once per tree; a name assigned twice or augmented maps to null (unknown).
 */
function moduleLiteral(ctx: TreeContext, name: string): Node | undefined {
  let map = literals.get(ctx.root);
  if (!map) {
    map = new Map();
    for (const stmt of statements(ctx.root)) {
      const a = stmt.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
      if (a?.type !== 'assignment' && a?.type !== 'augmented_assignment') continue;
      const left = a.childForFieldName('left')?.text;
      if (!left) continue;
      const value = a.type === 'assignment' ? a.childForFieldName('right') : null;
      map.set(left, map.has(left) || !value ? null : value);
    }
    literals.set(ctx.root, map);
  }
  const value = map.get(name);
  return value && ['list', 'tuple', 'set', 'string'].includes(value.type) ? value : undefined;
}

function resolve(ctx: TreeContext, value: Node | undefined): Node | undefined {
  if (value?.type === 'identifier') return moduleLiteral(ctx, value.text);
  return value;
}

/** Origins written as a string or a list of strings, judged one by one. */
function judgeOrigins(value: Node, judge: (s: string) => Verdict | undefined): Hit[] {
  const items = value.type === 'string' ? [value] : ['list', 'tuple', 'set'].includes(value.type) ? kids(value) : [];
  const hits: Hit[] = [];
  for (const item of items) {
    const s = stringValue(item);
    const verdict = s === undefined ? undefined : judge(s);
    if (verdict) hits.push({ node: item, verdict });
  }
  return hits;
}

/**
 * Reports each open origin written in `list` (a string or a list of strings) at its own string; `envFix` says
 * whether the finding offers to read the list from CORS_ORIGINS instead (not for regexes).
 */
function reportOrigins(
  ctx: TreeContext,
  list: Node,
  judge: (s: string) => Verdict | undefined,
  where: string,
  credentials: boolean,
  withEnvFix = true,
): void {
  for (const hit of judgeOrigins(list, judge))
    ctx.report({
      start: hit.node.startIndex,
      end: hit.node.endIndex,
      severity: severityOf(hit.verdict, credentials),
      ...messageOf(hit.verdict, where, credentials),
      fixes: withEnvFix ? envFix(envList(ctx, list)) : undefined,
    });
}

function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

function hasSplat(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  return !!args && kids(args).some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat');
}

function starlette(ctx: TreeContext, call: Node): void {
  if (hasSplat(call)) return;
  const credentials = isTrue(keywordArg(call, 'allow_credentials'));
  const originsArg = keywordArg(call, 'allow_origins');
  const origins = resolve(ctx, originsArg);
  if (origins) {
    reportOrigins(ctx, origins, literalOrigin, 'CORSMiddleware allow_origins', credentials);
  }
  const regex = keywordArg(call, 'allow_origin_regex');
  const pattern = stringValue(regex);
  const verdict = pattern === undefined ? undefined : regexOrigin(pattern, 'full', { python: true });
  if (regex && verdict) {
    const kw = keywordArgNode(call, 'allow_origin_regex');
    const edits: TextEdit[] =
      kw && !originsArg
        ? [
            { start: kw.startIndex, end: kw.endIndex, newText: `allow_origins=${pythonEnvList('CORS_ORIGINS')}` },
            ...pythonOsImport(ctx.root),
          ]
        : kw
          ? [removeListItem(ctx.text, kw)]
          : [];
    ctx.report({
      start: regex.startIndex,
      end: regex.endIndex,
      severity: severityOf(verdict, credentials),
      ...messageOf(verdict, 'CORSMiddleware allow_origin_regex', credentials),
      fixes: edits.length ? envFix(edits) : undefined,
    });
  }
}

const appConfigured = new WeakMap<Node, boolean>();

function configuredByApp(ctx: TreeContext): boolean {
  let hit = appConfigured.get(ctx.root);
  if (hit === undefined) appConfigured.set(ctx.root, (hit = ctx.text.includes('CORS_ORIGINS')));
  return hit;
}

/** flask-cors `CORS(app, ...)` and `@cross_origin(...)`: origins default to "*" when not given. */
function flaskCors(ctx: TreeContext, call: Node, decorator: boolean): void {
  if (hasSplat(call)) return;
  const credentials = isTrue(keywordArg(call, 'supports_credentials'));
  const where = decorator ? '@cross_origin' : 'flask-cors CORS()';
  const origins = resolve(ctx, keywordArg(call, 'origins'));
  const args = call.childForFieldName('arguments');
  if (origins) {
    reportOrigins(ctx, origins, flaskOrigin, `${where} origins`, credentials);
    return;
  }
  if (keywordArg(call, 'origins')) return; // read from settings/env: not ours to judge
  // `CORS()` with no app is the extension-factory form; its options arrive later through init_app.
  if (!decorator && positionalArgs(call).length === 0) return;
  if (decorator && positionalArgs(call).length > 0) return;
  if (configuredByApp(ctx)) return; // flask-cors also reads app.config["CORS_ORIGINS"]
  const addOrigins: TextEdit[] = args
    ? [appendArguments(ctx.text, args, [`origins=${pythonEnvList('CORS_ORIGINS')}`]), ...pythonOsImport(ctx.root)]
    : [];
  const resources = keywordArg(call, 'resources');
  const any: Verdict = { kind: 'any' };
  if (resources?.type === 'dictionary') {
    for (const pair of kids(resources).filter((p) => p.type === 'pair')) {
      const options = pair.childForFieldName('value');
      if (options?.type !== 'dictionary') continue;
      const entry = kids(options).find(
        (p) => p.type === 'pair' && stringValue(p.childForFieldName('key')) === 'origins',
      );
      const value = resolve(ctx, entry?.childForFieldName('value') ?? undefined);
      if (!entry) {
        ctx.report({
          start: pair.startIndex,
          end: pair.endIndex,
          severity: severityOf(any, credentials),
          ...messageOf(any, `${where} resource ${pair.childForFieldName('key')?.text ?? ''}`, credentials, true),
          fixes: envFix(addOrigins),
        });
      } else if (value) {
        reportOrigins(ctx, value, flaskOrigin, `${where} resource origins`, credentials);
      }
    }
    return;
  }
  if (resources && resources.type !== 'string' && resources.type !== 'list') return;
  const at = call.childForFieldName('function') ?? call;
  const firstLineEnd = ctx.text.indexOf('\n', at.startIndex);
  const end = firstLineEnd >= 0 && firstLineEnd < call.endIndex ? firstLineEnd : call.endIndex;
  ctx.report({
    start: at.startIndex,
    end,
    severity: severityOf(any, credentials),
    ...messageOf(any, `${where} without origins`, credentials, true),
    fixes: envFix(addOrigins),
  });
}

const DJANGO_ALLOW_ALL = new Set(['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL']);
const DJANGO_LISTS = new Set(['CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST']);

function topLevelAssignments(ctx: TreeContext): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const stmt of statements(ctx.root)) {
    const a = stmt.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    if (a && left?.type === 'identifier') map.set(left.text, a);
  }
  return map;
}

function django(ctx: TreeContext): void {
  const settings = topLevelAssignments(ctx);
  const credentials = isTrue(settings.get('CORS_ALLOW_CREDENTIALS')?.childForFieldName('right') ?? undefined);
  const hasList = [...DJANGO_LISTS].some((n) => settings.has(n));
  for (const [name, a] of settings) {
    const right = a.childForFieldName('right');
    if (!right) continue;
    if (DJANGO_ALLOW_ALL.has(name) && right.type === 'true') {
      const stmt = a.parent ?? a;
      const edits = hasList
        ? deleteStatements(ctx.text, [stmt], true)
        : [
            {
              start: a.startIndex,
              end: a.endIndex,
              newText: `CORS_ALLOWED_ORIGINS = ${pythonEnvList('CORS_ORIGINS')}`,
            },
            ...pythonOsImport(ctx.root),
          ];
      const verdict: Verdict = { kind: 'any' };
      ctx.report({
        start: a.startIndex,
        end: a.endIndex,
        severity: severityOf(verdict, credentials),
        ...messageOf(verdict, `django-cors-headers ${name} = True`, credentials),
        fixes: [
          {
            title: hasList
              ? `Remove ${name} (the explicit origin list applies)`
              : 'Allow only the origins listed in the CORS_ORIGINS environment variable',
            preferred: true,
            edits,
          },
        ],
      });
    } else if (DJANGO_LISTS.has(name)) {
      reportOrigins(ctx, right, literalOrigin, `django-cors-headers ${name}`, credentials);
    } else if (name === 'CORS_ALLOWED_ORIGIN_REGEXES' || name === 'CORS_ORIGIN_REGEX_WHITELIST') {
      const judge = (s: string) => regexOrigin(s, 'prefix', { python: true });
      reportOrigins(ctx, right, judge, `django-cors-headers ${name}`, credentials, false);
    }
  }
}

function header(ctx: TreeContext, value: Node): void {
  reportStarHeader(ctx, value, pythonEnvFirst('CORS_ORIGINS'), pythonOsImport(ctx.root));
}

// Clients setting the header on a request (a common beginner mistake) are harmless: skip requests.
const REQUEST_CALLS = /^(get|post|put|patch|delete|head|request|Request|urlopen|fetch)$/;
const REQUEST_RECEIVER = /(^|\.)(requests|httpx|session|client|http|req|request)(\.|$)/i;

/** True when a headers dict sits in a request call: `requests.get(url, headers={...})`. */
function inRequestCall(dict: Node): boolean {
  let n: Node | null = dict;
  for (let depth = 0; n && depth < 4; depth++, n = n.parent) {
    if (n.type === 'call') {
      const name = calleeName(n);
      return REQUEST_CALLS.test(lastSegment(name)) || REQUEST_RECEIVER.test(name.slice(0, name.lastIndexOf('.')));
    }
    if (!['dictionary', 'keyword_argument', 'argument_list'].includes(n.type)) return false;
  }
  return false;
}

const isAcao = (n: Node | null | undefined) => stringValue(n)?.toLowerCase() === ACAO;
const isStar = (n: Node | null | undefined) => stringValue(n)?.trim() === '*';

// Candidates from the text (the tree confirms): the callee names the call loop tests (CORSMiddleware,
// add_middleware/Middleware, flask-cors CORS/cross_origin) and the header name, in a setter call's first
// argument, a subscript assigned to, or a dict key.
const CORS_CALLS = /\b(?:CORSMiddleware|add_middleware|Middleware|CORS|cross_origin)\b/g;
const ACAO_TEXT = /access-control-allow-origin/gi;

/** Nodes in document order (outer before inner at the same start), without duplicates. */
function inOrder(...lists: Node[][]): Node[] {
  const byId = new Map<number, Node>();
  for (const list of lists) for (const n of list) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

export function checkPython(ctx: TreeContext): void {
  const imports = importedNames(ctx.root);
  const flaskName = (name: string, what: string) =>
    name === `flask_cors.${what}` || (name === what && imports.get(what) === `flask_cors.${what}`);
  // The nearest call, assignment or dict pair around each header name.
  const headers = nodesAt(ctx.root, ctx.text, ACAO_TEXT, ['call', 'assignment', 'pair']);
  const calls = inOrder(
    nodesAt(ctx.root, ctx.text, CORS_CALLS, 'call'),
    headers.filter((n) => n.type === 'call'),
  );
  for (const call of calls) {
    const name = calleeName(call);
    const last = lastSegment(name);
    const first = positionalArgs(call)[0];
    if (
      last === 'CORSMiddleware' ||
      ((last === 'add_middleware' || last === 'Middleware') && lastSegment(dottedName(first)) === 'CORSMiddleware')
    )
      starlette(ctx, call);
    else if (flaskName(name, 'CORS')) flaskCors(ctx, call, false);
    else if (flaskName(name, 'cross_origin') && call.parent?.type === 'decorator') flaskCors(ctx, call, true);
    else if (HEADER_SETTERS.has(last) && name.includes('.')) {
      const args = positionalArgs(call);
      if (args.length === 2 && isAcao(args[0]) && !REQUEST_RECEIVER.test(name.slice(0, name.lastIndexOf('.')))) {
        if (isStar(args[1])) header(ctx, args[1]);
        else reportReflectedOrigin(ctx, args[1], codeText(enclosingFunction(call) ?? ctx.root));
      }
    }
  }
  for (const a of headers.filter((n) => n.type === 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (
      left?.type === 'subscript' &&
      right &&
      isAcao(left.childForFieldName('subscript')) &&
      !REQUEST_RECEIVER.test(dottedName(left.childForFieldName('value')))
    ) {
      if (isStar(right)) header(ctx, right);
      else reportReflectedOrigin(ctx, right, codeText(enclosingFunction(a) ?? ctx.root));
    }
  }
  for (const pair of headers.filter((n) => n.type === 'pair')) {
    const value = pair.childForFieldName('value');
    if (!value || !isAcao(pair.childForFieldName('key')) || !pair.parent || inRequestCall(pair.parent)) continue;
    // `Response(headers={"Access-Control-Allow-Origin": request.headers["origin"]})`
    if (isStar(value)) header(ctx, value);
    else reportReflectedOrigin(ctx, value, codeText(enclosingFunction(pair) ?? ctx.root));
  }
  if (ctx.text.includes('CORS_')) django(ctx);
}

// Module facts of one JS/TS file: imports and requires, Express apps and routers, `use` mounts and
// prefix-scoped middleware, the default export, functions and methods with the calls they make.
import type { Node } from '../core/types';
import { aiCallOf } from '../syntax/aiCalls';
import { callArgs, stringValue } from '../syntax/js';
import { calleeName, descendants, dottedName, kids, lastSegment } from '../syntax/tree';
import { isAuthGuard, jsEndpointFacts } from '../workspace/endpointsJs';
import { looseCallee } from '../workspace/endpointText';
import { LIMIT_NAME } from '../workspace/endpointTypes';
import { constructionArgs } from './args';
import type { ArgFact, FunctionFact, ImportFact, ModuleFacts, ValueExpr } from './types';

const lineOf = (n: Node): number => n.startPosition.row + 1;
const FUNCTION_TYPES = ['arrow_function', 'function_expression', 'function', 'function_declaration'];

function requireSource(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'call_expression' || calleeName(node) !== 'require') return undefined;
  return stringValue(callArgs(node)[0]);
}

function imports(root: Node): ImportFact[] {
  const out: ImportFact[] = [];
  for (const imp of descendants(root, 'import_statement')) {
    const from = stringValue(imp.childForFieldName('source'));
    const clause = kids(imp).find((k) => k.type === 'import_clause');
    if (!from || !clause) continue;
    for (const c of kids(clause)) {
      if (c.type === 'identifier') out.push({ local: c.text, from, name: 'default' });
      else if (c.type === 'namespace_import') out.push({ local: kids(c)[0]?.text ?? '', from });
      else if (c.type === 'named_imports')
        for (const s of kids(c).filter((x) => x.type === 'import_specifier')) {
          const name = s.childForFieldName('name')?.text ?? '';
          out.push({ local: s.childForFieldName('alias')?.text ?? name, from, name });
        }
    }
  }
  for (const d of descendants(root, 'variable_declarator')) {
    const value = d.childForFieldName('value');
    const inner = value?.type === 'member_expression' ? value.childForFieldName('object') : value;
    const from = requireSource(inner);
    if (!from) continue;
    const name = d.childForFieldName('name');
    const member = value !== inner ? value?.childForFieldName('property')?.text : undefined;
    if (name?.type === 'identifier') out.push({ local: name.text, from, name: member });
    else if (name?.type === 'object_pattern')
      for (const p of kids(name)) {
        if (p.type === 'shorthand_property_identifier_pattern') out.push({ local: p.text, from, name: p.text });
        else if (p.type === 'pair_pattern')
          out.push({
            local: p.childForFieldName('value')?.text ?? '',
            from,
            name: p.childForFieldName('key')?.text ?? '',
          });
      }
  }
  return out;
}

const FRAMEWORK_MODULES: Array<[RegExp, string]> = [
  [/^express$/, 'express'],
  [/^fastify$/, 'fastify'],
  [/^next(\/|$)/, 'nextjs'],
  [/^telegraf$/, 'telegraf'],
  [/^passport$/, 'passport'],
];

function jsValue(node: Node | undefined): ValueExpr | undefined {
  if (!node) return undefined;
  const lit = stringValue(node);
  if (lit !== undefined) return { parts: [{ lit }] };
  const ref = dottedName(node);
  if (ref && node.type !== 'this') return { parts: [{ ref }] };
  return { dynamic: node.text };
}

/** The name a middleware argument goes by: `requireAuth`, `passport.authenticate`, `rateLimit`. */
function guardName(node: Node): string {
  if (node.type === 'call_expression') return calleeName(node);
  return dottedName(node) || '';
}

function isLimiter(name: string, limiters: Set<string>): boolean {
  return limiters.has(name) || /^(rateLimit|slowDown|limiter)$/i.test(lastSegment(name)) || LIMIT_NAME.test(name);
}

/** A limiter from a local module (`import { authLimiter } from './middlewares/rateLimiter'`), not a router. */
const importedLimiter = (name: string, limiters: Set<string>): boolean =>
  isLimiter(name, limiters) && !/rout/i.test(name);

function guardsOf(args: Node[], limiters: Set<string>): { auth?: string; rate?: string } {
  const out: { auth?: string; rate?: string } = {};
  for (const a of args.flatMap((x) => (x.type === 'array' ? kids(x) : [x]))) {
    const name = guardName(a);
    if (!name) continue;
    if (isLimiter(name, limiters) && !/^express\./.test(name)) out.rate ??= name;
    else if (isAuthGuard(name)) out.auth ??= name;
  }
  return out;
}

function appsAndMounts(root: Node, facts: ModuleFacts): void {
  const limiters = new Set<string>();
  for (const d of descendants(root, 'variable_declarator')) {
    const name = d.childForFieldName('name')?.text ?? '';
    let v = d.childForFieldName('value');
    if (v?.type === 'await_expression') v = kids(v)[0] ?? null;
    if (!v) continue;
    const callee = v.type === 'call_expression' || v.type === 'new_expression' ? calleeName(v) : '';
    const ctor =
      v.type === 'new_expression' ? dottedName(v.childForFieldName('constructor')) : callee.replace(/^new /, '');
    if (/^(express|fastify|Koa|Hono|polka)$/.test(ctor))
      facts.routers.push({ name, kind: 'app', framework: 'express', line: lineOf(d) });
    else if (/^(express\.)?Router$/.test(ctor) || /^(Hono|Router)$/.test(ctor))
      facts.routers.push({ name, kind: 'router', framework: 'express', line: lineOf(d) });
    else if (/rateLimit|slowDown|RateLimit|limiter/i.test(ctor)) limiters.add(name);
    else if ((v.type === 'call_expression' || v.type === 'new_expression') && ctor && ctor !== 'require') {
      facts.instances[name] = ctor;
      const args = constructionArgs(v);
      if (args) (facts.instanceArgs ??= {})[name] = args;
    }
    const lit = stringValue(v);
    if (lit !== undefined && d.parent?.parent?.type === 'program') facts.constants[name] = lit;
  }
  for (const call of descendants(root, 'call_expression')) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'use') continue;
    const owner = dottedName(callee.childForFieldName('object'));
    if (!owner) continue;
    const args = callArgs(call);
    for (const each of loopMounts(root, call, args) ?? [args]) useCall(facts, limiters, owner, call, each);
  }
  for (const a of descendants(root, 'assignment_expression')) {
    const left = a.childForFieldName('left')?.text;
    if (left === 'module.exports' || left === 'exports.default')
      facts.defaultExport = dottedName(a.childForFieldName('right')) || undefined;
  }
  for (const e of kids(root).filter((s) => s.type === 'export_statement')) {
    if (!/^export\s+default\b/.test(e.text)) continue;
    const value = e.childForFieldName('value') ?? kids(e).find((k) => k.type === 'identifier');
    if (value?.type === 'identifier') facts.defaultExport = value.text;
  }
}

/** One `owner.use(...)` call with these arguments: a mount (prefix, guards, child router) and scoped guards. */
function useCall(facts: ModuleFacts, limiters: Set<string>, owner: string, call: Node, args: Node[]): void {
  const prefixValue = stringValue(args[0]);
  const prefixed = prefixValue !== undefined || (args.length > 1 && /^[A-Z_]+$|\./.test(dottedName(args[0])));
  const rest = prefixed ? args.slice(1) : args;
  const last = rest[rest.length - 1];
  const required = last ? requireSource(last) : undefined;
  const lastRef = last ? dottedName(last) || (required ? `require:${required}` : undefined) : undefined;
  const before = guardsOf(rest.slice(0, -1), limiters);
  // The last argument is a router when it comes from a local module (`router.use('/auth', authRoutes)`).
  const localModule = (n: Node): boolean =>
    !!requireSource(n)?.startsWith('.') ||
    facts.imports.some((i) => i.local === n.text && i.from.startsWith('.') && !importedLimiter(n.text, limiters));
  const all = guardsOf(last && localModule(last) ? rest.slice(0, -1) : rest, limiters);
  if (lastRef)
    facts.mounts.push({
      parent: owner,
      child: lastRef,
      prefix: prefixed ? jsValue(args[0]) : undefined,
      line: lineOf(call),
      ...before,
    });
  if (all.auth || all.rate)
    facts.scoped.push({
      owner,
      prefix: prefixed ? (prefixValue ?? '') : '',
      start: call.startIndex,
      line: lineOf(call),
      ...all,
    });
}

/** The elements' keys when `x` reads one key of a loop element: `route.path` or a destructured `path`. */
function elementKey(x: Node | undefined, element: Node): string | undefined {
  if (!x) return undefined;
  if (element.type === 'identifier') {
    const m = new RegExp(`^${element.text.replace(/\$/g, '\\$')}\\.(\\w+)$`).exec(dottedName(x));
    return m?.[1];
  }
  if (x.type !== 'identifier') return undefined;
  for (const p of kids(element)) {
    if (p.type === 'shorthand_property_identifier_pattern' && p.text === x.text) return p.text;
    if (p.type === 'pair_pattern' && p.childForFieldName('value')?.text === x.text)
      return p.childForFieldName('key')?.text;
  }
  return undefined;
}

/**
 * Mounts made in a loop over a module-level list of routes (`routes.forEach((r) => router.use(r.path, r.route))`,
 * `for (const r of routes)`): one argument list per element, with the element's literal path and router.
 */
function loopMounts(root: Node, call: Node, args: Node[]): Node[][] | undefined {
  if (args.length < 2) return undefined;
  let list: string | undefined;
  let element: Node | undefined;
  for (let p = call.parent; p && !list; p = p.parent) {
    if (p.type === 'for_in_statement') {
      const left = p.childForFieldName('left');
      element = left?.type === 'identifier' || left?.type === 'object_pattern' ? left : undefined;
      list = dottedName(p.childForFieldName('right'));
    } else if (FUNCTION_TYPES.includes(p.type) && p.parent?.type === 'arguments') {
      const loop = p.parent.parent;
      const m = loop?.type === 'call_expression' ? /^(\w+)\.(forEach|map)$/.exec(calleeName(loop)) : null;
      if (!m) return undefined;
      const params = p.childForFieldName('parameters');
      element = params ? kids(params)[0] : (p.childForFieldName('parameter') ?? undefined);
      list = m[1];
    }
  }
  if (!list || !element) return undefined;
  const pathKey = elementKey(args[0], element);
  const routeKey = elementKey(args[args.length - 1], element);
  if (!pathKey || !routeKey) return undefined;
  const declared = descendants(root, 'variable_declarator').find(
    (d) => d.childForFieldName('name')?.text === list && d.parent?.parent?.type === 'program',
  );
  const items = declared?.childForFieldName('value');
  if (items?.type !== 'array') return undefined;
  const out: Node[][] = [];
  for (const item of kids(items).filter((k) => k.type === 'object')) {
    const value = (key: string): Node | undefined =>
      kids(item)
        .find((pair) => pair.type === 'pair' && pair.childForFieldName('key')?.text === key)
        ?.childForFieldName('value') ?? undefined;
    const path = value(pathKey);
    const router = value(routeKey);
    if (path && router) out.push([path, ...args.slice(1, -1), router]);
  }
  return out;
}

function functionName(fn: Node): string | undefined {
  if (fn.type === 'function_declaration') return fn.childForFieldName('name')?.text;
  if (fn.type === 'method_definition') {
    const cls = fn.parent?.parent;
    const name = fn.childForFieldName('name')?.text;
    const clsName =
      cls?.type === 'class_declaration' || cls?.type === 'class' ? cls.childForFieldName('name')?.text : '';
    return name && clsName ? `${clsName}.${name}` : name;
  }
  const p = fn.parent;
  if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text;
  if (p?.type === 'pair') return p.childForFieldName('key')?.text;
  // `exports.postChat = async (req, res) => {...}`, `module.exports.x = function () {...}`
  if (p?.type === 'assignment_expression') {
    const left = dottedName(p.childForFieldName('left'));
    const m = /^(module\.)?exports\.(\w+)$/.exec(left);
    if (m) return m[2];
  }
  return undefined;
}

/**
 * A constructor's positional parameters and the fields it keeps them in: TypeScript parameter properties
 * (`constructor(private openai: OpenAI)`) and `this.client = client`, so `this.client.x()` reaches what was passed.
 */
function constructorFields(fn: Node): Pick<FunctionFact, 'params' | 'fields'> {
  const params: string[] = [];
  const fields: Record<string, string> = {};
  const list = fn.childForFieldName('parameters');
  for (const p of list ? kids(list) : []) {
    const pattern = p.type === 'identifier' ? p : p.childForFieldName('pattern');
    const name = pattern?.type === 'identifier' ? pattern.text : '';
    params.push(name);
    if (name && kids(p).some((k) => k.type === 'accessibility_modifier' || k.type === 'override_modifier'))
      fields[name] = name;
    else if (name && /^(readonly)\b/.test(p.text)) fields[name] = name;
  }
  for (const a of descendants(fn.childForFieldName('body') ?? fn, 'assignment_expression')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'member_expression' || left.childForFieldName('object')?.type !== 'this') continue;
    if (right?.type === 'identifier' && params.includes(right.text))
      fields[left.childForFieldName('property')?.text ?? ''] = right.text;
  }
  return Object.keys(fields).length ? { params, fields } : {};
}

function functions(root: Node): Record<string, FunctionFact> {
  const out: Record<string, FunctionFact> = {};
  for (const fn of descendants(root, [...FUNCTION_TYPES, 'method_definition'])) {
    const name = functionName(fn);
    if (!name || out[name]) continue;
    const calls = new Set<string>();
    const assigns: Record<string, string> = {};
    const assignArgs: Record<string, ArgFact[]> = {};
    let ai: string | undefined;
    for (const c of descendants(fn, ['call_expression', 'new_expression'])) {
      const callee = c.type === 'new_expression' ? dottedName(c.childForFieldName('constructor')) : looseCallee(c);
      if (!callee) continue;
      if (!ai && c.type !== 'new_expression') ai = aiCallOf(c, callee);
      calls.add(callee);
      let p = c.parent;
      if (p?.type === 'await_expression') p = p.parent;
      if (p?.type === 'variable_declarator') {
        const local = p.childForFieldName('name')?.text ?? '';
        assigns[local] = callee;
        const args = c.type === 'new_expression' ? constructionArgs(c) : undefined;
        if (args) assignArgs[local] = args;
      }
    }
    out[name] = {
      line: lineOf(fn),
      calls: [...calls],
      assigns: Object.keys(assigns).length ? assigns : undefined,
      assignArgs: Object.keys(assignArgs).length ? assignArgs : undefined,
      ai,
      ...(fn.type === 'method_definition' && /\.constructor$/.test(name) ? constructorFields(fn) : {}),
    };
  }
  return out;
}

export function jsModuleFacts(root: Node, text: string, file: string): ModuleFacts {
  const imps = imports(root);
  const frameworks = new Set<string>();
  for (const i of imps) for (const [re, fw] of FRAMEWORK_MODULES) if (re.test(i.from)) frameworks.add(fw);
  const facts: ModuleFacts = {
    file,
    language: 'js',
    frameworks: [...frameworks],
    endpoints: jsEndpointFacts(root, text, file),
    imports: imps,
    constants: {},
    instances: {},
    routers: [],
    mounts: [],
    scoped: [],
    urls: [],
    functions: functions(root),
    userFilters: [],
    classes: {},
    hooks: [],
  };
  appsAndMounts(root, facts);
  if (/(^|\/)(src\/)?middleware\.[cm]?[jt]s$/.test(file)) {
    const m = /\bmatcher\s*:\s*(\[[^\]]*\]|(["'`])[^"'`]*\2)/.exec(text);
    if (m) facts.nextMatcher = [...m[1].matchAll(/(["'`])((?:(?!\1).)*)\1/g)].map((x) => x[2]);
  }
  return facts;
}

// Module facts of one Python file: imports, constants, routers and mounts (FastAPI, Flask, Starlette),
// Django urls and DRF routers, functions and what they call, bot user filters. Read once per parse.
import type { Node } from '../core/types';
import { aiCallOf } from '../syntax/aiCalls';
import { keywordArg, positionalArgs, stringValue } from '../syntax/python';
import { calleeName, descendants, dottedName, kids, lastSegment } from '../syntax/tree';
import {
  BODY_LIMIT,
  dependencyGuards,
  dependencyNames,
  djangoInlinePrefix,
  flaskAuthHooks,
  pythonEndpointFacts,
} from '../workspace/endpointsPy';
import { looseCallee } from '../workspace/endpointText';
import { AUTH_NAME, LIMIT_NAME } from '../workspace/endpointTypes';
import { constructionArgs } from './args';
import { pythonCallFacts, signatureFacts } from './pyCalls';
import type { FunctionFact, ImportFact, ModuleFacts, RouterFact, ValueExpr, ArgFact } from './types';

const lineOf = (n: Node): number => n.startPosition.row + 1;

const ROUTER_CALLS: Record<string, { kind: RouterFact['kind']; framework: string; prefix?: string }> = {
  FastAPI: { kind: 'app', framework: 'fastapi', prefix: 'root_path' },
  APIRouter: { kind: 'router', framework: 'fastapi', prefix: 'prefix' },
  Starlette: { kind: 'app', framework: 'starlette' },
  Flask: { kind: 'app', framework: 'flask' },
  Blueprint: { kind: 'router', framework: 'flask', prefix: 'url_prefix' },
};

/** A prefix expression: a literal, a constant name, an attribute (`settings.API_V1_STR`), an f-string of those. */
function pyValue(node: Node | undefined): ValueExpr | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    const plain = stringValue(node);
    if (plain !== undefined) return { parts: [{ lit: plain }] };
    const parts: Array<{ lit: string } | { ref: string }> = [];
    for (const c of kids(node)) {
      if (c.type === 'string_content') parts.push({ lit: c.text });
      else if (c.type === 'interpolation') {
        const ref = dottedName(kids(c)[0]);
        if (!ref) return { dynamic: node.text };
        parts.push({ ref });
      }
    }
    return { parts };
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    const ref = dottedName(node);
    return ref ? { parts: [{ ref }] } : { dynamic: node.text };
  }
  if (node.type === 'binary_operator' && /\+/.test(node.childForFieldName('operator')?.text ?? '')) {
    const l = pyValue(node.childForFieldName('left') ?? undefined);
    const r = pyValue(node.childForFieldName('right') ?? undefined);
    if (l && r && 'parts' in l && 'parts' in r) return { parts: [...l.parts, ...r.parts] };
  }
  if (node.type === 'none') return { parts: [] };
  return { dynamic: node.text };
}

/** Auth and rate-limit evidence in a `dependencies=[...]` list. */
function depGuards(node: Node | undefined): { auth?: string; rate?: string } {
  if (!node) return {};
  const out: { auth?: string; rate?: string } = {};
  for (const m of node.text.matchAll(/\b(Depends|Security)\(\s*([\w.]*)/g)) {
    if (/RateLimiter|limit/i.test(m[2])) out.rate ??= `${m[1]}(${m[2]}(...))`;
    else if (m[1] === 'Security' || AUTH_NAME.test(m[2]) || /superuser|admin/i.test(m[2]))
      out.auth ??= `${m[1]}(${m[2]})`;
  }
  return out;
}

function imports(root: Node): ImportFact[] {
  const out: ImportFact[] = [];
  for (const stmt of descendants(root, ['import_statement', 'import_from_statement'])) {
    if (stmt.type === 'import_from_statement') {
      const from = stmt.childForFieldName('module_name')?.text ?? '';
      if (kids(stmt).some((k) => k.type === 'wildcard_import')) {
        out.push({ local: '*', from, star: true });
        continue;
      }
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import')
          out.push({
            local: n.childForFieldName('alias')?.text ?? '',
            from,
            name: n.childForFieldName('name')?.text ?? '',
          });
        else out.push({ local: n.text, from, name: n.text });
      }
    } else {
      for (const n of kids(stmt)) {
        if (n.type === 'aliased_import')
          out.push({ local: n.childForFieldName('alias')?.text ?? '', from: n.childForFieldName('name')?.text ?? '' });
        // `import a.b.c` binds `a`, but calls are written `a.b.c.f()`: keep the full name as the local.
        else out.push({ local: n.text, from: n.text });
      }
    }
  }
  return out;
}

const FRAMEWORK_MODULES: Array<[RegExp, string]> = [
  [/^fastapi\b/, 'fastapi'],
  [/^starlette\b/, 'starlette'],
  [/^flask\b/, 'flask'],
  [/^django\b/, 'django'],
  [/^rest_framework\b/, 'django'],
  [/^telegram\b/, 'python-telegram-bot'],
  [/^aiogram\b/, 'aiogram'],
  [/^discord\b/, 'discord'],
  [/^streamlit\b/, 'streamlit'],
];

/** Module-level and class-level literal strings; module-level `x = Call(...)` instances. */
function constantsAndInstances(root: Node, facts: ModuleFacts): void {
  const assign = (stmt: Node, scope: string): void => {
    const a = kids(stmt)[0];
    if (a?.type !== 'assignment') return;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!scope && left?.type === 'pattern_list' && right?.type === 'expression_list') {
      // `layout, sidebar = Layout(), Sidebar()`: one instance per name.
      const names = kids(left);
      const values = kids(right);
      if (names.length === values.length)
        names.forEach((n, i) => {
          const callee = n.type === 'identifier' && values[i].type === 'call' ? calleeName(values[i]) : '';
          if (callee) facts.instances[n.text] = callee;
        });
      return;
    }
    if (left?.type !== 'identifier' || !right) return;
    const value = stringValue(right);
    if (value !== undefined) facts.constants[scope + left.text] = value;
    else if (right.type === 'call' && !scope) {
      const callee = calleeName(right);
      if (callee) facts.instances[left.text] = callee;
      const args = callee ? constructionArgs(right) : undefined;
      if (args) (facts.instanceArgs ??= {})[left.text] = args;
    }
    if (!scope && left.text === 'ROOT_URLCONF' && value) facts.rootUrlconf = value;
  };
  for (const stmt of kids(root)) {
    if (stmt.type === 'expression_statement') assign(stmt, '');
    const cls = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (cls?.type === 'class_definition') {
      const name = cls.childForFieldName('name')?.text ?? '';
      for (const s of kids(cls.childForFieldName('body') ?? cls))
        if (s.type === 'expression_statement') assign(s, `${name}.`);
    }
  }
}

function routersAndMounts(root: Node, facts: ModuleFacts): void {
  for (const call of descendants(root, 'call')) {
    const callee = calleeName(call);
    const name = lastSegment(callee);
    const spec = ROUTER_CALLS[name];
    if (spec && call.parent?.type === 'assignment') {
      const left = call.parent.childForFieldName('left');
      if (left?.type !== 'identifier' && left?.type !== 'attribute') continue;
      const deps = depGuards(keywordArg(call, 'dependencies'));
      facts.routers.push({
        name: dottedName(left) || left.text,
        kind: spec.kind,
        framework: spec.framework,
        line: lineOf(call),
        prefix: spec.prefix ? pyValue(keywordArg(call, spec.prefix)) : undefined,
        ...deps,
      });
      continue;
    }
    const object = call.childForFieldName('function')?.childForFieldName('object');
    if (name === 'include_router' || name === 'register_blueprint' || name === 'mount') {
      const args = positionalArgs(call);
      const childNode = name === 'mount' ? args[1] : args[0];
      const child = dottedName(childNode);
      if (!object) continue;
      const prefixNode =
        name === 'mount' ? args[0] : keywordArg(call, name === 'include_router' ? 'prefix' : 'url_prefix');
      const deps = depGuards(keywordArg(call, 'dependencies'));
      facts.mounts.push({
        parent: dottedName(object) || object.text,
        child: child || undefined,
        prefix: pyValue(prefixNode) ?? (childNode && !child ? { dynamic: childNode.text } : undefined),
        line: lineOf(call),
        ...deps,
      });
    } else if (name === 'register' && object && args2(call).length >= 2) {
      const [prefix, view] = args2(call);
      const path = stringValue(prefix);
      const ref = dottedName(view);
      if (path !== undefined && ref)
        facts.urls.push({
          path,
          line: lineOf(call),
          register: {
            router: dottedName(object),
            view: lastSegment(ref),
            module: ref.includes('.') ? ref.slice(0, ref.lastIndexOf('.')) : undefined,
          },
        });
    } else if ((name === 'path' || name === 're_path' || name === 'url') && !object) {
      const [route, target] = positionalArgs(call);
      const path = stringValue(route);
      if (path === undefined || target?.type !== 'call' || !/include$/.test(calleeName(target))) continue;
      const inner = positionalArgs(target)[0];
      const module = stringValue(inner) ?? (inner?.type === 'tuple' ? stringValue(kids(inner)[0]) : undefined);
      const ref = dottedName(inner);
      facts.urls.push({
        path: djangoInlinePrefix(call, root) + path.replace(/^\^|\$$/g, ''),
        line: lineOf(call),
        include: module ? { module } : ref ? { name: ref } : {},
      });
    }
  }
}

const args2 = (call: Node): Node[] => positionalArgs(call);

/** FastAPI dependency facts of a function's parameters: the guard they declare and the dependencies they name. */
function dependencyFacts(fn: Node): Pick<FunctionFact, 'guard' | 'depends'> {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  if (!/\b(Depends|Security)\(/.test(params)) return {};
  const g = dependencyGuards(params);
  const guard = g.auth ? { auth: g.auth } : g.optional ? { optional: g.optional } : undefined;
  return { guard, depends: dependencyNames(fn) };
}

/** `@with_message_limit` or `@limiter.limit("5/minute")` on a decorated definition, as written. */
function limitDecorator(decorated: Node): string | undefined {
  // The decorator's own name, not its arguments: `@backoff.on_exception(..., RateLimitError)` retries, it limits
  // nothing.
  const names = kids(decorated)
    .filter((k) => k.type === 'decorator')
    .map((k) => k.text.slice(1).split('(')[0].trim());
  return names.find((n) => LIMIT_NAME.test(n));
}

/**
 * A function's parameters: their dotted type annotations, and for a constructor the positional names and the
 * `self.attr = param` fields, so a method calling `self.attr(...)` reaches what the caller passed.
 */
function parameterFacts(fn: Node, constructor: boolean): Pick<FunctionFact, 'typed' | 'params' | 'fields'> {
  const typed: Record<string, string> = {};
  const params: string[] = [];
  const list = fn.childForFieldName('parameters');
  for (const p of list ? kids(list) : []) {
    // `x`, `x: T`, `x=1`, `x: T = 1` (splats and separators end the positional ones or carry no name).
    const named = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? kids(p)[0] : p.childForFieldName('name');
    if (named?.type !== 'identifier') continue;
    const type = p.childForFieldName('type');
    const written = type ? dottedName(kids(type)[0] ?? type) : '';
    if (written) typed[named.text] = written;
    params.push(named.text);
  }
  if (params[0] === 'self' || params[0] === 'cls') params.shift();
  const out: Pick<FunctionFact, 'typed' | 'params' | 'fields'> = {};
  if (Object.keys(typed).length) out.typed = typed;
  if (!constructor) return out;
  const fields: Record<string, string> = {};
  const body = fn.childForFieldName('body');
  for (const stmt of body ? kids(body) : []) {
    const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    const right = a?.childForFieldName('right');
    const attr = left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self';
    if (attr && right?.type === 'identifier' && params.includes(right.text))
      fields[left.childForFieldName('attribute')!.text] = right.text;
  }
  if (Object.keys(fields).length) {
    out.params = params;
    out.fields = fields;
  }
  return out;
}

/** Functions and methods (`Class.method`), with the calls they make and the paid-AI call among them. */
/** A per-user limit the function checks itself (`if not await self.within_budget(user): return`). */
function limitCheck(calls: Set<string>): string | undefined {
  for (const c of calls) if (BODY_LIMIT.test(`${c}(`)) return `${c}()`;
  return undefined;
}

function functions(root: Node): Record<string, FunctionFact> {
  const out: Record<string, FunctionFact> = {};
  for (const fn of descendants(root, 'function_definition')) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const outer = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    const block = outer.parent;
    const cls = block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
    const qualified = cls ? `${cls.childForFieldName('name')?.text ?? ''}.${name}` : name;
    const calls = new Set<string>();
    const assigns: Record<string, string> = {};
    const assignArgs: Record<string, ArgFact[]> = {};
    let ai: string | undefined;
    for (const c of descendants(fn.childForFieldName('body') ?? fn, 'call')) {
      const callee = looseCallee(c);
      if (!callee) continue;
      ai ??= aiCallOf(c, callee);
      calls.add(callee);
      const parent = c.parent?.type === 'await' ? c.parent.parent : c.parent;
      const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
      if (left && (left.type === 'identifier' || left.type === 'attribute')) {
        assigns[dottedName(left)] = callee;
        const args = constructionArgs(c);
        if (args) assignArgs[dottedName(left)] = args;
      }
    }
    if (out[qualified]) continue; // first definition wins (overloads, conditional redefinitions)
    out[qualified] = {
      line: lineOf(fn),
      calls: [...calls],
      assigns: Object.keys(assigns).length ? assigns : undefined,
      assignArgs: Object.keys(assignArgs).length ? assignArgs : undefined,
      ai,
      limit: (outer === fn ? undefined : limitDecorator(outer)) ?? limitCheck(calls),
      ...dependencyFacts(fn),
      ...parameterFacts(fn, !!cls && name === '__init__'),
      ...signatureFacts(fn),
    };
  }
  // Module top level (scripts, Streamlit pages): calls outside any function.
  const top = new Set<string>();
  let ai: string | undefined;
  for (const stmt of kids(root)) {
    if (stmt.type === 'function_definition' || stmt.type === 'class_definition') continue;
    if (stmt.type === 'decorated_definition') continue;
    for (const c of descendants(stmt, 'call')) {
      const callee = looseCallee(c);
      if (!callee) continue;
      ai ??= aiCallOf(c, callee);
      top.add(callee);
    }
  }
  out['<module>'] = { line: 1, calls: [...top], ai };
  return out;
}

/**
 * Names holding a user or chat allow-list filter: `user_filter = filters.User(...)`, `self.users = filters.User(...)`.
 */
function userFilters(root: Node): string[] {
  const text = root.text;
  if (!/filters\.(User|Chat)\s*\(/.test(text)) return [];
  const names = new Set<string>();
  const assigns = descendants(root, 'assignment');
  for (let round = 0; round < 3; round++) {
    for (const a of assigns) {
      const left = dottedName(a.childForFieldName('left'));
      const right = a.childForFieldName('right')?.text ?? '';
      if (!left || names.has(left)) continue;
      const refsKnown = [...names].some((n) => new RegExp(`\\b${n.replace(/\./g, '\\.')}\\b`).test(right));
      if (/filters\.(User|Chat)\s*\(/.test(right) || refsKnown) names.add(left);
    }
  }
  return [...names].map((n) => n.replace(/^self\./, ''));
}

/**
 * A Django `TemplateView` that only names its template (no methods, no context from data): a static page, which
 * has nothing to protect. Any view code (`get_context_data`, `get`) or other base makes it an ordinary view.
 */
function staticPage(cls: Node, bases: string[]): string | undefined {
  if (bases.length !== 1 || lastSegment(bases[0]) !== 'TemplateView') return undefined;
  let template: string | undefined;
  for (const stmt of kids(cls.childForFieldName('body') ?? cls)) {
    const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    if (a?.type === 'string') continue; // the docstring
    const left = a?.type === 'assignment' ? a.childForFieldName('left')?.text : undefined;
    const right = a?.childForFieldName('right');
    const value = right ? stringValue(right) : undefined;
    if (!left || value === undefined || !/^(template_name|content_type)$/.test(left)) return undefined;
    if (left === 'template_name') template = value;
  }
  return template ? `a static page (TemplateView rendering ${template}, no view code)` : undefined;
}

/** Classes with their bases and the access policy they declare (DRF permission classes, Django mixins). */
function classes(root: Node): ModuleFacts['classes'] {
  const out: ModuleFacts['classes'] = {};
  for (const cls of descendants(root, 'class_definition')) {
    const name = cls.childForFieldName('name')?.text;
    if (!name || out[name]) continue;
    const bases = kids(cls.childForFieldName('superclasses') ?? cls)
      .filter((b) => b.type === 'identifier' || b.type === 'attribute')
      .map((b) => dottedName(b))
      .filter(Boolean);
    const body = cls.childForFieldName('body')?.text ?? '';
    const perm = /^\s*permission_classes\s*(?::[^=\n]*)?=\s*[[(]([^\])]*)[\])]/m.exec(body)?.[1];
    const entry: ModuleFacts['classes'][string] = { bases };
    if (perm !== undefined) {
      if (!perm.trim() || /\bAllowAny\b/.test(perm)) entry.public = `permission_classes = (${perm.trim()})`;
      else entry.auth = `permission_classes = (${perm.trim().replace(/,$/, '')})`;
    }
    const mixin = bases.find((b) => /(LoginRequired|PermissionRequired|UserPassesTest|StaffRequired)Mixin$/.test(b));
    if (mixin && !entry.auth) entry.auth = mixin;
    const page = staticPage(cls, bases);
    if (page && !entry.auth && !entry.public) entry.public = page;
    if (/^\s*throttle_classes\s*=/m.test(body)) entry.rate = 'throttle_classes';
    out[name] = entry;
  }
  return out;
}

export function pythonModuleFacts(root: Node, text: string, file: string): ModuleFacts {
  const imps = imports(root);
  const frameworks = new Set<string>();
  for (const i of imps) for (const [re, fw] of FRAMEWORK_MODULES) if (re.test(i.from)) frameworks.add(fw);
  const facts: ModuleFacts = {
    file,
    language: 'python',
    frameworks: [...frameworks],
    endpoints: pythonEndpointFacts(root, text, file),
    imports: imps,
    constants: {},
    instances: {},
    routers: [],
    mounts: [],
    scoped: [],
    urls: [],
    functions: functions(root),
    userFilters: userFilters(root),
    classes: classes(root),
    hooks: flaskAuthHooks(root)
      .filter((h) => !h.appWide)
      .map((h) => ({ owner: h.owner, auth: h.what, line: h.line })),
    streamlit: frameworks.has('streamlit') || undefined,
  };
  constantsAndInstances(root, facts);
  routersAndMounts(root, facts);
  Object.assign(facts, pythonCallFacts(root));
  return facts;
}

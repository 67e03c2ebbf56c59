// Endpoint facts for one Python file: FastAPI/Flask/Django/Starlette routes and bot commands, with guards.
import type { Node } from '../core/types';
import { findPythonHandlers, type Handler } from '../syntax/handlers';
import { calleeName, descendants, dottedName, kids, lastSegment, sourceOf } from '../syntax/tree';
import { keywordArg, positionalArgs, stringValue as pyStringValue } from '../syntax/python';
import {
  AUTH_NAME,
  LIMIT_NAME,
  emptyEndpointFacts,
  type FileEndpointFacts,
  type RawEndpoint,
  type ViewGuard,
} from './endpointTypes';
import { botAllowList, handlerCalls, isMarkedPublic, lineOf, short } from './endpointText';

// `if not is_allowed(...)`, also awaited and as one clause of a condition: `if not enabled or not await allowed(...)`.
const BOT_PERMISSION_CHECK =
  /\b(?:if|or|and)\s+not\s+(?:await\s+)?[\w.]*(permission|allowed|authori[sz]ed|is_admin|whitelist|check_user)\w*\s*\(/i;
// Per-user limits checked in the handler, including a spending budget or quota (`within_budget(...)`).
export const BODY_LIMIT =
  /\b[\w.]*(check_flood\w*|flooding|throttl\w*|rate_?limit\w*|cooldown|within_budget\w*|quota\w*)\s*\(/i;
const DEP_CALL = /\b(Depends|Security)\(\s*([\w.]*)/g;

/** Auth / rate-limit evidence in a text holding `Depends(...)`/`Security(...)` calls. */
export function dependencyGuards(text: string): { auth?: string; rate?: string; optional?: string } {
  const out: { auth?: string; rate?: string; optional?: string } = {};
  for (const m of text.matchAll(DEP_CALL)) {
    if (/RateLimiter|limit/i.test(m[2])) out.rate ??= `${m[1]}(${m[2]}(...))`;
    else if (m[1] === 'Security' || AUTH_NAME.test(m[2]) || /superuser|admin/i.test(m[2])) {
      // `Depends(get_user(required=False))`: the caller may be anonymous, so the route is public by design.
      const call = text.slice(m.index, m.index + 160).split('\n')[0];
      if (/\b(required|auto_error)\s*=\s*False/.test(call))
        out.optional ??= `optional ${m[1]}(${m[2]}(required=False))`;
      else out.auth ??= `${m[1]}(${m[2]})`;
    }
  }
  return out;
}

/** `Depends(get_item_from_path)`: dependencies named in a function's parameters, whose own guards apply too. */
export function dependencyNames(fn: Node): string[] | undefined {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  const names = [...params.matchAll(DEP_CALL)].map((m) => m[2]).filter(Boolean);
  return names.length ? [...new Set(names)] : undefined;
}

function paramGuards(fn: Node): { auth?: string; rate?: string; optional?: string } {
  const params = fn.childForFieldName('parameters');
  if (!params) return {};
  const found = dependencyGuards(params.text);
  for (const p of kids(params)) {
    const type = p.childForFieldName('type');
    // `user: CurrentUser` (an Annotated alias) or `user: User = Depends(...)` already caught above.
    if (!found.auth && type && /^(current_?user|auth\w*|authenticated\w*)$/i.test(type.text))
      found.auth = `${p.text.split(':')[0].trim()}: ${type.text}`;
  }
  return found;
}

/** A Python handler's own guards: decorators, route `dependencies=`, parameters, checks in the body. */
/** Credential checks a handler makes itself (a token verified, a header compared). */
const BODY_AUTH =
  /\b(verify_\w*token|check_\w*auth\w*|jwt\.decode|compare_digest)\b|["'](authorization|x-api-key)["']/i;
/**
 * A session guard that turns anonymous users away: `if not current_user.is_authenticated: return redirect(...)`,
 * `if user.is_anonymous ...: abort(401)`. Reading `is_authenticated` to choose what to show is not one.
 */
const SESSION_GUARD =
  /\bif\s+(?:not\s+[\w.]+\.is_authenticated\b|[\w.]+\.is_anonymous\b)[^\n:]*:\s*(?:return|abort|raise|flask\.abort)\b/;

function pyGuards(h: Handler): { auth?: string; public?: string; rate?: string } {
  const out: { auth?: string; public?: string; rate?: string } = {};
  for (const d of h.guards) {
    const text = d.text.slice(1).trim();
    if (/permission_classes\s*\(\s*\[?\s*(\w+\.)*AllowAny/.test(text)) out.public ??= short(`@${text}`);
    else if (AUTH_NAME.test(text.split('(')[0]) || /permission_classes/.test(text)) out.auth ??= short(`@${text}`);
    else if (LIMIT_NAME.test(text.split('(')[0])) out.rate ??= short(`@${text}`);
  }
  const routeCall = kids(h.anchor)[0];
  const deps = routeCall?.type === 'call' ? keywordArg(routeCall, 'dependencies') : undefined;
  if (deps) {
    const g = dependencyGuards(deps.text);
    out.auth ??= g.auth && `dependencies=[${g.auth}]`;
    out.rate ??= g.rate;
  }
  if (h.fn) {
    const g = paramGuards(h.fn);
    out.auth ??= g.auth;
    out.rate ??= g.rate;
    if (!out.auth && g.optional) out.public ??= g.optional;
    const body = h.fn.childForFieldName('body')?.text ?? '';
    if (!out.auth && (BODY_AUTH.test(body) || SESSION_GUARD.test(body))) out.auth = 'checked in the handler body';
    if (!out.auth && h.kind === 'bot' && botAllowList(body)) out.auth = 'user allow-list check in the handler';
    if (!out.auth && h.kind === 'bot' && BOT_PERMISSION_CHECK.test(body)) out.auth = 'permission check in the handler';
    if (!out.rate && BODY_LIMIT.test(body)) out.rate = 'limit checked in the handler';
  }
  // python-telegram-bot: `CommandHandler("x", fn, filters=filters.User(ALLOWED))`.
  if (!out.auth && h.kind === 'bot' && /filters\.(User|Chat)\(/.test(h.anchor.text))
    out.auth = 'filters.User(...) on the handler';
  return out;
}

function hasTry(fn: Node | undefined): boolean {
  return !!fn && descendants(fn, 'try_statement').length > 0;
}

/** Django routes name a view in another module: `path("x/", views.items)` or `views.ItemView.as_view()`. */
function djangoTarget(h: Handler): RawEndpoint['target'] {
  const arg = h.anchor.type === 'call' ? positionalArgs(h.anchor)[1] : undefined;
  if (!arg) return undefined;
  const ref =
    arg.type === 'call' && lastSegment(calleeName(arg)) === 'as_view'
      ? arg.childForFieldName('function')?.childForFieldName('object')
      : arg;
  const name = dottedName(ref);
  if (!name) return undefined;
  const parts = name.split('.');
  return { name: parts[parts.length - 1], module: parts.length > 1 ? parts[parts.length - 2] : undefined };
}

const DJANGO_PATH = /^(path|re_path|url)$/;

/**
 * Prefixes a Django `path()` gets from where it is written in its urls.py: inside `path('x/', include([...]))`
 * or in a list assigned to a name that `path('x/', include(name))` mounts in the same file.
 */
export function djangoInlinePrefix(call: Node, root: Node, depth = 0): string {
  let prefix = '';
  for (let p = call.parent; p && depth < 6; p = p.parent) {
    if (p.type === 'call' && DJANGO_PATH.test(calleeName(p))) {
      const s = pyStringValue(positionalArgs(p)[0]);
      if (s !== undefined) prefix = s.replace(/^\^|\$$/g, '') + prefix;
    } else if (p.type === 'assignment') {
      const name = p.childForFieldName('left')?.text;
      if (!name || name === 'urlpatterns') break;
      const mount = descendants(root, 'call').find(
        (c) =>
          DJANGO_PATH.test(calleeName(c)) &&
          positionalArgs(c)[1]?.type === 'call' &&
          /include$/.test(calleeName(positionalArgs(c)[1])) &&
          positionalArgs(positionalArgs(c)[1])[0]?.text === name,
      );
      if (mount) {
        const s = pyStringValue(positionalArgs(mount)[0]) ?? '';
        prefix = djangoInlinePrefix(mount, root, depth + 1) + s.replace(/^\^|\$$/g, '') + prefix;
      }
      break;
    }
  }
  return prefix;
}

/** A `path()` written in `get_urls()` of an `AdminSite` subclass: the admin site serves it under its own prefix. */
function inAdminSite(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'function_definition') continue;
    if (p.childForFieldName('name')?.text !== 'get_urls') return false;
    const cls = p.parent?.parent?.type === 'decorated_definition' ? p.parent.parent.parent : p.parent?.parent;
    return cls?.type === 'class_definition' && /AdminSite\b/.test(cls.childForFieldName('superclasses')?.text ?? '');
  }
  return false;
}

/** `self.admin_view(view)`: the admin site lets only active staff through (and sends others to its login). */
function adminViewWrapped(h: Handler): boolean {
  const arg = h.anchor.type === 'call' ? positionalArgs(h.anchor)[1] : undefined;
  return arg?.type === 'call' && /(^|\.)admin_view$/.test(calleeName(arg));
}

/** The view as written in urls.py: `views.items`, `views.ItemView` (from `views.ItemView.as_view()`). */
function djangoRef(h: Handler): string | undefined {
  const arg = h.anchor.type === 'call' ? positionalArgs(h.anchor)[1] : undefined;
  if (!arg) return undefined;
  const ref =
    arg.type === 'call' && lastSegment(calleeName(arg)) === 'as_view'
      ? arg.childForFieldName('function')?.childForFieldName('object')
      : arg;
  return dottedName(ref) || undefined;
}

/** Views and their guards, so urls.py routes can be resolved against the module that defines them. */
function views(root: Node): Record<string, ViewGuard> {
  const out: Record<string, ViewGuard> = {};
  for (const def of descendants(root, 'decorated_definition')) {
    const fn = def.childForFieldName('definition');
    const name = fn?.childForFieldName('name')?.text;
    if (!fn || !name) continue;
    const g = pyGuards({
      framework: 'django',
      kind: 'http',
      method: 'ANY',
      path: '',
      fn: fn.type === 'function_definition' ? fn : undefined,
      whole: def,
      anchor: def,
      guards: kids(def).filter((d) => d.type === 'decorator'),
    });
    out[name] = { auth: g.auth, public: g.public, rateLimit: g.rate };
  }
  for (const cls of descendants(root, 'class_definition')) {
    const name = cls.childForFieldName('name')?.text;
    if (!name) continue;
    const supers = cls.childForFieldName('superclasses')?.text ?? '';
    const body = cls.childForFieldName('body')?.text ?? '';
    const perm = /permission_classes\s*=\s*[[(]([^\])]*)/.exec(body)?.[1] ?? '';
    const guard: ViewGuard = out[name] ?? {};
    if (/\bAllowAny\b/.test(perm)) guard.public = 'permission_classes = [AllowAny]';
    else if (/(LoginRequired|PermissionRequired|UserPassesTest)Mixin/.test(supers))
      guard.auth = /(\w*Mixin)/.exec(supers)?.[1];
    else if (perm.trim()) guard.auth = `permission_classes = [${perm.trim()}]`;
    if (/throttle_classes|ratelimit/.test(body)) guard.rateLimit = 'throttle_classes';
    out[name] = guard;
  }
  return out;
}

/** `@bp.before_request` / `@app.before_request` hooks that reject unauthenticated callers. */
export function flaskAuthHooks(root: Node): Array<{ owner: string; appWide: boolean; what: string; line: number }> {
  const out: Array<{ owner: string; appWide: boolean; what: string; line: number }> = [];
  for (const def of descendants(root, 'decorated_definition')) {
    const decorators = kids(def).filter((d) => d.type === 'decorator');
    const hook = decorators
      .map((d) => /^@\s*([\w.]+)\.(before_request|before_app_request)\b/.exec(d.text))
      .find(Boolean);
    if (!hook) continue;
    const body = def.childForFieldName('definition')?.childForFieldName('body')?.text ?? '';
    const gate =
      decorators.some((d) => d !== undefined && !/before_(app_)?request/.test(d.text) && AUTH_NAME.test(d.text)) ||
      /abort\(\s*40[13]|\bnot\s+[\w.]*is_authenticated|status(_code)?\s*=\s*40[13]|,\s*40[13]\s*\)?$/m.test(body);
    if (!gate) continue;
    const appWide =
      hook[2] === 'before_app_request' || new RegExp(`\\b${hook[1]}\\s*=\\s*Flask\\(`).test(sourceOf(root));
    out.push({ owner: hook[1], appWide, what: `@${hook[1]}.${hook[2]} authentication hook`, line: lineOf(def) });
  }
  return out;
}

/** App-level facts: `FastAPI(dependencies=...)`, `include_router(..., dependencies=...)`, handlers, limiters. */
/** The callees `appFacts` reads: any other call is passed over before its arguments are looked at. */
const APP_CALLS = new Set([
  'FastAPI',
  'APIRouter',
  'include_router',
  'exception_handler',
  'add_exception_handler',
  'errorhandler',
  'register_error_handler',
  'add_error_handler',
  'Limiter',
  'add_middleware',
]);

function appFacts(root: Node, text: string, facts: FileEndpointFacts): void {
  for (const call of descendants(root, 'call')) {
    const name = lastSegment(calleeName(call));
    if (!APP_CALLS.has(name)) continue;
    const line = lineOf(call);
    const deps =
      name === 'FastAPI' || name === 'APIRouter' || name === 'include_router'
        ? keywordArg(call, 'dependencies')
        : undefined;
    if ((name === 'FastAPI' || name === 'APIRouter') && deps) {
      const g = dependencyGuards(deps.text);
      const owner = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left')?.text : undefined;
      if (g.auth && name === 'FastAPI')
        facts.appAuth.push({ framework: 'fastapi', what: `FastAPI(dependencies=[${g.auth}])`, line });
      else if (g.auth && owner)
        facts.mounts.push({ owner, what: `APIRouter(dependencies=[${g.auth}])`, line, kind: 'auth' });
      if (g.rate && name === 'FastAPI') facts.appRateLimit.push({ framework: 'fastapi', what: g.rate, line });
      else if (g.rate && owner) facts.mounts.push({ owner, what: g.rate, line, kind: 'rate-limit' });
    } else if (name === 'include_router' && deps) {
      const ref = dottedName(positionalArgs(call)[0]);
      const parts = ref.split('.');
      const g = dependencyGuards(deps.text);
      const owner = parts[parts.length - 1];
      const module = parts.length > 1 ? parts[parts.length - 2] : undefined;
      if (g.auth && owner)
        facts.mounts.push({
          owner,
          module,
          what: `include_router(${ref}, dependencies=[${g.auth}])`,
          line,
          kind: 'auth',
        });
      if (g.rate && owner)
        facts.mounts.push({
          owner,
          module,
          what: `include_router(${ref}, dependencies=[${g.rate}])`,
          line,
          kind: 'rate-limit',
        });
    } else if (name === 'exception_handler' || name === 'add_exception_handler') {
      facts.globalErrorHandler.push({ framework: 'fastapi', what: short(call.text), line });
    } else if (name === 'errorhandler' || name === 'register_error_handler') {
      facts.globalErrorHandler.push({ framework: 'flask', what: short(call.text), line });
    } else if (name === 'add_error_handler') {
      facts.globalErrorHandler.push({ framework: 'python-telegram-bot', what: short(call.text), line });
    } else if (name === 'Limiter' && keywordArg(call, 'default_limits')) {
      facts.appRateLimit.push(
        { framework: 'flask', what: 'Limiter(default_limits=...)', line },
        { framework: 'fastapi', what: 'Limiter(default_limits=...)', line },
      );
    } else if (name === 'add_middleware' && /SlowAPIMiddleware/.test(call.text)) {
      facts.appRateLimit.push({ framework: 'fastapi', what: 'SlowAPIMiddleware', line });
    }
  }
  // Flask `@x.before_request` hooks that check credentials: app-wide on a Flask app, else on that blueprint.
  for (const hook of flaskAuthHooks(root)) {
    if (hook.appWide) facts.appAuth.push({ framework: 'flask', what: hook.what, line: hook.line });
    else facts.mounts.push({ owner: hook.owner, what: hook.what, line: hook.line, kind: 'auth' });
  }
  // Django REST framework default permissions, Django 5.1 LoginRequiredMiddleware.
  const drf = /DEFAULT_PERMISSION_CLASSES['"]\s*:\s*[[(]\s*['"][\w.]*IsAuthenticated/.exec(text);
  if (drf)
    facts.appAuth.push({
      framework: 'django',
      what: 'REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES',
      line: text.slice(0, drf.index).split('\n').length,
    });
  const lrm = /LoginRequiredMiddleware/.exec(text);
  if (lrm)
    facts.appAuth.push({
      framework: 'django',
      what: 'LoginRequiredMiddleware',
      line: text.slice(0, lrm.index).split('\n').length,
    });
}

export function pythonEndpointFacts(root: Node, text: string, file: string): FileEndpointFacts {
  const facts = emptyEndpointFacts(file);
  const lines = text.split('\n');
  for (const h of findPythonHandlers(root)) {
    const g = pyGuards(h);
    const routeCall = kids(h.anchor)[0];
    const owner =
      h.anchor.type === 'decorator' && routeCall?.type === 'call'
        ? dottedName(routeCall.childForFieldName('function')?.childForFieldName('object')) || undefined
        : undefined;
    const marked =
      isMarkedPublic(lines, h.whole.startPosition.row) || isMarkedPublic(lines, h.anchor.startPosition.row);
    const adminSite = h.framework === 'django' && h.anchor.type === 'call' && inAdminSite(h.anchor);
    if (adminSite && !g.auth && adminViewWrapped(h)) g.auth = 'AdminSite.admin_view (staff login required)';
    facts.endpoints.push({
      framework: h.framework,
      kind: h.kind,
      method: h.method,
      path:
        h.framework === 'django' && h.anchor.type === 'call'
          ? `/${djangoInlinePrefix(h.anchor, root)}${h.path.slice(1)}`
          : h.path,
      file,
      line: lineOf(h.anchor),
      auth: marked ? 'public' : g.public ? 'public' : g.auth ? 'yes' : undefined,
      authBy: marked ? 'preflight: public comment' : (g.public ?? g.auth),
      rateLimited: !!g.rate,
      rateLimitBy: g.rate,
      errors: hasTry(h.fn) ? 'handled' : h.framework === 'django' ? 'framework' : undefined,
      errorsBy: hasTry(h.fn) ? 'try/except in the handler' : undefined,
      owner,
      markedPublic: marked || undefined,
      adminSite: adminSite || undefined,
      target: h.framework === 'django' && !h.fn ? djangoTarget(h) : undefined,
      ref: h.ref ?? (h.framework === 'django' && !h.fn ? djangoRef(h) : undefined),
      refArgs: h.refArgs,
      depends: h.fn && h.framework === 'fastapi' ? dependencyNames(h.fn) : undefined,
      filter: h.filter?.text,
      handlerName: h.fn?.childForFieldName('name')?.text,
      ...handlerCalls(h.fn),
    });
  }
  appFacts(root, text, facts);
  facts.views = views(root);
  return facts;
}

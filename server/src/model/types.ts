// The project model's vocabulary: small, tree-free facts per module (kept per file, replaced when the file
// changes) and the resolved, workspace-wide endpoints built from them.
import type { Endpoint, FileEndpointFacts } from '../workspace/endpointTypes';

/** A value as written: literal text parts and references (`settings.API_V1_STR`), or why it is not known. */
export type ValueExpr = { parts: Array<{ lit: string } | { ref: string }> } | { dynamic: string };

/** `from .x import y as z` / `import y from './x'`: the local name, where it comes from, which export. */
export interface ImportFact {
  local: string;
  /** Python dotted module (relative ones keep their leading dots) or a JS specifier (`./routes`, `express`). */
  from: string;
  /** Imported symbol; undefined for the module itself (`import x`, `import * as x`, `const x = require(...)`). */
  name?: string;
  /** `from m import *`: names are unknown. */
  star?: boolean;
}

/** A router or application object: `APIRouter(prefix=...)`, `Blueprint(url_prefix=...)`, `express.Router()`. */
export interface RouterFact {
  name: string;
  kind: 'app' | 'router';
  framework: string;
  line: number;
  prefix?: ValueExpr;
  auth?: string;
  rate?: string;
}

/** One router mounted on another: `app.include_router(users.router, prefix=...)`, `app.use('/v1', routes)`. */
export interface MountFact {
  parent: string;
  /** The mounted object as written (`users.router`, `routes`); undefined for middleware-only `use` calls. */
  child?: string;
  prefix?: ValueExpr;
  line: number;
  auth?: string;
  rate?: string;
}

/** Middleware applied to the paths of one router under a prefix: `app.use('/v1/auth', authLimiter)`. */
export interface ScopedGuard {
  owner: string;
  prefix: string;
  /** Offset of the call: only routes registered after it in the same file are covered (Express order). */
  start: number;
  line: number;
  auth?: string;
  rate?: string;
}

/** Django `path('api/', include('api.urls'))` and DRF `router.register('users', UserViewSet)`. */
export interface UrlFact {
  path: string;
  line: number;
  /** `include('app.urls')` (a module) or `include(router.urls)` (a name in this file). */
  include?: { module?: string; name?: string };
  /** DRF viewset registered on a router variable. */
  register?: { router: string; view: string; module?: string };
}

/**
 * An argument at a construction site, as far as it matters for what an object can call: a name (`openai`), or an
 * object built there (`new LlmGateway(new OpenAI())`, `Gateway(client=OpenAI())`) with its own arguments.
 */
export interface ArgFact {
  /** Keyword argument name (Python `client=...`). */
  key?: string;
  ref?: string;
  ctor?: string;
  args?: ArgFact[];
}

/** A function, method (`Class.method`) or class in the module: what it calls, for AI reachability. */
export interface FunctionFact {
  line: number;
  /** Dotted callee names of the calls in its body (deduplicated). */
  calls: string[];
  /** Local `x = Something(...)` assignments: variable -> callee, to follow `x.method()`. */
  assigns?: Record<string, string>;
  /** The arguments of those assignments that build an object (`svc = new ChatService(client)`), by variable. */
  assignArgs?: Record<string, ArgFact[]>;
  /** Parameters annotated with a dotted type (`asker: askers.Asker`): name -> type as written. */
  typed?: Record<string, string>;
  /** Positional parameter names (without `self`/`cls`): arguments at a call site bind to them. */
  params?: string[];
  /** A constructor's `self.attr = param` (attribute -> parameter), to follow `self.attr(...)` to the argument. */
  fields?: Record<string, string>;
  /** The paid-AI call it makes itself. */
  ai?: string;
  /**
   * FastAPI: the auth its own parameters require (`Depends(get_current_user)`), or optional auth (`required=False`).
   */
  guard?: { auth?: string; optional?: string };
  /** FastAPI: dependencies its parameters name (`Depends(get_db)`), whose guards apply to whoever depends on it. */
  depends?: string[];
  /**
   * A rate-limit decorator on it (`@with_message_limit`, `@limiter.limit("5/minute")`): calls through it are limited.
   */
  limit?: string;
  /**
   * Every parameter name in order (without `self`/`cls`), for call-site arguments (`CallSite`); absent when the
   * signature takes `*args`/`**kwargs` or is decorated (a route, a callback registration), which no call site
   * found here accounts for.
   */
  signature?: string[];
  /** Parameters of `signature` whose default is a literal (an omitted argument is a constant). */
  literalDefaults?: string[];
}

/** An argument at a call site: a literal (1), anything else (0), or a name whose constant the model resolves. */
export type CallArg = 0 | 1 | { ref: string };

/**
 * One call written in the module, with which of its arguments are constants: `layout.show_header("PDF")`.
 * Lets the model tell a parameter that every caller passes a constant to (`ProjectModel.constantParams`).
 */
export interface CallSite {
  /** Dotted callee as written; `?.name` when only the called name is known (`items[0].name(...)`). */
  callee: string;
  /** The function it is written in (`Class.method`), `<module>` at the top level. */
  scope: string;
  args: CallArg[];
  keywords?: Record<string, CallArg>;
  /** `*xs` or `**kw` among the arguments: which parameters they fill is unknown. */
  spread?: true;
}

export interface ModuleFacts {
  /** Workspace-relative path with forward slashes. */
  file: string;
  language: 'python' | 'js';
  /** Tests, scripts, migrations: their routes and handlers are not endpoints. */
  excluded?: string;
  /** Frameworks imported by this module (`fastapi`, `flask`, `express`, `telegram`, `aiogram`, `discord`...). */
  frameworks: string[];
  endpoints: FileEndpointFacts;
  imports: ImportFact[];
  /** Module-level string constants and literal class attributes (`Settings.API_V1_STR`). */
  constants: Record<string, string>;
  /** Module-level `x = Class(...)`: variable -> callee. */
  instances: Record<string, string>;
  /** Their construction arguments (what the object's constructor keeps in fields), by variable. */
  instanceArgs?: Record<string, ArgFact[]>;
  /** What `module.exports = x` / `export default x` names. */
  defaultExport?: string;
  routers: RouterFact[];
  mounts: MountFact[];
  scoped: ScopedGuard[];
  urls: UrlFact[];
  /** Django `ROOT_URLCONF`. */
  rootUrlconf?: string;
  functions: Record<string, FunctionFact>;
  /** Python classes: bases as written and the access policy the class itself declares. */
  classes: Record<string, { bases: string[]; auth?: string; public?: string; rate?: string }>;
  /** Router-level guards declared apart from the router: Flask `@bp.before_request` authentication hooks. */
  hooks: Array<{ owner: string; auth: string; line: number }>;
  /** Next.js `middleware.ts` `config.matcher` patterns (undefined: every path). */
  nextMatcher?: string[];
  /** Module-level bot filters that restrict users: `user_filter = filters.User(ALLOWED)`. */
  userFilters: string[];
  /** Streamlit page (an entry point): the AI call reachable from the module's top level. */
  streamlit?: boolean;
  /** Python: every call with its arguments' constness (see `CallSite`). */
  callSites?: CallSite[];
  /**
   * Python: last names of functions used as values (passed as an argument, assigned, put in a list or dict):
   * such a function may be called with anything, by code the model does not see.
   */
  valueRefs?: string[];
}

/** An endpoint with its full path, the chain it was reached through and the paid AI calls it can reach. */
export interface ModelEndpoint extends Endpoint {
  /** Why the full path (or the auth) could not be known: dynamic prefix, missing module, cycle. */
  unknown?: string;
  /** Mount chain, outermost first (`app.include_router(api_router) main.py:12`). */
  mountedBy?: string[];
  /** Reachable paid AI call: the helper chain from the handler (`ask -> ChatGPT.send -> chat.completions.create`). */
  ai?: { call: string; chain: string[]; file: string; line: number; limit?: string };
}

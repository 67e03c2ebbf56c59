// Shapes of the endpoint inventory: per-file facts (from one syntax tree) and the resolved endpoints.

export type AuthStatus = 'yes' | 'public' | 'no' | 'unknown';
export type ErrorStatus = 'handled' | 'global' | 'framework' | 'none';

/** One HTTP handler or bot command with its protection status. */
export interface Endpoint {
  framework: string;
  kind: 'http' | 'bot';
  method: string;
  path: string;
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** 1-based line of the route decorator / registration. */
  line: number;
  auth: AuthStatus;
  /** What provides (or waives) authentication, e.g. `Depends(get_current_user)` or `# preflight: public`. */
  authBy?: string;
  rateLimited: boolean;
  rateLimitBy?: string;
  errors: ErrorStatus;
  errorsBy?: string;
}

/** A protection found in code, with where it is. */
export interface Signal {
  what: string;
  line: number;
}

/** An endpoint as seen inside its own file, before workspace-wide facts are applied. */
export interface RawEndpoint extends Omit<Endpoint, 'auth' | 'errors'> {
  auth: AuthStatus | undefined;
  errors: ErrorStatus | undefined;
  /** The object the route hangs on (`router` in `@router.get`), to match router-level protections. */
  owner?: string;
  /** For routes registered by reference (Django urls.py): the view's module and name. */
  target?: { module?: string; name: string };
  /** Marked `preflight: public` by a comment. */
  markedPublic?: boolean;
  /** Django: added in an `AdminSite.get_urls()`, so served under the prefix where the admin site is mounted. */
  adminSite?: boolean;
  /** The handler as written when it lives elsewhere (`commands.Start`, `handlers.start`), for the project model. */
  ref?: string;
  /** Names passed to the handler object's constructor (`Handler(reply_to)`), positional or `key=name`. */
  refArgs?: string[];
  /** FastAPI dependencies named in the handler's parameters (`Depends(get_item)`), for guards they declare. */
  depends?: string[];
  /** Dotted names the handler function calls, and the paid-AI call it makes itself (project model). */
  calls?: string[];
  ai?: string;
  /** The class whose method the handler is (`self.x(...)` calls in it are that class's). */
  handlerClass?: string;
  /** Bot handler filters as written (`filters=filters.users`). */
  filter?: string;
  /** The handler function's own name (`register`): a sign-up or login handler is public by convention. */
  handlerName?: string;
}

/** A protection applied where a router is mounted: `app.include_router(items.router, dependencies=[...])`. */
export interface MountSignal extends Signal {
  /** Module (file stem) the router comes from, when written as `module.router` or required from a path. */
  module?: string;
  owner: string;
  kind: 'auth' | 'rate-limit';
}

/** Python views (functions or classes) and their guards, for routes registered from another file. */
export interface ViewGuard {
  auth?: string;
  public?: string;
  rateLimit?: string;
}

/** Everything the inventory needs from one file; small and tree-free so a workspace index can keep it. */
export interface FileEndpointFacts {
  /** Workspace-relative path of the file these facts come from. */
  file: string;
  endpoints: RawEndpoint[];
  /** App-wide protections, per framework (e.g. `FastAPI(dependencies=[...])`, Next.js middleware.ts). */
  appAuth: Array<Signal & { framework: string }>;
  appRateLimit: Array<Signal & { framework: string }>;
  globalErrorHandler: Array<Signal & { framework: string }>;
  mounts: MountSignal[];
  views: Record<string, ViewGuard>;
}

export const emptyEndpointFacts = (file: string): FileEndpointFacts => ({
  file,
  endpoints: [],
  appAuth: [],
  appRateLimit: [],
  globalErrorHandler: [],
  mounts: [],
  views: {},
});

/** Names that mean "this checks who is calling". Deliberately not `session` (database sessions). */
export const AUTH_NAME =
  /auth|login_?required|current_?user|verify_?(token|key|api|user|jwt)|require_?(user|login|admin|role|key)|jwt|permission|api_?key|is_?authenticated|protect|ensure_?logged|admin_?only|passport|clerk|get_?user_?from_?token|bearer/i;
export const LIMIT_NAME = /limit|throttl/i;

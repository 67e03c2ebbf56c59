// The endpoint inventory: every HTTP handler and bot command in the workspace with auth, rate-limit and
// error-handling status. Per-file facts come from one syntax tree; `buildInventory` joins them.
import { Minimatch } from 'minimatch';
import type { Family, Node } from '../core/types';
import type { Endpoint, FileEndpointFacts, MountSignal, RawEndpoint, Signal, ViewGuard } from './endpointTypes';
import { jsEndpointFacts } from './endpointsJs';
import { pythonEndpointFacts } from './endpointsPy';

export type { Endpoint, FileEndpointFacts } from './endpointTypes';

/** Facts of one parsed file (workspace-relative `file`); keep these, not the tree. */
export function fileEndpointFacts(family: Family, root: Node, text: string, file: string): FileEndpointFacts {
  return family === 'python' ? pythonEndpointFacts(root, text, file) : jsEndpointFacts(root, text, file);
}

/** Paths that are public by nature (sign-in, health checks, webhooks verified by signature, bot /start). */
const CONVENTIONAL_PUBLIC = new Set([
  'login',
  'logout',
  'signin',
  'signup',
  'sign-in',
  'sign-up',
  'register',
  'token',
  'refresh',
  'callback',
  'health',
  'healthz',
  'healthcheck',
  'ping',
  'ready',
  'readyz',
  'livez',
  'webhook',
  'webhooks',
  '[...nextauth]',
  'start',
  'help',
  'status',
  'refresh-token',
  'forgot',
  'forgot-password',
  'reset-password',
  'password-reset',
  'send-password-reset',
]);

function conventionallyPublic(ep: Pick<Endpoint, 'path' | 'kind'>): boolean {
  if (ep.kind === 'http' && ep.path === '/') return true;
  const segs = ep.path.split('/').map((seg) => seg.toLowerCase());
  // `reset` alone is the password-reset flow only at the top or under an account prefix (`/auth/reset/<token>`).
  const passwordReset = segs.some((seg, i) => seg === 'reset' && (i <= 1 || ACCOUNT_PREFIX.has(segs[i - 1])));
  return passwordReset || segs.some((seg) => CONVENTIONAL_PUBLIC.has(seg));
}

/** Handler names that say the route is how an anonymous caller gets an account or a session. */
const ACCOUNT_ENTRY = /^(register|register_user|signup|sign_up|signin|sign_in|login|log_in|create_account)$/i;

const ACCOUNT_PREFIX = new Set(['auth', 'account', 'accounts', 'password', 'user', 'users']);

/** Matchers for `preflight.publicEndpoints`: `"GET /health"`, `"/auth/**"` (globs, optional method first). */
export function publicMatcher(patterns: readonly string[]): (method: string, path: string) => string | undefined {
  const compiled = patterns
    .filter((p) => typeof p === 'string' && p.trim())
    .map((p) => {
      const m = /^\s*([A-Za-z]+)\s+(\S.*)$/.exec(p);
      const method = m && !m[1].startsWith('/') ? m[1].toUpperCase() : undefined;
      const glob = (method ? m![2] : p).trim();
      return { pattern: p.trim(), method, glob: new Minimatch(glob, { dot: true }) };
    });
  return (method, path) =>
    compiled.find((c) => (!c.method || method.split(',').includes(c.method) || method === 'ANY') && c.glob.match(path))
      ?.pattern;
}

function stemOf(file: string): string {
  return (file.split('/').pop() ?? '').replace(/\.[^.]+$/, '');
}

function dirOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
}

export interface InventoryOptions {
  /** The `preflight.publicEndpoints` setting. */
  publicEndpoints?: readonly string[];
}

type Located = Signal & { file: string };
type FrameworkSignal = Located & { framework: string };

/** Joins per-file facts into the workspace's endpoint list, resolving router, app and cross-file guards. */
export function buildInventory(files: Iterable<FileEndpointFacts>, options: InventoryOptions = {}): Endpoint[] {
  const all = [...files];
  const located = <T extends Signal>(pick: (f: FileEndpointFacts) => T[]): Array<T & { file: string }> =>
    all.flatMap((f) => pick(f).map((s) => ({ ...s, file: f.file })));
  const appAuth = located((f) => f.appAuth);
  const appRate = located((f) => f.appRateLimit);
  const globalErrors = located((f) => f.globalErrorHandler);
  const mounts = located((f) => f.mounts);
  const isPublic = publicMatcher(options.publicEndpoints ?? []);

  // Django urls.py names views in another module: prefer the module with that stem next to urls.py.
  const viewFor = (raw: RawEndpoint): ViewGuard | undefined => {
    const target = raw.target;
    if (!target) return undefined;
    const candidates = all.filter((f) => f.views[target.name] && (!target.module || stemOf(f.file) === target.module));
    const chosen = candidates.find((f) => dirOf(f.file) === dirOf(raw.file)) ?? candidates[0];
    return chosen?.views[target.name];
  };
  // A router protected where it is created (same file) or where it is mounted (matched by module stem).
  const mountFor = (raw: RawEndpoint, kind: MountSignal['kind']): Located | undefined => {
    if (!raw.owner) return undefined;
    return mounts.find(
      (m) =>
        m.kind === kind && (m.module ? m.module === stemOf(raw.file) : m.file === raw.file && m.owner === raw.owner),
    );
  };
  const frameworkSignal = (list: FrameworkSignal[], framework: string): FrameworkSignal | undefined =>
    list.find((s) => s.framework === framework);
  const describe = (s: Located): string => `${s.what} (${s.file}:${s.line})`;

  return all
    .flatMap((f) => f.endpoints)
    .map((raw): Endpoint => {
      const { owner: _owner, target, markedPublic: _marked, handlerName: _name, ...ep } = raw;
      let auth = raw.auth;
      let authBy = raw.authBy;
      const view = viewFor(raw);
      if (!auth && view?.public) {
        auth = 'public';
        authBy = view.public;
      }
      if (!auth && view?.auth) {
        auth = 'yes';
        authBy = view.auth;
      }
      const guard = auth ? undefined : (mountFor(raw, 'auth') ?? frameworkSignal(appAuth, raw.framework));
      if (guard) {
        auth = 'yes';
        authBy = describe(guard);
      }
      const setting = auth ? undefined : isPublic(raw.method, raw.path);
      if (setting) {
        auth = 'public';
        authBy = `preflight.publicEndpoints: "${setting}"`;
      }
      if (!auth && conventionallyPublic(raw)) {
        auth = 'public';
        authBy = 'conventionally public path (add auth if it is not meant to be public)';
      }
      if (!auth && raw.kind === 'http' && ACCOUNT_ENTRY.test(raw.handlerName ?? '')) {
        auth = 'public';
        authBy =
          `conventionally public: a sign-up or sign-in handler (${raw.handlerName}; ` +
          'add auth if it is not meant to be public)';
      }
      if (!auth) auth = target && !view ? 'unknown' : 'no';

      let rateLimited = raw.rateLimited;
      let rateLimitBy = raw.rateLimitBy;
      if (!rateLimited && view?.rateLimit) {
        rateLimited = true;
        rateLimitBy = view.rateLimit;
      }
      const limiter = rateLimited
        ? undefined
        : (mountFor(raw, 'rate-limit') ?? frameworkSignal(appRate, raw.framework));
      if (limiter) {
        rateLimited = true;
        rateLimitBy = describe(limiter);
      }

      let errors = raw.errors;
      let errorsBy = raw.errorsBy;
      const handler = errors ? undefined : frameworkSignal(globalErrors, raw.framework);
      if (handler) {
        errors = 'global';
        errorsBy = describe(handler);
      }
      return { ...ep, auth, authBy, rateLimited, rateLimitBy, errors: errors ?? 'none', errorsBy };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

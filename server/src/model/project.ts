// The project model: module facts of every workspace file, replaced one file at a time, and the
// workspace-wide endpoints resolved from them on demand (full paths through mount chains, auth and limits
// declared on routers, mounts and apps, and the paid AI calls each handler can reach in other modules).
import { isAiCall } from '../syntax/aiCalls';
import { buildInventory, type InventoryOptions } from '../workspace/endpoints';
import { AUTH_NAME, LIMIT_NAME, type FileEndpointFacts, type RawEndpoint } from '../workspace/endpointTypes';
import { constantParams, type ConstantParams } from './constantParams';
import { Resolver } from './resolve';
import type { ArgFact, ModelEndpoint, ModuleFacts } from './types';

/** An admin site's urls mounted in urls.py: `admin.site.urls`, `site.urls`, `staff_site.urls`. */
const ADMIN_SITE_URLS = /(^|[._])site\.urls$/;

const MAX_MOUNT_DEPTH = 8;
const LLM_METHODS = /^a?(invoke|stream|call|predict|batch|generate)$/;
const LANGCHAIN_MODELS =
  /^(Chat(OpenAI|Anthropic|Groq|GoogleGenerativeAI|VertexAI|Mistral(AI)?|Cohere|Bedrock\w*|Fireworks|Together\w*)|AzureChatOpenAI|OpenAI|Anthropic)$/;
/** Calls that read the caller's verified identity. */
const SESSION_CHECK =
  /(^|\.)(auth\.getUser|getServerSession|getSession|getToken|currentUser|verifyToken|verify_token|decode_token|jwt\.verify|jwt\.decode|get_current_user|verifyIdToken)$/;
const MAX_CALL_DEPTH = 5;
/** A bot handler filter that restricts who may call it (a user or chat filter, an id check, an admin filter). */
const USER_FILTER =
  /filters\.(User|Chat)\s*\(|from_user\.id|\buser_id\s*=|chat\.id|\bIs(Admin|Owner|Allowed)\w*|Admin\w*Filter|\.in_\(/;
const MAX_VISITS = 400;

interface Chain {
  prefix: string;
  mountedBy: string[];
  auth?: string;
  rate?: string;
  unknown?: string;
}

/**
 * What an object's constructor kept: its fields (`this.client`, `self.llm`) bound to the arguments written at the
 * construction site in file `at` (`new Assistant(new LlmGateway(openai))`), so `this.gateway.complete()` reaches
 * the class of what was passed (and only that class).
 */
interface Binding {
  fields: Record<string, ArgFact>;
  at: string;
}

type Located = { file: string; name: string; binding?: Binding };

/** What a function's names stand for: local `x = Class(...)` assignments and annotated parameters. */
interface Scope {
  assigns?: Record<string, string>;
  assignArgs?: Record<string, ArgFact[]>;
  typed?: Record<string, string>;
}

/** `this.gateway.complete` / `self.llm.ask`: a method called on a field of the object. */
const FIELD_CALL = /^(?:this|self)\.(\w+)\.(\w+)$/;

const NO_SCOPE: Scope = {};

/** Constructor arguments of a handler object: `self.<attr>` callees of class `cls` (in `file`) -> names in `at`. */
interface Bound {
  file: string;
  cls: string;
  callees: Record<string, string>;
  at: string;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function joinPath(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
}

/** `/v1/auth/login` lies under `/v1/auth` (segment boundary). */
function under(path: string, prefix: string): boolean {
  if (!prefix || prefix === '/') return true;
  const p = prefix.replace(/\/+$/, '');
  return path === p || path.startsWith(`${p}/`);
}

/** Next.js matcher syntax (`/api/:path*`, `/((?!_next).*)`) against a route path. */
function nextMatches(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/\/:\w+\*/g, '(?:/.*)?')
    .replace(/\/:\w+\+/g, '(?:/.+)')
    .replace(/:\w+\??/g, '[^/]+');
  try {
    return new RegExp(`^${source}$`).test(path);
  } catch {
    return true; // a pattern we cannot read: assume it covers the route rather than call it public
  }
}

export class ProjectModel {
  private readonly modules = new Map<string, ModuleFacts>();
  private cache?: { key: string; endpoints: ModelEndpoint[] };
  private constants?: ConstantParams[];

  /** Replaces one file's facts (after a change); cheap, nothing is resolved until `endpoints()`. */
  update(facts: ModuleFacts): void {
    this.modules.set(facts.file, facts);
    this.cache = undefined;
    this.constants = undefined;
  }

  remove(file: string): void {
    if (this.modules.delete(file)) this.cache = this.constants = undefined;
  }

  get size(): number {
    return this.modules.size;
  }

  files(): ModuleFacts[] {
    return [...this.modules.values()];
  }

  endpoints(options: InventoryOptions = {}): ModelEndpoint[] {
    const key = JSON.stringify(options.publicEndpoints ?? []);
    if (this.cache?.key === key) return this.cache.endpoints;
    const endpoints = new Resolution(this.modules).endpoints(options);
    this.cache = { key, endpoints };
    return endpoints;
  }

  /**
   * Parameters every call site in the workspace passes a constant to (see `constantParams.ts`). Only in an app
   * (the model has an entry point): a library's functions are called by code the model does not see.
   */
  constantParams(): ConstantParams[] {
    if (!this.constants) {
      // Any resolution's endpoints will do: the options change how they are labelled, not whether there are any.
      const app = (this.cache?.endpoints ?? this.endpoints()).length > 0;
      this.constants = app ? new Resolution(this.modules).constantParams() : [];
    }
    return this.constants;
  }
}

/** One resolution pass over a fixed set of module facts. */
class Resolution {
  private readonly r: Resolver;
  private readonly userFilterNames: Set<string>;

  constructor(private readonly modules: ReadonlyMap<string, ModuleFacts>) {
    this.r = new Resolver(modules);
    this.userFilterNames = new Set([...modules.values()].flatMap((m) => m.userFilters.map((n) => n.split('.').pop()!)));
  }

  private mountIndex?: Map<string, Array<{ m: ModuleFacts; mount: ModuleFacts['mounts'][number] }>>;

  /** The mounts of router `owner` of `file`, across the workspace (every mount resolved once per pass). */
  private mountsOf(file: string, owner: string): Array<{ m: ModuleFacts; mount: ModuleFacts['mounts'][number] }> {
    if (!this.mountIndex) {
      this.mountIndex = new Map();
      for (const m of this.modules.values()) {
        if (m.excluded) continue;
        for (const mount of m.mounts) {
          if (!mount.child) continue;
          const where = this.r.resolve(m.file, mount.child);
          if (!('file' in where)) continue;
          const name = where.name || this.modules.get(where.file)?.defaultExport;
          if (!name) continue;
          // The mounted name or the module must plausibly be this router (a name that merely resolves
          // through a re-export chain to another router's file is not a mount of it).
          const last = mount.child.split('.').pop()!;
          if (
            !mount.child.startsWith('require:') &&
            last !== name &&
            !where.file.includes(`/${last}.`) &&
            !where.file.includes(`${last}/`) &&
            m.imports.every((i) => i.local !== mount.child!.split('.')[0])
          )
            continue;
          push(this.mountIndex, `${where.file}\0${name}`, { m, mount });
        }
      }
    }
    return this.mountIndex.get(`${file}\0${owner}`) ?? [];
  }

  /** A class's access policy: its own `permission_classes`/mixins, else the nearest base class's. */
  private classPolicy(file: string, name: string, depth = 0): { auth?: string; public?: string; rate?: string } {
    const c = this.modules.get(file)?.classes?.[name];
    if (!c || depth > 6) return {};
    const own = { auth: c.auth, public: c.public, rate: c.rate };
    if (own.auth || own.public) return own;
    for (const base of c.bases) {
      const where = this.r.resolve(file, base);
      if (!('file' in where) || !where.name) continue;
      const inherited = this.classPolicy(where.file, where.name, depth + 1);
      if (inherited.auth || inherited.public) return { ...inherited, rate: own.rate ?? inherited.rate };
    }
    return own;
  }

  private hookIndex?: Map<string, string>;

  /** A `before_request` authentication hook on this router, declared in any module. */
  private hookFor(file: string, owner: string): string | undefined {
    if (!this.hookIndex) {
      this.hookIndex = new Map();
      for (const m of this.modules.values()) {
        for (const h of m.hooks) {
          const where = this.r.resolve(m.file, h.owner);
          const targets = [{ file: m.file, name: h.owner }, ...('file' in where ? [where] : [])];
          for (const t of targets) {
            const plausible = h.owner === t.name || m.file === t.file || m.imports.some((i) => i.local === h.owner);
            const key = `${t.file}\0${t.name}`;
            if (plausible && !this.hookIndex.has(key)) this.hookIndex.set(key, `${h.auth} (${m.file}:${h.line})`);
          }
        }
      }
    }
    return this.hookIndex.get(`${file}\0${owner}`);
  }

  /** Every way a router is reachable from an app: prefixes outermost first, guards on the way. */
  private chains(file: string, owner: string, relPath: string, depth = 0, seen = new Set<string>()): Chain[] {
    const key = `${file}\0${owner}`;
    if (seen.has(key)) return [{ prefix: relPath, mountedBy: [], unknown: `circular mount of ${owner}` }];
    if (depth > MAX_MOUNT_DEPTH) return [{ prefix: relPath, mountedBy: [], unknown: 'mount chain too deep' }];
    const m = this.modules.get(file)!;
    const router = m.routers.find((x) => x.name === owner);
    if (!router && m.imports.some((i) => i.local === owner.split('.')[0])) {
      // Routes on a router defined elsewhere: `from . import auth` then `@auth.route(...)`.
      const where = this.r.resolve(file, owner);
      if ('unknown' in where) return [{ prefix: relPath, mountedBy: [], unknown: where.unknown }];
      if (where.name && (where.file !== file || where.name !== owner))
        return this.chains(where.file, where.name, relPath, depth + 1, new Set(seen).add(key));
    }
    const hook = this.hookFor(file, owner);
    const own = router ? this.r.value(file, router.prefix) : '';
    if (typeof own !== 'string') return [{ prefix: relPath, mountedBy: [], unknown: own.unknown }];
    const rel = joinPath(own, relPath);
    const base: Chain = { prefix: rel, mountedBy: [], auth: router?.auth ?? hook, rate: router?.rate };
    const mounts = this.mountsOf(file, owner);
    if (!mounts.length) return [base];
    const next = new Set(seen).add(key);
    const out: Chain[] = [];
    for (const { m: pm, mount } of mounts) {
      const mp = this.r.value(pm.file, mount.prefix);
      if (typeof mp !== 'string') {
        out.push({ ...base, unknown: mp.unknown, mountedBy: [`${pm.file}:${mount.line}`] });
        continue;
      }
      const here = joinPath(mp, rel);
      // Middleware the parent applies to a prefix before this mount: `app.use('/v1/auth', authLimiter)`.
      const scoped = pm.scoped.filter((s) => s.owner === mount.parent && s.line <= mount.line && under(here, s.prefix));
      for (const parent of this.chains(pm.file, mount.parent, here, depth + 1, next)) {
        out.push({
          prefix: parent.prefix,
          mountedBy: [
            ...parent.mountedBy,
            `${mount.parent} mounts ${mount.child?.replace(/^require:/, '')} (${pm.file}:${mount.line})`,
          ],
          auth: base.auth ?? mount.auth ?? scoped.find((s) => s.auth)?.auth ?? parent.auth,
          rate: base.rate ?? mount.rate ?? scoped.find((s) => s.rate)?.rate ?? parent.rate,
          unknown: parent.unknown,
        });
      }
    }
    return out;
  }

  /** Django: a urls module's prefixes from the `include()`s that reach it, up to the root URLconf. */
  private djangoPrefixes(
    file: string,
    depth = 0,
    seen = new Set<string>(),
  ): Array<{ prefix: string; unknown?: string }> {
    if (seen.has(file)) return [{ prefix: '', unknown: 'circular include' }];
    if (depth > MAX_MOUNT_DEPTH) return [{ prefix: '', unknown: 'include chain too deep' }];
    if (!this.includeIndex) {
      this.includeIndex = new Map();
      for (const m of this.modules.values()) {
        if (m.excluded) continue;
        for (const u of m.urls) {
          const target = u.include?.module ? this.r.moduleFile(m.file, u.include.module) : undefined;
          if (target) push(this.includeIndex, target, { from: m.file, path: u.path });
        }
      }
    }
    const out: Array<{ prefix: string; unknown?: string }> = [];
    for (const inc of this.includeIndex.get(file) ?? [])
      for (const p of this.djangoPrefixes(inc.from, depth + 1, new Set(seen).add(file)))
        out.push({ prefix: p.prefix + inc.path, unknown: p.unknown });
    return out.length ? out : [{ prefix: '' }];
  }

  /** Django `include()`s by the urls module they reach. */
  private includeIndex?: Map<string, Array<{ from: string; path: string }>>;

  /** Where the admin site is mounted (`path("admin/", admin.site.urls)`), with the prefixes of its urls module. */
  private adminSitePrefixes(): Array<{ prefix: string; unknown?: string }> | undefined {
    if (this.adminPrefixes !== undefined) return this.adminPrefixes ?? undefined;
    const out: Array<{ prefix: string; unknown?: string }> = [];
    for (const m of this.modules.values()) {
      if (m.excluded) continue;
      for (const raw of m.endpoints.endpoints) {
        if (raw.framework !== 'django' || !ADMIN_SITE_URLS.test(raw.ref ?? '')) continue;
        for (const p of this.djangoPrefixes(m.file))
          out.push({ prefix: p.prefix + raw.path.replace(/^\//, ''), unknown: p.unknown });
      }
    }
    this.adminPrefixes = out.length ? out : null;
    return this.adminPrefixes ?? undefined;
  }

  /** Admin site mount prefixes, found once (null: no admin site is mounted). */
  private adminPrefixes?: Array<{ prefix: string; unknown?: string }> | null;

  /** DRF `router.register(...)` routes, with the prefix where `include(router.urls)` puts them. */
  private drfEndpoints(m: ModuleFacts): RawEndpoint[] {
    const out: RawEndpoint[] = [];
    for (const u of m.urls) {
      if (!u.register) continue;
      const inc = m.urls.find((x) => x.include?.name === `${u.register!.router}.urls`);
      const base = `/${inc?.path ?? ''}${u.path.replace(/^\^|\$$/g, '').replace(/\/?$/, '/')}`;
      for (const path of [base, `${base}{pk}/`])
        out.push({
          framework: 'django',
          kind: 'http',
          method: 'ANY',
          path,
          file: m.file,
          line: u.line,
          auth: undefined,
          rateLimited: false,
          errors: 'framework',
          target: { name: u.register.view, module: u.register.module?.split('.').pop() },
          ref: u.register.module ? `${u.register.module}.${u.register.view}` : u.register.view,
        });
    }
    return out;
  }

  private isEndpointModule(m: ModuleFacts, raw: RawEndpoint): boolean {
    if (raw.framework === 'discord') return m.frameworks.includes('discord');
    if (raw.framework === 'aiogram') return m.frameworks.includes('aiogram') || !m.frameworks.length;
    return true;
  }

  /** Auth from bot filters: `filters=filters.User(...)`, a named allow-list filter, aiogram user checks. */
  private filterAuth(raw: RawEndpoint): string | undefined {
    const f = raw.filter;
    if (!f) return undefined;
    if (USER_FILTER.test(f)) return `filter ${f.slice(0, 60)}`;
    const names = f.match(/[A-Za-z_][\w.]*/g) ?? [];
    const hit = names.find((n) => this.userFilterNames.has(n.split('.').pop()!));
    return hit ? `filter ${hit} (a user allow-list)` : undefined;
  }

  private expand(m: ModuleFacts, raw: RawEndpoint): RawEndpoint[] {
    type Extra = RawEndpoint & { unknown?: string; mountedBy?: string[] };
    if (raw.framework === 'django') {
      // The view's own policy (decorators, permission_classes, mixins, inherited from base classes).
      let resolved: RawEndpoint = raw;
      if (ADMIN_SITE_URLS.test(raw.ref ?? ''))
        resolved = { ...raw, target: undefined, auth: 'yes', authBy: 'Django admin (staff login required)' };
      else if (raw.target && raw.ref && !raw.auth) {
        const view = this.r.resolve(m.file, raw.ref);
        const vm = 'file' in view && view.name ? this.modules.get(view.file) : undefined;
        if (vm && 'file' in view && this.r.defines(vm, view.name)) {
          const policy = vm.classes?.[view.name]
            ? this.classPolicy(view.file, view.name)
            : (({ auth, public: pub, rateLimit }) => ({ auth, public: pub, rate: rateLimit }))(
                vm.endpoints.views[view.name] ?? {},
              );
          resolved = { ...raw, target: undefined };
          if (policy.public) Object.assign(resolved, { auth: 'public', authBy: policy.public });
          else if (policy.auth) Object.assign(resolved, { auth: 'yes', authBy: policy.auth });
          if (policy.rate && !raw.rateLimited) Object.assign(resolved, { rateLimited: true, rateLimitBy: policy.rate });
        }
      }
      const target = resolved.target;
      const prefixes = (raw.adminSite && this.adminSitePrefixes()) || this.djangoPrefixes(m.file);
      return prefixes.map((p): Extra => ({
        ...resolved,
        target,
        path: `/${p.prefix}${raw.path.replace(/^\//, '')}`,
        unknown: p.unknown,
        auth: resolved.auth ?? (p.unknown ? 'unknown' : undefined),
      }));
    }
    if (raw.kind === 'bot') {
      const auth = raw.auth ? undefined : this.filterAuth(raw);
      return [auth ? { ...raw, auth: 'yes', authBy: auth } : raw];
    }
    if (raw.framework === 'nextjs') return [this.nextMiddleware(raw)];
    if (!raw.owner) return [raw];
    return this.chains(m.file, raw.owner, raw.path).map((c): Extra => {
      // Express matches `/users` and `/users/` alike: show the canonical form.
      const full = raw.framework === 'express' && c.prefix.length > 1 ? c.prefix.replace(/\/+$/, '') : c.prefix;
      const out: Extra = { ...raw, path: full || '/', mountedBy: c.mountedBy.length ? c.mountedBy : undefined };
      if (c.unknown) out.unknown = c.unknown;
      if (!out.auth && c.auth) Object.assign(out, { auth: 'yes', authBy: c.auth });
      if (!out.rateLimited && c.rate) Object.assign(out, { rateLimited: true, rateLimitBy: c.rate });
      if (!out.auth && c.unknown)
        Object.assign(out, { auth: 'unknown', authBy: `path and mount guards unknown: ${c.unknown}` });
      return out;
    });
  }

  /** Modules with an authenticating Next.js middleware. */
  private nextGates?: ModuleFacts[];

  /** Next.js `middleware.ts` that authenticates protects the routes its `matcher` covers. */
  private nextMiddleware(raw: RawEndpoint): RawEndpoint {
    if (raw.auth) return raw;
    this.nextGates ??= [...this.modules.values()].filter((m) =>
      m.endpoints.appAuth.some((s) => s.framework === 'nextjs'),
    );
    for (const m of this.nextGates) {
      const signal = m.endpoints.appAuth.find((s) => s.framework === 'nextjs');
      if (!signal) continue;
      const covered = !m.nextMatcher || m.nextMatcher.some((p) => nextMatches(p, raw.path));
      if (covered)
        return {
          ...raw,
          auth: 'yes',
          authBy: `${m.file} middleware${m.nextMatcher ? ` (matcher ${m.nextMatcher.join(', ')})` : ''}`,
        };
    }
    return raw;
  }

  /** A handler that calls a workspace helper which checks the session (`getServerProfile()` → `auth.getUser()`). */
  /**
   * FastAPI dependencies the handler names, followed into the modules that define them: one that requires a
   * user guards the route; one that accepts an anonymous caller (`required=False`) makes it public by design.
   */
  private dependencyAuth(raw: RawEndpoint): RawEndpoint {
    if (raw.auth || !raw.depends?.length) return raw;
    const seen = new Set<string>();
    const find = (file: string, names: string[], depth: number, via: string[]): RawEndpoint | undefined => {
      for (const name of names)
        for (const t of this.target(file, name, undefined)) {
          const key = `${t.file}\0${t.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const fn = this.modules.get(t.file)!.functions[t.name];
          const path = [...via, `Depends(${t.name}) (${t.file})`];
          if (fn.guard?.auth) return { ...raw, auth: 'yes', authBy: `${path.join(' → ')} → ${fn.guard.auth}` };
          if (fn.guard?.optional)
            return { ...raw, auth: 'public', authBy: `${path.join(' → ')} → ${fn.guard.optional}` };
          const deeper = depth < 3 && fn.depends ? find(t.file, fn.depends, depth + 1, path) : undefined;
          if (deeper) return deeper;
        }
      return undefined;
    };
    return find(raw.file, raw.depends, 1, []) ?? raw;
  }

  private helperAuth(raw: RawEndpoint): RawEndpoint {
    if (raw.auth || raw.kind !== 'http' || !raw.calls?.length) return raw;
    const seen = new Set<string>();
    const check = (file: string, calls: string[], depth: number, via: string[]): string[] | undefined => {
      for (const callee of calls) {
        for (const t of this.target(file, callee, undefined, {})) {
          const key = `${t.file}\0${t.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const fn = this.modules.get(t.file)!.functions[t.name];
          const path = [...via, `${t.name}() (${t.file})`];
          if (fn.calls.some((c) => SESSION_CHECK.test(c))) return path;
          if (depth < 2) {
            const deeper = check(t.file, fn.calls, depth + 1, path);
            if (deeper) return deeper;
          }
        }
      }
      return undefined;
    };
    const via = check(raw.file, raw.calls, 1, []);
    return via ? { ...raw, auth: 'yes', authBy: `checked by ${via.join(' → ')}` } : raw;
  }

  /** Streamlit pages are entry points: one per module with top-level `st.` calls. */
  private streamlitPages(m: ModuleFacts): RawEndpoint[] {
    const top = m.functions['<module>'];
    if (!m.streamlit || !top || !top.calls.some((c) => c.startsWith('st.'))) return [];
    const auth = top.calls.find((c) => AUTH_NAME.test(c) || /password/i.test(c) || c === 'st.login');
    const rate = top.calls.find((c) => LIMIT_NAME.test(c));
    return [
      {
        framework: 'streamlit',
        kind: 'http',
        method: 'PAGE',
        path: `/${m.file}`,
        file: m.file,
        line: 1,
        auth: auth ? 'yes' : undefined,
        authBy: auth ? `${auth}() at the top of the page` : undefined,
        rateLimited: !!rate,
        rateLimitBy: rate,
        errors: 'framework',
        calls: top.calls,
        ai: top.ai,
      },
    ];
  }

  constantParams(): ConstantParams[] {
    return constantParams(this.modules, this.r, (file, callee, cls, scope) => this.target(file, callee, cls, scope));
  }

  endpoints(options: InventoryOptions): ModelEndpoint[] {
    const raws: RawEndpoint[] = [];
    for (const m of this.modules.values()) {
      if (m.excluded) continue;
      const own = m.endpoints.endpoints.filter((e) => this.isEndpointModule(m, e));
      for (const raw of [...own, ...this.drfEndpoints(m), ...this.streamlitPages(m)])
        raws.push(...this.expand(m, raw).map((e) => this.helperAuth(this.dependencyAuth(e))));
    }
    const facts: FileEndpointFacts[] = [...this.modules.values()]
      .filter((m) => !m.excluded)
      .map((m) => ({
        ...m.endpoints,
        endpoints: [],
        appAuth: m.endpoints.appAuth.filter((s) => s.framework !== 'nextjs'),
      }));
    facts.push({
      file: '',
      endpoints: raws,
      appAuth: [],
      appRateLimit: [],
      globalErrorHandler: [],
      mounts: [],
      views: {},
    });
    return buildInventory(facts, options).map((e) => {
      const {
        ref,
        refArgs,
        calls,
        ai,
        handlerClass,
        filter: _f,
        depends: _d,
        ...rest
      } = e as ModelEndpoint & Partial<RawEndpoint>;
      const out: ModelEndpoint = rest;
      const reach = ai
        ? { call: ai, chain: [ai], file: e.file, line: e.line }
        : this.reach(e.file, calls ?? [], ref, refArgs, handlerClass);
      if (reach) {
        const { limit, ...found } = reach;
        out.ai = found;
        if (limit && !out.rateLimited) Object.assign(out, { rateLimited: true, rateLimitBy: limit });
      }
      return out;
    });
  }

  // ---------- AI reachability ----------

  /** The function (or class method) a callee written in `file` refers to. */
  private target(file: string, callee: string, cls: string | undefined, scope: Scope = NO_SCOPE): Located[] {
    // Most lookups have no local assignments: those depend only on where and what, so they are kept per pass.
    if (scope.assigns || scope.typed) return this.lookupTarget(file, callee, cls, scope);
    const key = `${file}\0${callee}\0${cls ?? ''}`;
    let hit = this.targets.get(key);
    if (!hit) this.targets.set(key, (hit = this.lookupTarget(file, callee, cls, scope)));
    return hit;
  }

  private subclassIndex?: Map<string, Located[]>;

  /** Classes deriving from a class, directly or not (a method called on the base may run any override). */
  private subclasses(at: Located, depth = 0): Located[] {
    if (!this.subclassIndex) {
      this.subclassIndex = new Map();
      for (const m of this.modules.values())
        for (const [name, c] of Object.entries(m.classes ?? {}))
          for (const base of c.bases) {
            const where = this.r.resolve(m.file, base);
            if ('file' in where && where.name)
              push(this.subclassIndex, `${where.file}\0${where.name}`, { file: m.file, name });
          }
    }
    const direct = this.subclassIndex.get(`${at.file}\0${at.name}`) ?? [];
    return depth > 4 ? direct : direct.flatMap((c) => [c, ...this.subclasses(c, depth + 1)]);
  }

  private readonly targets = new Map<string, Located[]>();

  private lookupTarget(file: string, callee: string, cls: string | undefined, scope: Scope): Located[] {
    const m = this.modules.get(file);
    if (!m) return [];
    const parts = callee.split('.');
    const out: Located[] = [];
    if ((parts[0] === 'self' || parts[0] === 'this') && cls && parts.length === 2)
      out.push({ file, name: `${cls}.${parts[1]}` });
    if (callee in m.functions) out.push({ file, name: callee });
    if (parts.length >= 2) {
      // `x.method()` where `x = Class(...)` in the function or at module level, `self.x = Class(...)` in the
      // constructor, or `x: Class` a parameter (then any subclass's override may run).
      const head = parts.slice(0, -1).join('.');
      const method = parts[parts.length - 1];
      const own = (name: string): string | undefined => {
        if (!cls || !(head.startsWith('self.') || head.startsWith('this.'))) return undefined;
        const init = m.functions[`${cls}.__init__`] ?? m.functions[`${cls}.constructor`];
        // `self.helper = helper` where the constructor's parameter is typed (`helper: OpenAIHelper`).
        const param = init?.fields?.[name.slice(name.indexOf('.') + 1)];
        return init?.assigns?.[name] ?? (param ? init?.typed?.[param] : undefined);
      };
      const typed = scope.typed?.[head];
      const cls2 = scope.assigns?.[head] ?? m.instances[head] ?? own(head) ?? typed;
      if (cls2) {
        const where = this.r.resolve(file, cls2);
        if ('file' in where) {
          const args = scope.assigns?.[head]
            ? scope.assignArgs?.[head]
            : m.instances[head]
              ? m.instanceArgs?.[head]
              : undefined;
          const binding = where.name ? this.bindingOf(where.file, where.name, args, file) : undefined;
          out.push({ file: where.file, name: `${where.name}.${method}`, binding });
          if (typed && cls2 === typed && where.name)
            for (const sub of this.subclasses({ file: where.file, name: where.name }))
              out.push({ file: sub.file, name: `${sub.name}.${method}` });
        }
      } else {
        const where = this.r.resolve(file, head);
        const inst = 'file' in where ? this.modules.get(where.file)?.instances[where.name] : undefined;
        if ('file' in where && inst) {
          const c = this.r.resolve(where.file, inst);
          const args = this.modules.get(where.file)?.instanceArgs?.[where.name];
          const binding = 'file' in c && c.name ? this.bindingOf(c.file, c.name, args, where.file) : undefined;
          if ('file' in c) out.push({ file: c.file, name: `${c.name}.${parts[parts.length - 1]}`, binding });
        }
      }
    }
    const where = this.r.resolve(file, callee);
    if ('file' in where && where.name) {
      out.push({ file: where.file, name: where.name });
      // A class: its constructor and, for callable handler objects, `__call__`.
      for (const method of ['__init__', '__call__', 'constructor'])
        out.push({ file: where.file, name: `${where.name}.${method}` });
    }
    return out.filter((t) => this.modules.get(t.file)?.functions[t.name]);
  }

  /** The fields a class's constructor keeps, bound to the arguments of one construction site (in `at`). */
  private bindingOf(file: string, cls: string, args: ArgFact[] | undefined, at: string): Binding | undefined {
    if (!args?.length) return undefined;
    const fns = this.modules.get(file)?.functions;
    const init = fns?.[`${cls}.constructor`] ?? fns?.[`${cls}.__init__`];
    if (!init?.fields || !init.params) return undefined;
    const passed: Record<string, ArgFact> = {};
    let position = 0;
    for (const a of args) {
      if (a.key) passed[a.key] = a;
      else if (init.params[position]) passed[init.params[position++]] = a;
    }
    const fields: Record<string, ArgFact> = {};
    for (const [attr, param] of Object.entries(init.fields)) if (passed[param]) fields[attr] = passed[param];
    return Object.keys(fields).length ? { fields, at } : undefined;
  }

  /** The class of an object passed as an argument in `at`: built there, or a module-level instance it names. */
  private objectOf(at: string, arg: ArgFact, depth = 0): Located | undefined {
    if (depth > 4) return undefined;
    if (arg.ctor) {
      const where = this.r.resolve(at, arg.ctor);
      if (!('file' in where) || !where.name) return undefined;
      return { file: where.file, name: where.name, binding: this.bindingOf(where.file, where.name, arg.args, at) };
    }
    if (!arg.ref) return undefined;
    const here = this.modules.get(at);
    if (here?.instances[arg.ref])
      return this.objectOf(at, { ctor: here.instances[arg.ref], args: here.instanceArgs?.[arg.ref] }, depth + 1);
    const where = this.r.resolve(at, arg.ref);
    const there = 'file' in where ? this.modules.get(where.file) : undefined;
    const inst = there && 'file' in where ? there.instances[where.name] : undefined;
    return inst && 'file' in where
      ? this.objectOf(where.file, { ctor: inst, args: there?.instanceArgs?.[where.name] }, depth + 1)
      : undefined;
  }

  /** `llm.invoke(...)` where `llm = ChatOpenAI(...)` (LangChain chat models call a paid API). */
  private langchainCall(file: string, callee: string, assigns: Record<string, string> | undefined): boolean {
    const dot = callee.lastIndexOf('.');
    if (dot < 0 || !LLM_METHODS.test(callee.slice(dot + 1))) return false;
    const head = callee.slice(0, dot);
    const ctor = assigns?.[head] ?? this.modules.get(file)?.instances[head];
    return !!ctor && LANGCHAIN_MODELS.test(ctor.split('.').pop()!);
  }

  /**
   * `self.reply(...)` inside a handler object built as `Handler(reply_to)` whose constructor keeps the
   * argument (`self.reply = reply`): the callee, the class it is called in, and the name passed, in `file`.
   */
  private boundArgs(file: string, ref: string | undefined, args: string[] | undefined): Bound | undefined {
    if (!ref || !args?.length) return undefined;
    const where = this.r.resolve(file, ref);
    if (!('file' in where) || !where.name) return undefined;
    const init = this.modules.get(where.file)?.functions[`${where.name}.__init__`];
    if (!init?.fields || !init.params) return undefined;
    const passed: Record<string, string> = {};
    args.forEach((a, i) => {
      const eq = a.indexOf('=');
      if (eq > 0) passed[a.slice(0, eq)] = a.slice(eq + 1);
      else if (a && init.params![i]) passed[init.params![i]] = a;
    });
    const callees: Record<string, string> = {};
    for (const [attr, param] of Object.entries(init.fields)) if (passed[param]) callees[`self.${attr}`] = passed[param];
    return Object.keys(callees).length ? { file: where.file, cls: where.name, callees, at: file } : undefined;
  }

  private reach(file: string, calls: string[], ref?: string, refArgs?: string[], cls?: string): ModelEndpoint['ai'] {
    const seen = new Set<string>();
    const bound = this.boundArgs(file, ref, refArgs);
    let visits = 0;
    const walk = (
      f: string,
      names: string[],
      cls: string | undefined,
      scope: Scope,
      depth: number,
      chain: string[],
      binding?: Binding,
    ): ModelEndpoint['ai'] => {
      const direct = names.find(isAiCall) ?? names.find((n) => this.langchainCall(f, n, scope.assigns));
      if (direct) return { call: direct, chain: [...chain, direct], file: f, line: 0 };
      if (depth >= MAX_CALL_DEPTH) return undefined;
      for (const callee of names) {
        const passed = bound && f === bound.file && cls === bound.cls ? bound.callees[callee] : undefined;
        // A method called on a field the constructor kept: the class of what this object was built with.
        const field = binding ? FIELD_CALL.exec(callee) : null;
        const kept =
          field && binding!.fields[field[1]] ? this.objectOf(binding!.at, binding!.fields[field[1]]) : undefined;
        const targets = kept
          ? [{ ...kept, name: `${kept.name}.${field![2]}` }].filter((t) => this.modules.get(t.file)?.functions[t.name])
          : passed
            ? this.target(bound!.at, passed, undefined)
            : this.target(f, callee, cls, scope);
        for (const t of targets) {
          // `this.other()` inside the object's own methods keeps what it was built with.
          const own = !t.binding && binding && /^(this|self)\.\w+$/.test(callee) ? binding : undefined;
          const next = t.binding ?? own;
          const key = `${t.file}\0${t.name}${next ? `\0${next.at}\0${JSON.stringify(next.fields)}` : ''}`;
          if (seen.has(key) || ++visits > MAX_VISITS) continue;
          seen.add(key);
          const fn = this.modules.get(t.file)!.functions[t.name];
          const label = t.file === file ? t.name : `${t.name} (${t.file})`;
          const limit = fn.limit && `${fn.limit} on ${t.name} (${t.file}:${fn.line})`;
          if (fn.ai) return { call: fn.ai, chain: [...chain, label, fn.ai], file: t.file, line: fn.line, limit };
          const found = walk(
            t.file,
            fn.calls,
            t.name.includes('.') ? t.name.split('.')[0] : undefined,
            { assigns: fn.assigns, assignArgs: fn.assignArgs, typed: fn.typed },
            depth + 1,
            [...chain, label],
            next,
          );
          // A limit decorator on a function of the chain gates every AI call below it.
          if (found) return limit && !found.limit ? { ...found, limit } : found;
        }
      }
      return undefined;
    };
    const direct = walk(file, ref ? [...calls, ref] : calls, cls, NO_SCOPE, 0, []);
    if (direct || !ref) return direct;
    // A class-based view or handler object: any of its methods may run for a request.
    const where = this.r.resolve(file, ref);
    if (!('file' in where) || !where.name) return undefined;
    const methods = Object.keys(this.modules.get(where.file)?.functions ?? {}).filter((n) =>
      n.startsWith(`${where.name}.`),
    );
    return walk(
      where.file,
      methods.map((n) => n.slice(where.name.length + 1)).map((n) => `self.${n}`),
      where.name,
      NO_SCOPE,
      0,
      [],
    );
  }
}

// Endpoint facts for one JS/TS file: Express/Fastify routes, Next.js route handlers, Telegraf commands.
import type { Node } from '../core/types';
import { findJsHandlers, type Handler } from '../syntax/handlers';
import { calleeName, descendants, dottedName, kids } from '../syntax/tree';
import { callArgs, paramNames, stringValue } from '../syntax/js';
import { AUTH_NAME, LIMIT_NAME, emptyEndpointFacts, type FileEndpointFacts, type RawEndpoint } from './endpointTypes';
import { botAllowList, handlerCalls, isMarkedPublic, lineOf, short } from './endpointText';

const FUNCTIONS = ['arrow_function', 'function_expression', 'function', 'function_declaration'];
const NEXT_AUTH =
  /\b(getServerSession|getSession|getToken|getAuth|currentUser|auth|getUser|verifyToken|validateRequest)\s*\(|jwt\.verify\(/;
const EXPRESS_AUTH =
  /\breq\.(user|auth|session\.user(Id)?)\b|\breq\.headers\.authorization\b|\breq\.(get|header)\(\s*['"](authorization|x-api-key)['"]|['"]x-api-key['"]/i;

/** The name a middleware argument goes by: `requireAuth`, `passport.authenticate`, `rateLimit`. */
function guardName(node: Node): string {
  if (node.type === 'call_expression') return calleeName(node);
  return dottedName(node) || '';
}

/** Identifiers bound to `rateLimit(...)`/`slowDown(...)` calls: `const limiter = rateLimit({...})`. */
function limiterNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const d of descendants(root, 'variable_declarator')) {
    const v = d.childForFieldName('value');
    if (
      (v?.type === 'call_expression' && LIMIT_NAME.test(calleeName(v))) ||
      (v?.type === 'call_expression' && /slowDown|RateLimit/i.test(calleeName(v)))
    )
      names.add(d.childForFieldName('name')?.text ?? '');
  }
  return names;
}

/** Module stem an identifier was imported from: `import items from './routes/items'` -> `items`. */
function importStem(root: Node, name: string): string | undefined {
  for (const imp of descendants(root, 'import_statement')) {
    const clause = kids(imp).find((k) => k.type === 'import_clause');
    if (clause && new RegExp(`\\b${name}\\b`).test(clause.text))
      return stem(stringValue(imp.childForFieldName('source')));
  }
  for (const d of descendants(root, 'variable_declarator')) {
    const v = d.childForFieldName('value');
    if (d.childForFieldName('name')?.text === name && v?.type === 'call_expression' && calleeName(v) === 'require')
      return stem(stringValue(callArgs(v)[0]));
  }
  return undefined;
}

function stem(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const last =
    source
      .replace(/\/index(\.[cm]?[jt]s)?$/, '')
      .split('/')
      .pop() ?? '';
  return last.replace(/\.[cm]?[jt]sx?$/, '') || undefined;
}

interface UseCall {
  owner: string;
  start: number;
  line: number;
  prefix: string;
  names: string[];
  args: Node[];
}

function useCalls(root: Node): UseCall[] {
  const out: UseCall[] = [];
  for (const call of descendants(root, 'call_expression')) {
    const callee = call.childForFieldName('function');
    const verb = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    if (verb !== 'use' && verb !== 'addHook' && verb !== 'register') continue;
    const args = callArgs(call);
    const prefix = stringValue(args[0]);
    const rest = prefix !== undefined ? args.slice(1) : args;
    out.push({
      owner: callee?.childForFieldName('object')?.text ?? '',
      start: call.startIndex,
      line: lineOf(call),
      prefix: verb === 'use' ? (prefix ?? '') : '',
      names: rest.map(guardName),
      args: rest,
    });
  }
  return out;
}

/** Middleware that rejects unauthenticated callers; `passport.initialize()`/`session()` only set up sessions. */
export function isAuthGuard(name: string): boolean {
  return AUTH_NAME.test(name) && !/^passport\.(initialize|session)$|^(lusca|helmet|csrf)\b|xss/i.test(name);
}

/**
 * The app or router a route hangs on: `router` in `router.get(...)` and in `router.route('/x').get(...).patch(...)`.
 */
function routeOwner(anchor: Node): string | undefined {
  let o =
    anchor.type === 'call_expression' ? anchor.childForFieldName('function')?.childForFieldName('object') : undefined;
  for (let depth = 0; o?.type === 'call_expression' && depth < 12; depth++)
    o = o.childForFieldName('function')?.childForFieldName('object');
  return o?.text;
}

/** OAuth/password sign-in middleware: the route is where users sign in, public by nature. */
const SIGN_IN = /^passport\.(authenticate|authorize)$|^oAuthLogin$/i;
/** ...unless the strategy checks a token on every request (`passport.authenticate('jwt')`). */
const TOKEN_STRATEGY = /\(\s*['"](jwt|bearer|basic|headerapikey|api-?key|session)['"]/i;

function jsGuards(
  h: Handler,
  uses: UseCall[],
  limiters: Set<string>,
): { auth?: string; rate?: string; public?: string } {
  const out: { auth?: string; rate?: string; public?: string } = {};
  // Middleware arrays (`router.post(path, [auth, limiter], handler)`) count like separate arguments.
  for (const g of h.guards.flatMap((x) => (x.type === 'array' ? kids(x) : [x]))) {
    const name = guardName(g);
    if ((LIMIT_NAME.test(name) && !/^express\.(json|urlencoded|raw|text)$/.test(name)) || limiters.has(name))
      out.rate ??= short(g.text, 60);
    else if (SIGN_IN.test(name) && !TOKEN_STRATEGY.test(g.text)) out.public ??= `sign-in route (${short(g.text, 40)})`;
    else if (isAuthGuard(name)) out.auth ??= short(g.text, 60);
  }
  const owner = routeOwner(h.anchor);
  for (const u of uses) {
    if (u.owner !== owner || u.start > h.anchor.startIndex || (u.prefix && !h.path.startsWith(u.prefix))) continue;
    const authName = u.names.find((n) => isAuthGuard(n) && !LIMIT_NAME.test(n) && !limiters.has(n));
    if (authName) out.auth ??= `${u.owner}.use(${authName}) at line ${u.line}`;
    const limit = u.names.find((n) => limiters.has(n) || /^(rateLimit|slowDown)$/.test(n));
    if (limit) out.rate ??= `${u.owner}.use(${limit}) at line ${u.line}`;
  }
  // `app.get('/auth/github', passport.authenticate('github'))`: the sign-in middleware is the whole handler.
  if (!out.auth && h.ref && SIGN_IN.test(h.ref)) out.public ??= `sign-in route (${h.ref})`;
  const body = h.fn?.text ?? '';
  if (!out.auth && h.framework === 'nextjs' && NEXT_AUTH.test(body))
    out.auth = `${NEXT_AUTH.exec(body)?.[0].replace(/\s*\($/, '()')} in the handler`;
  if (!out.auth && h.kind === 'http' && h.framework !== 'nextjs' && EXPRESS_AUTH.test(body))
    out.auth = 'checked in the handler body';
  if (!out.auth && h.kind === 'bot' && botAllowList(body)) out.auth = 'user allow-list check in the handler';
  if (!out.rate && /\b(ratelimit|rateLimiter|limiter)\.(limit|consume|check)\(/i.test(body))
    out.rate = 'limiter called in the handler';
  return out;
}

/** Middleware that is an auth library's gate: `export default auth`, `withAuth(...)`, `clerkMiddleware(...)`. */
const NEXT_AUTH_MIDDLEWARE =
  /export\s+(default\s+(auth|withAuth|clerkMiddleware|authMiddleware)\b|\{\s*auth\s+as\s+middleware\s*\})|\b(withAuth|clerkMiddleware|authMiddleware|auth\.protect|protect)\s*\(/;
const NEXT_SESSION_READ = /\b(auth|getToken|getSession|getUser|updateSession|currentUser)\b/;
/** ...or one that reads a session and turns away requests without one (redirect to sign-in or 401). */
const NEXT_REJECTS =
  /!\s*(session|token|user|data\.user|session\.user)\b[^\n]{0,80}(redirect|401|NextResponse\.rewrite)|\b(session|token|user)\s*(===|==)\s*null|status:\s*401|updateSession\s*\(/;

function appFacts(
  root: Node,
  file: string,
  text: string,
  uses: UseCall[],
  limiters: Set<string>,
  facts: FileEndpointFacts,
): void {
  for (const u of uses) {
    u.args.forEach((arg, i) => {
      if (
        (FUNCTIONS.includes(arg.type) && paramNames(arg).length === 4) ||
        /^(errorHandler|handleErrors?|errorMiddleware)$/i.test(guardName(arg))
      ) {
        facts.globalErrorHandler.push({
          framework: 'express',
          what: `${u.owner}.use(${short(arg.text, 40)})`,
          line: u.line,
        });
      }
      const name = u.names[i];
      if (!u.prefix && (limiters.has(name) || /^(rateLimit|slowDown)$/.test(name)))
        facts.appRateLimit.push({ framework: 'express', what: `${u.owner}.use(${name})`, line: u.line });
    });
    // `app.use('/api', requireAuth, apiRouter)`: the router (maybe from another file) is protected.
    const last = u.args[u.args.length - 1];
    const authName = u.names.slice(0, -1).find(isAuthGuard);
    if (authName && last?.type === 'identifier')
      facts.mounts.push({
        owner: last.text,
        module: importStem(root, last.text),
        what: `${u.owner}.use(${u.prefix ? `'${u.prefix}', ` : ''}${authName}, ${last.text})`,
        line: u.line,
        kind: 'auth',
      });
  }
  if (
    /(^|\/)(src\/)?middleware\.[cm]?[jt]s$/.test(file) &&
    (NEXT_AUTH_MIDDLEWARE.test(text) || (NEXT_SESSION_READ.test(text) && NEXT_REJECTS.test(text)))
  ) {
    facts.appAuth.push({
      framework: 'nextjs',
      what: `${file} (check that its matcher covers the API routes)`,
      line: 1,
    });
  }
}

export function jsEndpointFacts(root: Node, text: string, file: string): FileEndpointFacts {
  const facts = emptyEndpointFacts(file);
  const lines = text.split('\n');
  const uses = useCalls(root);
  const limiters = limiterNames(root);
  for (const h of findJsHandlers(root, file)) {
    const g = jsGuards(h, uses, limiters);
    const marked =
      isMarkedPublic(lines, h.whole.startPosition.row) || isMarkedPublic(lines, h.anchor.startPosition.row);
    const handled = !!h.fn && descendants(h.fn, 'try_statement').length > 0;
    const ep: RawEndpoint = {
      framework: h.framework,
      kind: h.kind,
      method: h.method,
      path: h.path,
      file,
      line: lineOf(h.anchor),
      auth: marked || (g.public && !g.auth) ? 'public' : g.auth ? 'yes' : undefined,
      authBy: marked ? 'preflight: public comment' : (g.auth ?? g.public),
      rateLimited: !!g.rate,
      rateLimitBy: g.rate,
      errors: handled ? 'handled' : h.framework === 'nextjs' ? 'framework' : undefined,
      errorsBy: handled
        ? 'try/catch in the handler'
        : h.framework === 'nextjs'
          ? 'Next.js returns a generic 500'
          : undefined,
      owner: routeOwner(h.anchor),
      markedPublic: marked || undefined,
      ref: h.ref,
      ...handlerCalls(h.fn),
    };
    facts.endpoints.push(ep);
  }
  appFacts(root, file, text, uses, limiters, facts);
  return facts;
}

// Parameters that can only ever hold a constant: every call site the workspace has passes a literal (or a
// constant the model resolves) to them, so the injection rules need not treat them as possibly user-supplied.
// Conservative by construction: a function needs at least one call site, every call site of its name must
// resolve (a call that may reach it through an object the model cannot follow keeps today's behaviour), and a
// function used as a value (a callback, a handler registration, a decorator's target) or taking `*args` is
// never constant-only. Python only (JS exports are called from code the model does not see).
import type { Resolver } from './resolve';
import type { CallArg, CallSite, FunctionFact, ModuleFacts } from './types';

type Located = { file: string; name: string };
type Target = (file: string, callee: string, cls: string | undefined, scope: Partial<FunctionFact>) => Located[];

export interface ConstantParams {
  file: string;
  /** The function's `def` line. */
  line: number;
  params: string[];
}

interface Candidate {
  file: string;
  name: string;
  fact: FunctionFact & { signature: string[] };
  sites: number;
  dynamic: Set<string>;
  broken: boolean;
}

const lastOf = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Constant-only parameters per function, over modules already known to form an app (they have an entry point). */
export function constantParams(
  modules: ReadonlyMap<string, ModuleFacts>,
  r: Resolver,
  target: Target,
): ConstantParams[] {
  const used = new Set<string>();
  for (const m of modules.values()) for (const n of m.valueRefs ?? []) used.add(n);
  const byName = new Map<string, Candidate[]>();
  const add = (key: string, c: Candidate) => {
    const list = byName.get(key);
    if (list) list.push(c);
    else byName.set(key, [c]);
  };
  for (const m of modules.values()) {
    if (m.language !== 'python') continue;
    for (const [name, fact] of Object.entries(m.functions)) {
      if (!fact.signature?.length || name === '<module>' || used.has(lastOf(name))) continue;
      const c: Candidate = {
        file: m.file,
        name,
        fact: { ...fact, signature: fact.signature },
        sites: 0,
        dynamic: new Set(),
        broken: false,
      };
      add(lastOf(name), c);
      // A constructor is called by its class's name.
      if (name.endsWith('.__init__')) add(lastOf(name.slice(0, -'.__init__'.length)), c);
    }
  }
  if (!byName.size) return [];
  for (const m of modules.values())
    for (const site of m.callSites ?? []) {
      const cands = byName.get(lastOf(site.callee));
      if (cands) visit(m, site, cands, r, target);
    }
  const out: ConstantParams[] = [];
  for (const list of byName.values())
    for (const c of list) {
      if (c.broken || !c.sites || out.some((o) => o.file === c.file && o.line === c.fact.line)) continue;
      const params = c.fact.signature.filter((p) => !c.dynamic.has(p));
      if (params.length) out.push({ file: c.file, line: c.fact.line, params });
    }
  return out;
}

function visit(m: ModuleFacts, site: CallSite, cands: Candidate[], r: Resolver, target: Target): void {
  const scope = m.functions[site.scope] ?? {};
  const cls = site.scope.includes('.') ? site.scope.slice(0, site.scope.indexOf('.')) : undefined;
  const targets = site.callee.startsWith('?.') ? [] : target(m.file, site.callee, cls, scope);
  for (const c of cands) {
    if (c.broken) continue;
    if (!targets.some((t) => t.file === c.file && t.name === c.name)) {
      // Unresolved: it may be this function, called with anything.
      if (!targets.length) c.broken = true;
      continue;
    }
    if (site.spread || unboundMethodCall(m, site.callee, c, r)) {
      c.broken = true;
      continue;
    }
    c.sites++;
    const passed = new Map<string, CallArg>();
    site.args.forEach((a, i) => {
      if (i < c.fact.signature.length) passed.set(c.fact.signature[i], a);
    });
    for (const [k, a] of Object.entries(site.keywords ?? {})) passed.set(k, a);
    for (const p of c.fact.signature) {
      const a = passed.get(p) ?? (c.fact.literalDefaults?.includes(p) ? 1 : 0);
      const constant = a === 1 || (typeof a === 'object' && typeof r.constant(m.file, a.ref) === 'string');
      if (!constant) c.dynamic.add(p);
    }
  }
}

/** `Layout.show_header(obj, "x")`: a method called through its class passes `self` first, shifting the rest. */
function unboundMethodCall(m: ModuleFacts, callee: string, c: Candidate, r: Resolver): boolean {
  const dot = callee.lastIndexOf('.');
  if (dot < 0 || !c.name.includes('.') || c.name.endsWith('.__init__')) return false;
  const head = callee.slice(0, dot);
  if (head === 'self' || head === 'cls' || head in m.instances) return false;
  const where = r.resolve(m.file, head);
  return 'file' in where && !!where.name && !!r.module(where.file)?.classes[where.name];
}

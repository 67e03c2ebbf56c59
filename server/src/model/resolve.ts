// Name resolution across modules: which file a Python module or a JS specifier is, what a dotted name
// used in one module refers to (through imports, `__init__` re-exports, default exports), and the value
// of constants and settings attributes. Bounded depth; cycles and missing modules come back as reasons.
import type { ModuleFacts, ValueExpr } from './types';

const MAX_DEPTH = 8;
const JS_EXTS = [
  '',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.jsx',
];

const JS_FILE = /\.[mc]?[jt]sx?$/;

export type Resolved = { file: string; name: string } | { unknown: string };

/** Names each module defines; facts are replaced, never mutated, so this lives as long as they do. */
const definedNames = new WeakMap<ModuleFacts, Set<string>>();

function dirOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `app/core/config.py` → `app/core/config`; `pkg/__init__.py`, `lib/index.ts` → their folder. */
function moduleKey(file: string): string {
  return file.replace(/\.[^./]+$/, '').replace(/(^|\/)(__init__|index)$/, '');
}

export class Resolver {
  /** Module index: every segment-aligned suffix of each module key (`config`, `core/config`, ...) → files. */
  private readonly bySuffix = new Map<string, string[]>();
  private readonly cache = new Map<string, string | undefined>();

  constructor(private readonly modules: ReadonlyMap<string, ModuleFacts>) {
    for (const file of modules.keys()) {
      const key = moduleKey(file);
      let from = 0;
      while (true) {
        const suffix = key.slice(from);
        const list = this.bySuffix.get(suffix);
        if (list) list.push(file);
        else this.bySuffix.set(suffix, [file]);
        const slash = key.indexOf('/', from);
        if (slash < 0) break;
        from = slash + 1;
      }
    }
  }

  module(file: string): ModuleFacts | undefined {
    return this.modules.get(file);
  }

  /** The workspace file a module name or specifier used in `from` means, if it is in the workspace. */
  moduleFile(from: string, spec: string): string | undefined {
    const key = `${from}\0${spec}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const found = this.modules.get(from)?.language === 'python' ? this.pyModule(from, spec) : this.jsModule(from, spec);
    this.cache.set(key, found);
    return found;
  }

  /** Files whose module key ends with `suffix` (segment-aligned), closest to `from` first. */
  private closest(suffix: string, from: string, python: boolean): string | undefined {
    const candidates = (this.bySuffix.get(suffix) ?? []).filter((f) => (python ? /\.py$/ : JS_FILE).test(f));
    return candidates.sort((a, b) => commonPrefix(b, from) - commonPrefix(a, from) || a.length - b.length)[0];
  }

  private pyModule(from: string, spec: string): string | undefined {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots).split('.').filter(Boolean).join('/');
    if (dots) {
      let base = dirOf(from);
      for (let i = 1; i < dots; i++) base = dirOf(base);
      const path = normalise(`${base}/${rest}`);
      return [`${path}.py`, `${path}/__init__.py`].find((p) => this.modules.has(p));
    }
    return rest ? this.closest(rest, from, true) : undefined;
  }

  private jsModule(from: string, spec: string): string | undefined {
    let base: string;
    if (spec.startsWith('.')) base = normalise(`${dirOf(from)}/${spec}`);
    else if (/^[@~#]\//.test(spec)) base = spec.slice(2);
    else return undefined; // a package
    for (const root of ['', 'src/']) {
      for (const ext of JS_EXTS) if (this.modules.has(`${root}${base}${ext}`)) return `${root}${base}${ext}`;
    }
    // An alias to some folder: match by path suffix, closest to the importer.
    return spec.startsWith('.') ? undefined : this.closest(base, from, false);
  }

  /** True when `name` (possibly `Class.attr`) is defined in the module itself. */
  defines(m: ModuleFacts, name: string): boolean {
    let names = definedNames.get(m);
    if (!names) {
      names = new Set([
        ...m.routers.map((r) => r.name),
        ...Object.keys(m.functions),
        ...Object.keys(m.constants),
        ...Object.keys(m.instances),
        ...Object.keys(m.classes ?? {}),
      ]);
      // `Class` (and `Outer.Inner`) is defined when one of its methods is.
      for (const f of Object.keys(m.functions))
        for (let dot = f.indexOf('.'); dot > 0; dot = f.indexOf('.', dot + 1)) names.add(f.slice(0, dot));
      definedNames.set(m, names);
    }
    return names.has(name);
  }

  private readonly resolved = new Map<string, Resolved>();

  /** What a dotted name used in `file` refers to: the defining module and the name there. */
  resolve(file: string, ref: string): Resolved {
    const key = `${file}\0${ref}`;
    let hit = this.resolved.get(key);
    if (!hit) this.resolved.set(key, (hit = this.resolveFrom(file, ref, 0, new Set())));
    return hit;
  }

  private resolveFrom(file: string, ref: string, depth: number, seen: Set<string>): Resolved {
    const visit = `${file}\0${ref}`;
    if (seen.has(visit)) return { unknown: `circular import of ${ref}` };
    if (depth > MAX_DEPTH) return { unknown: `import chain deeper than ${MAX_DEPTH} for ${ref}` };
    seen.add(visit);
    const m = this.modules.get(file);
    if (!m) return { unknown: `${file} is not in the workspace` };
    if (ref.startsWith('require:')) {
      const target = this.moduleFile(file, ref.slice(8));
      const t = target ? this.modules.get(target) : undefined;
      if (!t) return { unknown: `module ${ref.slice(8)} not found` };
      return t.defaultExport ? this.resolveFrom(t.file, t.defaultExport, depth + 1, seen) : { file: t.file, name: '' };
    }
    const parts = ref.split('.');
    if (this.defines(m, parts[0]) || this.defines(m, ref)) return { file, name: ref };
    for (let i = parts.length; i >= 1; i--) {
      const local = parts.slice(0, i).join('.');
      const imp = m.imports.find((x) => x.local === local);
      if (!imp) continue;
      const rest = parts.slice(i);
      if (imp.name && m.language === 'python') {
        // `from pkg import mod` names a submodule when one exists.
        const sub = this.moduleFile(file, `${imp.from}${imp.from.endsWith('.') ? '' : '.'}${imp.name}`);
        if (sub) return rest.length ? this.resolveFrom(sub, rest.join('.'), depth + 1, seen) : { file: sub, name: '' };
      }
      const target = this.moduleFile(file, imp.from);
      if (!target) return { unknown: `module ${imp.from} not found in the workspace` };
      const t = this.modules.get(target)!;
      if (!imp.name)
        return rest.length ? this.resolveFrom(target, rest.join('.'), depth + 1, seen) : { file: target, name: '' };
      const symbol = imp.name === 'default' ? t.defaultExport : imp.name;
      if (!symbol) return { unknown: `${imp.from} has no default export` };
      return this.resolveFrom(target, [symbol, ...rest].join('.'), depth + 1, seen);
    }
    const stars = m.imports.filter((x) => x.star);
    for (const s of stars) {
      const target = this.moduleFile(file, s.from);
      if (target && this.defines(this.modules.get(target)!, parts[0]))
        return this.resolveFrom(target, ref, depth + 1, seen);
    }
    if (stars.length) return { unknown: `${parts[0]} may come from a star import` };
    return { unknown: `${parts[0]} is not defined or imported in ${file}` };
  }

  /** The literal value of a constant or a settings attribute (`settings.API_V1_STR`), if it is literal. */
  constant(file: string, ref: string, depth = 0): string | { unknown: string } {
    if (depth > MAX_DEPTH) return { unknown: `constant chain too deep for ${ref}` };
    const m = this.modules.get(file);
    if (m && ref in m.constants) return m.constants[ref];
    const parts = ref.split('.');
    if (m && parts.length === 2) {
      // `settings.API_V1_STR` where `settings = Settings()` here, or `Settings.API_V1_STR` directly.
      const cls = m.instances[parts[0]] ?? parts[0];
      const where = this.resolve(file, cls);
      if ('file' in where) {
        const value = this.modules.get(where.file)?.constants[`${where.name}.${parts[1]}`];
        if (value !== undefined) return value;
      }
    }
    const where = this.resolve(file, ref);
    if ('unknown' in where || (where.file === file && where.name === ref)) {
      // `settings.api_prefix` built by a factory: one literal class attribute of that name in the workspace.
      const attr = parts.length === 2 ? this.uniqueAttribute(parts[1]) : undefined;
      if (attr !== undefined) return attr;
    }
    if ('unknown' in where) return where;
    if (where.file === file && where.name === ref) {
      if (m && parts.length === 2 && parts[0] in m.instances)
        return { unknown: `${ref} is not a literal attribute of ${m.instances[parts[0]]}` };
      return { unknown: `${ref} is not a literal constant` };
    }
    return this.constant(where.file, where.name, depth + 1);
  }

  private attributes?: Map<string, Set<string>>;

  /** The value of a class attribute written as a literal in exactly one way across the workspace. */
  private uniqueAttribute(attr: string): string | undefined {
    if (!this.attributes) {
      this.attributes = new Map();
      for (const m of this.modules.values())
        for (const [k, v] of Object.entries(m.constants)) {
          const dot = k.indexOf('.');
          if (dot < 0) continue;
          const name = k.slice(dot + 1);
          const set = this.attributes.get(name) ?? new Set();
          set.add(v);
          this.attributes.set(name, set);
        }
    }
    const values = this.attributes.get(attr);
    return values?.size === 1 ? [...values][0] : undefined;
  }

  /** A prefix expression's value, or why it is not known. */
  value(file: string, expr: ValueExpr | undefined): string | { unknown: string } {
    if (!expr) return '';
    if ('dynamic' in expr) return { unknown: `dynamic prefix ${expr.dynamic.slice(0, 60)}` };
    let out = '';
    for (const p of expr.parts) {
      if ('lit' in p) out += p.lit;
      else {
        const v = this.constant(file, p.ref);
        if (typeof v !== 'string') return v;
        out += v;
      }
    }
    return out;
  }
}

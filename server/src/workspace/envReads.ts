// Finds the environment variables a file reads (Python os.environ/getenv/BaseSettings, JS process.env, Vite).
import type { Node } from '../core/types';
import { calleeName, descendants, dottedName, kids, lastSegment } from '../syntax/tree';
import { keywordArg, positionalArgs, stringValue as pyString } from '../syntax/python';
import { stringValue as jsString } from '../syntax/js';

export interface EnvRead {
  name: string;
  /** 1-based line of the read. */
  line: number;
}

/** Variables set by the OS, the shell, CI or the framework itself: never expected in `.env.example`. */
const PROVIDED = new Set([
  'NODE_ENV',
  'PATH',
  'HOME',
  'USER',
  'USERNAME',
  'PWD',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'CI',
  'HOSTNAME',
  'LANG',
  'TZ',
  'MODE',
  'DEV',
  'PROD',
  'SSR',
  'BASE_URL',
  'NEXT_RUNTIME',
  'VERCEL',
  'VERCEL_ENV',
  'VERCEL_URL',
  'PYTHONPATH',
  'VIRTUAL_ENV',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const lineOf = (n: Node): number => n.startPosition.row + 1;

function push(out: EnvRead[], name: string | undefined, node: Node): void {
  if (name && NAME.test(name) && !PROVIDED.has(name)) out.push({ name, line: lineOf(node) });
}

// ---------- Python ----------

const PY_ENVIRON = /^(os\.)?environ$/;
// setdefault/pop/update write the environment; they are not reads the example file must document.
const PY_GETTERS = /^((os\.)?environ\.get|(os\.)?getenv)$/;

/** `os.environ["X"] = v`, `del os.environ["X"]`, `process.env.X = v`: writes, not reads. */
function isWrite(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const left = parent.childForFieldName('left');
  if ((parent.type === 'assignment' || parent.type === 'assignment_expression') && left?.startIndex === node.startIndex)
    return true;
  return parent.type === 'delete_statement' || (parent.type === 'unary_expression' && parent.text.startsWith('delete'));
}

function pythonSettingsFields(root: Node, out: EnvRead[]): void {
  for (const cls of descendants(root, 'class_definition')) {
    const supers = cls.childForFieldName('superclasses');
    if (!supers || !kids(supers).some((s) => /(^|\.)BaseSettings$/.test(dottedName(s)))) continue;
    const body = cls.childForFieldName('body');
    if (!body) continue;
    // pydantic-settings: env_prefix in `model_config = SettingsConfigDict(...)` or `class Config`.
    const prefixNode =
      descendants(body, 'keyword_argument')
        .find((k) => k.childForFieldName('name')?.text === 'env_prefix')
        ?.childForFieldName('value') ??
      descendants(body, 'assignment')
        .find((a) => a.childForFieldName('left')?.text === 'env_prefix')
        ?.childForFieldName('right');
    const prefix = pyString(prefixNode) ?? '';
    for (const stmt of kids(body)) {
      const assign = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
      if (assign?.type !== 'assignment' || !assign.childForFieldName('type')) continue;
      const field = assign.childForFieldName('left');
      if (field?.type !== 'identifier' || field.text === 'model_config' || field.text.startsWith('_')) continue;
      const value = assign.childForFieldName('right');
      const alias =
        value?.type === 'call' && lastSegment(calleeName(value)) === 'Field'
          ? (pyString(keywordArg(value, 'validation_alias')) ??
            pyString(keywordArg(value, 'alias')) ??
            pyString(keywordArg(value, 'env')))
          : undefined;
      push(out, alias ?? `${prefix}${field.text}`.toUpperCase(), field);
    }
  }
}

function pythonReads(root: Node): EnvRead[] {
  const out: EnvRead[] = [];
  for (const sub of descendants(root, 'subscript')) {
    if (PY_ENVIRON.test(dottedName(sub.childForFieldName('value'))) && !isWrite(sub))
      push(out, pyString(sub.childForFieldName('subscript')), sub);
  }
  for (const call of descendants(root, 'call')) {
    const name = calleeName(call);
    // django-environ `env("X")`/`env.str("X")` and python-decouple `config("X")` read variables too.
    if (PY_GETTERS.test(name) || /^(env(\.(str|bool|int|float|list|dict|url|db|json|path))?|config)$/.test(name)) {
      push(out, pyString(positionalArgs(call)[0]), call);
    }
  }
  pythonSettingsFields(root, out);
  return out;
}

// ---------- JavaScript / TypeScript ----------

function isEnvObject(node: Node | null | undefined): boolean {
  if (!node) return false;
  const text = node.text.replace(/\s+/g, '');
  return text === 'process.env' || text === 'import.meta.env';
}

function jsReads(root: Node): EnvRead[] {
  const out: EnvRead[] = [];
  for (const m of descendants(root, 'member_expression')) {
    if (isEnvObject(m.childForFieldName('object')) && !isWrite(m)) push(out, m.childForFieldName('property')?.text, m);
  }
  for (const s of descendants(root, 'subscript_expression')) {
    if (isEnvObject(s.childForFieldName('object')) && !isWrite(s)) push(out, jsString(s.childForFieldName('index')), s);
  }
  schemaKeys(root, out);
  for (const d of descendants(root, 'variable_declarator')) {
    const pattern = d.childForFieldName('name');
    if (pattern?.type !== 'object_pattern' || !isEnvObject(d.childForFieldName('value'))) continue;
    for (const p of kids(pattern)) {
      if (p.type === 'shorthand_property_identifier_pattern') push(out, p.text, p);
      else if (p.type === 'pair_pattern' || p.type === 'object_assignment_pattern')
        push(out, (p.childForFieldName('key') ?? kids(p)[0])?.text, p);
    }
  }
  return out;
}

/**
 * Environment schemas: `Joi.object({ PORT: Joi.number() })`, `z.object({ DATABASE_URL: z.string() })`,
 * `cleanEnv(process.env, { API_KEY: str() })`. Their UPPER_CASE keys are variables the app reads, when the
 * file validates the environment (mentions process.env or import.meta.env).
 */
function schemaKeys(root: Node, out: EnvRead[]): void {
  if (!/process\.env|import\.meta\.env/.test(root.text)) return;
  for (const call of descendants(root, 'call_expression')) {
    const callee = calleeName(call);
    if (
      !/^(Joi\.object|joi\.object|z\.object|zod\.object|cleanEnv|envalid\.cleanEnv|createEnv|yup\.object)$/.test(callee)
    )
      continue;
    const args = call.childForFieldName('arguments');
    const obj = args ? kids(args).find((k) => k.type === 'object') : undefined;
    for (const pair of obj ? kids(obj).filter((k) => k.type === 'pair') : []) {
      const key = pair.childForFieldName('key');
      const name = key?.type === 'string' ? jsString(key) : key?.text;
      if (name && /^[A-Z][A-Z0-9_]*$/.test(name)) push(out, name, pair);
    }
  }
}

/** Every environment variable read in a parsed file, in source order (duplicates kept, one per read). */
export function extractEnvReads(family: 'python' | 'js', root: Node): EnvRead[] {
  const reads = family === 'python' ? pythonReads(root) : jsReads(root);
  return reads.sort((a, b) => a.line - b.line);
}

/** Names declared in a `.env.example`-style file: `NAME=`, `export NAME=`, and commented `# NAME=` lines. */
export function declaredNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

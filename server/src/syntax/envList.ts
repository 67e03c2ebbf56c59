// The allow-list expressions fixes write in place of wildcards: a comma-separated environment variable,
// empty entries dropped, so an unset variable means "nothing allowed" (fail closed), never "everything".
import type { Node, TextEdit } from '../core/types';
import { ensurePythonImport } from './fixes';

/** Python: `[o for o in os.environ.get("CORS_ORIGINS", "").split(",") if o]` (needs `import os`). */
export function pythonEnvList(name: string, item = 'o', fallback = ''): string {
  return `[${item} for ${item} in os.environ.get("${name}", ${JSON.stringify(fallback)}).split(",") if ${item}]`;
}

/** JavaScript/TypeScript: `(process.env.CORS_ORIGINS ?? "").split(",").filter(Boolean)`. */
export function jsEnvList(name: string, fallback = ''): string {
  return `(process.env.${name} ?? ${JSON.stringify(fallback)}).split(",").filter(Boolean)`;
}

/**
 * The read a fix writes as a declaration's whole value before its `if (!NAME) throw …` line: `process.env.NAME`, in
 * TypeScript
 * `process.env.NAME ?? ""` so the declaration stays `string` under `strict` (`string | undefined` is refused
 * where the old literal was accepted); an unset or empty variable still throws at startup either way.
 */
export function jsRequiredEnv(name: string, typescript: boolean): string {
  return typescript ? `process.env.${name} ?? ""` : `process.env.${name}`;
}

const EXPLICIT_ORIGIN = /^https?:\/\/[^\s*,"'`\\]+$/;

/**
 * The exact origins a list literal names besides its wildcard, comma-joined: they become the variable's
 * default, so replacing `["https://app.example.com", "*"]` keeps the site that was listed on purpose
 * working when the variable is unset; only the wildcard goes.
 */
export function listedOrigins(list: Node): string {
  if (list.type !== 'list' && list.type !== 'array') return '';
  const origins = list.namedChildren
    .filter((c) => c?.type === 'string')
    .map((c) => /^[A-Za-z]*(["'`])(.*)\1$/s.exec(c!.text)?.[2] ?? '')
    .filter((o) => EXPLICIT_ORIGIN.test(o));
  return [...new Set(origins)].join(',');
}

/** A single header value can name one origin: the first of the list (empty when unset). */
export function pythonEnvFirst(name: string): string {
  return `os.environ.get("${name}", "").split(",")[0]`;
}

export function jsEnvFirst(name: string): string {
  return `(process.env.${name} ?? "").split(",")[0]`;
}

const osImports = new WeakMap<Node, TextEdit[]>();

/**
 * `ensurePythonImport(root, "os")`, computed once per tree: listing a module's statements crosses into
 * WebAssembly for every one, which adds up when a big file has many findings.
 */
export function pythonOsImport(root: Node): TextEdit[] {
  let edits = osImports.get(root);
  if (!edits) osImports.set(root, (edits = ensurePythonImport(root, 'os')));
  return edits;
}

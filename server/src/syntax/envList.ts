// The allow-list expressions fixes write in place of wildcards: a comma-separated environment variable,
// empty entries dropped, so an unset variable means "nothing allowed" (fail closed), never "everything".
import type { Node, TextEdit } from '../core/types';
import { ensurePythonImport } from './fixes';

/** Python: `[o for o in os.environ.get("CORS_ORIGINS", "").split(",") if o]` (needs `import os`). */
export function pythonEnvList(name: string, item = 'o'): string {
  return `[${item} for ${item} in os.environ.get("${name}", "").split(",") if ${item}]`;
}

/** JavaScript/TypeScript: `(process.env.CORS_ORIGINS ?? "").split(",").filter(Boolean)`. */
export function jsEnvList(name: string): string {
  return `(process.env.${name} ?? "").split(",").filter(Boolean)`;
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

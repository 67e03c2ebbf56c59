// The allow-list expressions fixes write in place of wildcards: a comma-separated environment variable,
// empty entries dropped, so an unset variable means "nothing allowed" (fail closed), never "everything".

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

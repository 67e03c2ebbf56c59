// Whether a JS-family file runs in the browser, where `process.env` does not exist and nothing is secret.
import type { SourceFile } from '../core/types';

const SERVER_PATH = /(^|\/)(server|api|backend|functions|lambda|scripts?|bin|cli|migrations|config)\//i;
const SERVER_FILE = /(^|\/)(route|middleware|server|app\.config|next\.config|vite\.config|nuxt\.config)\.[cm]?[jt]sx?$/;
const BROWSER_PATH = /(^|\/)(public|static|assets|www|frontend|client|browser|components|views|widgets)\//i;
const BROWSER_IMPORT = /\bfrom\s+['"](react|react-dom(\/client)?|vue|svelte|@angular\/core|jquery|preact)['"]/;
const NODE_SIGNS =
  /\brequire\s*\(|\bprocess\.(env|argv|exit)\b|\bfrom\s+['"](node:[\w/]+|fs|path|express|koa|fastify|http)['"]|['"]use server['"]/;
const DOM_SIGNS = /\b(document\.(getElementById|querySelector|createElement|body)|window\.|localStorage|navigator\.)/;

export function isBrowserCode(file: SourceFile): boolean {
  const { path, languageId, text } = file;
  if (languageId === 'vue' || languageId === 'svelte' || languageId === 'html') return true;
  if (SERVER_FILE.test(path) || /(^|\/)pages\/api\//.test(path)) return false;
  if (NODE_SIGNS.test(text)) return false;
  if (languageId === 'javascriptreact' || languageId === 'typescriptreact') return true;
  return BROWSER_PATH.test(path) || BROWSER_IMPORT.test(text) || (DOM_SIGNS.test(text) && !SERVER_PATH.test(path));
}

// Where a URL expression can point, from its constant start: a path on this site (`/users/${id}`), a fixed
// host (`https://api.example.com/v1?q=${q}`), or a link the app builds itself (`url_for(...)`, `reverse(...)`).
// Redirect and fetch rules use it so input in the path or query of a fixed target is not reported.
import type { Node } from '../core/types';
import { jsBinding, pyBinding } from './values';
import { calleeName, kids } from './tree';

/** Framework helpers that build a URL of the app's own routes from a route name. */
const INTERNAL_URL_BUILDERS = /(?:^|\.)(?:url_for|url_path_for|reverse|reverse_lazy|resolve_url|route|urlFor)$/;

function stringStart(node: Node): string | undefined {
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  // Python: prefix letters, then one or three quotes; the f-string's first `{` ends the constant part.
  const quote = /^[rRbBfFuU]*("""|'''|"|'|`)/.exec(node.text);
  if (!quote) return undefined;
  const body = node.text.slice(quote[0].length);
  const interp =
    node.type === 'template_string' ? body.indexOf('${') : /^[rRbBuU]*[fF]/.test(node.text) ? body.indexOf('{') : -1;
  return interp >= 0 ? body.slice(0, interp) : body.slice(0, Math.max(0, body.length - quote[1].length));
}

/** The constant text an expression starts with (`"https://x/" + a`, f"/u/{a}", `${base}`…), if known. */
function constantStart(node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const direct = stringStart(node);
  if (direct !== undefined) return direct;
  if (node.type === 'parenthesized_expression') return constantStart(kids(node)[0], depth + 1);
  if (
    (node.type === 'binary_operator' || node.type === 'binary_expression') &&
    node.childForFieldName('operator')?.text === '+'
  )
    return constantStart(node.childForFieldName('left'), depth + 1);
  if (node.type === 'call' && /\.format$/.test(calleeName(node)))
    return constantStart(node.childForFieldName('function')?.childForFieldName('object'), depth + 1);
  if (node.type === 'identifier') {
    const value = node.tree.rootNode.type === 'module' ? pyBinding(node, node.text) : jsBinding(node, node.text);
    return value && value.startIndex !== node.startIndex ? constantStart(value, depth + 1) : undefined;
  }
  return undefined;
}

/** A constant start that fixes the destination: a path on this site (`/x…`, not `//`) or `scheme://host/`. */
function fixedDestination(prefix: string): boolean {
  return /^\/[^/\\]/.test(prefix) || /^[a-z][a-z0-9+.-]{1,20}:\/\/[^/?#\\@]+[/?#]/i.test(prefix);
}

/** True when the URL is built by the app for its own routes (`url_for`, Django `reverse`), directly or via a name. */
function internalUrl(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 2) return false;
  if (node.type === 'call' || node.type === 'call_expression') return INTERNAL_URL_BUILDERS.test(calleeName(node));
  if (node.type === 'identifier') {
    const value = node.tree.rootNode.type === 'module' ? pyBinding(node, node.text) : jsBinding(node, node.text);
    return !!value && value.startIndex !== node.startIndex && internalUrl(value, depth + 1);
  }
  return false;
}

/** The URL cannot leave the destination the code chose: an internal link or a fixed path/host prefix. */
export function fixedTarget(node: Node | null | undefined): boolean {
  if (internalUrl(node)) return true;
  const prefix = constantStart(node);
  return prefix !== undefined && fixedDestination(prefix);
}

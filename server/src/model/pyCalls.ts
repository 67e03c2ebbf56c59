// Python call-site facts: each call with which of its arguments are constants, each function's signature, and
// the functions used as values (callbacks, registrations). The model reads them to tell a parameter that every
// caller in the workspace passes a constant to (`constantParams.ts`).
import type { Node } from '../core/types';
import { decoratorsOf, stringValue } from '../syntax/python';
import { calleeName, descendants, dottedName, kids, lastSegment } from '../syntax/tree';
import type { CallArg, CallSite, FunctionFact } from './types';

const LITERALS = new Set(['integer', 'float', 'true', 'false', 'none']);
/** Decorators that change no call: the method is still called directly, with the arguments written. */
const PLAIN_DECORATORS = /^(staticmethod|classmethod)$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

function literal(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (LITERALS.has(node.type)) return true;
  if (node.type === 'string') return stringValue(node) !== undefined;
  if (node.type === 'concatenated_string' || node.type === 'parenthesized_expression') return kids(node).every(literal);
  return false;
}

/** Whether `name` is a parameter of a function around `use` (then no module constant is meant). */
function isParameter(use: Node, name: string): boolean {
  for (let p = use.parent; p; p = p.parent) {
    if (p.type !== 'function_definition' && p.type !== 'lambda') continue;
    const list = p.childForFieldName('parameters');
    if (list && new RegExp(`\\b${name}\\b`).test(list.text)) return true;
  }
  return false;
}

/**
 * An argument's constness: a literal, a constant's name the model may resolve (`MAX_ROWS`, `settings.TITLE`:
 * written as constants are, in capitals), or anything else (a variable may be assigned anything later).
 */
function argOf(node: Node): CallArg {
  if (literal(node)) return 1;
  if (node.type !== 'identifier' && node.type !== 'attribute') return 0;
  const ref = dottedName(node);
  if (!ref || !CONSTANT_NAME.test(lastSegment(ref)) || ref.startsWith('self.')) return 0;
  return isParameter(node, ref.split('.')[0]) ? 0 : { ref };
}

/**
 * The qualified name of the function each call is written in (`Class.method`), `<module>` at the top level:
 * one sweep over offsets (calls and functions come in document order), not a walk up from every call.
 */
function scopesOf(root: Node, calls: readonly Node[]): string[] {
  const fns = descendants(root, 'function_definition').map((fn) => {
    const name = fn.childForFieldName('name')?.text ?? '';
    const outer = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    const cls = outer.parent?.type === 'block' ? outer.parent.parent : undefined;
    const qualified = cls?.type === 'class_definition' ? `${cls.childForFieldName('name')?.text ?? ''}.${name}` : name;
    return { start: fn.startIndex, end: fn.endIndex, qualified };
  });
  const open: typeof fns = [];
  let next = 0;
  return calls.map((call) => {
    const at = call.startIndex;
    while (next < fns.length && fns[next].start <= at) open.push(fns[next++]);
    while (open.length && open[open.length - 1].end <= at) open.pop();
    return open.length ? open[open.length - 1].qualified : '<module>';
  });
}

/** Last names of functions a value expression may hold (`handler`, `views.index`, `[a, b]`, `{"k": f}`). */
function addRefs(node: Node | null | undefined, into: Set<string>, depth = 0): void {
  if (!node || depth > 2) return;
  if (node.type === 'identifier' || node.type === 'attribute') {
    const last = lastSegment(dottedName(node) || node.text);
    if (last) into.add(last);
  } else if (/^(list|tuple|set|dictionary|pair|expression_list|parenthesized_expression)$/.test(node.type)) {
    for (const k of kids(node)) addRefs(node.type === 'pair' ? node.childForFieldName('value') : k, into, depth + 1);
  } else if (node.type === 'keyword_argument') addRefs(node.childForFieldName('value'), into, depth + 1);
}

/** Every call in the module (decorators, defaults and class bodies included) and the functions used as values. */
export function pythonCallFacts(root: Node): { callSites: CallSite[]; valueRefs: string[] } {
  const callSites: CallSite[] = [];
  const refs = new Set<string>();
  const calls = descendants(root, 'call');
  const scopes = scopesOf(root, calls);
  calls.forEach((call, i) => {
    const fn = call.childForFieldName('function');
    const name = calleeName(call);
    const called = name || (fn?.type === 'attribute' ? `?.${fn.childForFieldName('attribute')?.text ?? ''}` : '');
    const site: CallSite = { callee: called, scope: scopes[i], args: [] };
    const list = call.childForFieldName('arguments');
    for (const a of list?.type === 'argument_list' ? kids(list) : list ? [list] : []) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const key = a.childForFieldName('name')?.text ?? '';
        const value = a.childForFieldName('value');
        (site.keywords ??= {})[key] = value ? argOf(value) : 0;
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') site.spread = true;
      else site.args.push(list?.type === 'argument_list' ? argOf(a) : 0); // a generator argument
      addRefs(a, refs);
    }
    if (called) callSites.push(site);
  });
  for (const a of descendants(root, 'assignment')) addRefs(a.childForFieldName('right'), refs);
  for (const r of descendants(root, 'return_statement')) for (const k of kids(r)) addRefs(k, refs);
  return { callSites, valueRefs: [...refs] };
}

/**
 * A function's parameters for binding call-site arguments; none when a call site cannot show what it receives:
 * `*args`/`**kwargs`, or a decorator (a route, a registration, a wrapper that calls it with other arguments).
 */
export function signatureFacts(fn: Node): Pick<FunctionFact, 'signature' | 'literalDefaults'> {
  if (decoratorsOf(fn).some((d) => !PLAIN_DECORATORS.test(d.text.slice(1).trim()))) return {};
  const signature: string[] = [];
  const defaults: string[] = [];
  const list = fn.childForFieldName('parameters');
  for (const p of list ? kids(list) : []) {
    if (p.type === 'keyword_separator' || p.type === 'positional_separator' || p.type === ',') continue;
    const named = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? kids(p)[0] : p.childForFieldName('name');
    if (named?.type !== 'identifier') return {}; // a splat
    signature.push(named.text);
    if (literal(p.childForFieldName('value'))) defaults.push(named.text);
  }
  const bound = signature[0] === 'self' || signature[0] === 'cls';
  if (bound) signature.shift();
  const out: Pick<FunctionFact, 'signature' | 'literalDefaults'> = { signature };
  if (defaults.length) out.literalDefaults = defaults;
  return out;
}

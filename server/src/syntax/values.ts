// Decides whether an expression can carry attacker-controlled markup: constants, numbers and values that
// went through a sanitiser/escaper are inert; everything else is "dynamic". Local single assignments are
// followed (`const clean = DOMPurify.sanitize(x); el.innerHTML = clean`) so the common safe shapes stay quiet.
import type { Node } from '../core/types';
import { calleeName, escapeRegExp, kids, lastSegment } from './tree';
import { isConstant as pyIsConstant, keywordArg } from './python';
import { isConstant as jsIsConstant } from './js';
import { perTree } from './memo';

const MAX_DEPTH = 4;

// Escapers and sanitisers whose output is safe to insert as HTML (by callee's last name segment).
const JS_SANITIZERS = new Set([
  'sanitize',
  'sanitizeHtml',
  'sanitizeHTML',
  'escapeHtml',
  'escapeHTML',
  'htmlEscape',
  'escape',
  'filterXSS',
  'encodeHTML',
  'createHTML',
  'xss',
  'encode',
]);
const JS_ENCODERS = new Set(['encodeURIComponent', 'encodeURI', 'btoa']);
const JS_NUMERIC_CALLS = new Set([
  'Number',
  'parseInt',
  'parseFloat',
  'toFixed',
  'toPrecision',
  'round',
  'floor',
  'ceil',
  'abs',
  'min',
  'max',
]);
const PY_SANITIZERS = new Set([
  'escape',
  'clean',
  'sanitize',
  'sanitize_html',
  'escape_html',
  'conditional_escape',
  'format_html',
  'render_template',
  'strip_tags',
  'quote',
]);
// Outputs that cannot hold markup: base64/hex/url-encoding, pandas' escaped tables, ids.
const PY_ENCODERS = new Set([
  'b64encode',
  'urlsafe_b64encode',
  'hexdigest',
  'quote_plus',
  'urlencode',
  'uuid4',
  'to_html',
]);
const PY_STRING_METHODS = new Set(['decode', 'upper', 'lower', 'strip', 'title']);
const PY_NUMERIC_CALLS = new Set(['int', 'float', 'len', 'round', 'abs', 'min', 'max', 'sum', 'bool']);

/** UPPER_CASE names are constants by convention (e.g. `from styles import CSS`). */
export function constantName(node: Node): boolean {
  return /^[A-Z][A-Z0-9_]+$/.test(node.text);
}

// ---------- JavaScript / TypeScript ----------

function jsSanitizerCall(call: Node): boolean {
  const name = calleeName(call);
  // `DOMPurify(window).sanitize(x)` has no plain dotted name: judge the method.
  const last = lastSegment(name) || (call.childForFieldName('function')?.childForFieldName('property')?.text ?? '');
  if (last === 'encode' || last === 'xss') return name === 'he.encode' || name === 'xss';
  return JS_SANITIZERS.has(last);
}

/** The initialiser of a local `const`/`let` binding of `name` visible from `use`, if it is never reassigned. */
interface JsDeclaration {
  value?: Node;
  isConst: boolean;
  start: number;
  typed?: string;
}

/** Declarations made directly in a block (first one per name), computed once per block. */
function jsDeclarations(scope: Node): Map<string, JsDeclaration> {
  return perTree(scope, `jsdecl:${scope.id}`, () => {
    const found = new Map<string, JsDeclaration>();
    for (const stmt of kids(scope)) {
      const decl = stmt.type === 'export_statement' ? stmt.childForFieldName('declaration') : stmt;
      if (!decl || (decl.type !== 'lexical_declaration' && decl.type !== 'variable_declaration')) continue;
      for (const d of kids(decl)) {
        const name = d.type === 'variable_declarator' ? d.childForFieldName('name')?.text : undefined;
        if (name && !found.has(name))
          found.set(name, {
            value: d.childForFieldName('value') ?? undefined,
            isConst: decl.text.startsWith('const'),
            start: stmt.startIndex,
            typed: d.childForFieldName('type')?.text,
          });
      }
    }
    return found;
  });
}

export function jsBinding(use: Node, name: string): Node | undefined {
  for (let scope = use.parent; scope; scope = scope.parent) {
    if (scope.type !== 'statement_block' && scope.type !== 'program' && scope.type !== 'class_body') continue;
    const decl = jsDeclarations(scope).get(name);
    if (!decl || decl.start > use.startIndex) continue;
    return decl.isConst || !jsReassigned(scope, name) ? decl.value : undefined;
  }
  return undefined;
}

/** Names assigned (=, +=, ++) anywhere inside a node, computed once per node. */
function jsReassigned(scope: Node, name: string): boolean {
  return perTree(scope, `jsassign:${scope.id}`, () => {
    const names = new Set<string>();
    for (const a of scope.descendantsOfType([
      'assignment_expression',
      'augmented_assignment_expression',
      'update_expression',
    ])) {
      const target = a?.childForFieldName('left') ?? a?.childForFieldName('argument');
      if (target?.type === 'identifier') names.add(target.text);
    }
    return names;
  }).has(name);
}

const SCALAR_TYPES = /^:\s*(number|boolean|bigint)$/;

/** TypeScript: a parameter or variable declared `number`/`boolean` cannot carry markup. */
export function jsScalarTyped(use: Node): boolean {
  for (let p = use.parent; p; p = p.parent) {
    const params = p.childForFieldName('parameters');
    for (const param of params ? kids(params) : []) {
      if (param.childForFieldName('pattern')?.text === use.text)
        return SCALAR_TYPES.test(param.childForFieldName('type')?.text ?? '');
    }
    if (p.type === 'statement_block' || p.type === 'program') {
      const decl = jsDeclarations(p).get(use.text);
      if (decl) return SCALAR_TYPES.test(decl.typed ?? '');
    }
  }
  return false;
}

const PY_SCALAR_TYPES = /^(int|float|bool)$/;

/**
 * Python: a parameter annotated `int`/`float`/`bool` (`def stats(days: int = 7)`) that the function never binds
 * again: a number cannot carry a quote or markup. The annotation is not enforced, so any later assignment,
 * loop or `with` target of the name in the body makes it unknown again.
 */
export function pyScalarTyped(use: Node): boolean {
  for (let fn = use.parent; fn; fn = fn.parent) {
    if (fn.type !== 'function_definition') continue;
    const params = fn.childForFieldName('parameters');
    const param = (params ? kids(params) : []).find(
      (p) =>
        (p.type === 'typed_parameter' || p.type === 'typed_default_parameter') &&
        (p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier'))?.text === use.text,
    );
    if (!param) continue;
    if (!PY_SCALAR_TYPES.test(param.childForFieldName('type')?.text ?? '')) return false;
    const name = escapeRegExp(use.text);
    const assigned = `(?<![\\w.])${name}\\s*(?:[-+*/%|&]?=(?!=)|:[^=\\n]*=)`;
    const looped = `\\bfor\\s+[^:\\n]*\\b${name}\\b[^:\\n]*\\bin\\b`;
    const rebound = new RegExp(`${assigned}|${looped}|\\bas\\s+${name}\\b`);
    return !rebound.test(fn.childForFieldName('body')?.text ?? '');
  }
  return false;
}

/** `import icon from './icon.svg?raw'`: markup shipped with the app, not input. */
function jsAssetImport(use: Node): boolean {
  return perTree(use, 'jsassets', () => {
    const names = new Set<string>();
    for (const stmt of kids(use.tree.rootNode)) {
      if (stmt.type !== 'import_statement') continue;
      const source = stmt.childForFieldName('source')?.text.slice(1, -1) ?? '';
      if (!/(\.(svg|html?|md)(\?raw)?|\?raw)$/.test(source)) continue;
      const clause = kids(stmt).find((c) => c.type === 'import_clause');
      for (const i of clause ? clause.descendantsOfType('identifier') : []) if (i) names.add(i.text);
    }
    return names;
  }).has(use.text);
}

export function jsReassignedAnywhere(node: Node): boolean {
  return jsReassigned(node.tree.rootNode, node.text);
}

/** True when the expression cannot carry markup from outside the program. */
export function jsIsSafeHtml(node: Node | null | undefined, depth = 0): boolean {
  if (!node) return true;
  if (depth > MAX_DEPTH) return false;
  if (jsIsConstant(node)) return true;
  const next = (n: Node | null | undefined) => jsIsSafeHtml(n, depth + 1);
  switch (node.type) {
    case 'number':
    case 'undefined':
      return true;
    case 'parenthesized_expression':
      return kids(node).every(next);
    case 'template_string':
      return kids(node)
        .filter((c) => c.type === 'template_substitution')
        .every((s) => kids(s).every(next));
    case 'binary_expression':
      return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
    case 'ternary_expression':
      return next(node.childForFieldName('consequence')) && next(node.childForFieldName('alternative'));
    case 'unary_expression':
      return (
        node.text.startsWith('typeof') ||
        node.text.startsWith('+') ||
        node.text.startsWith('-') ||
        node.text.startsWith('!')
      );
    case 'as_expression':
    case 'satisfies_expression':
    case 'non_null_expression':
      return next(kids(node)[0]);
    case 'call_expression': {
      // A sanitizer anywhere in the value (`DOMPurify.sanitize(x).trim()`, `wrap(DOMPurify.sanitize(x))`)
      // shows the author meant to clean it: reported noise there teaches people to ignore the rule.
      if (jsSanitizerCall(node) || node.descendantsOfType('call_expression').some((c) => !!c && jsSanitizerCall(c)))
        return true;
      const name = calleeName(node);
      // `useMemo(() => DOMPurify.sanitize(html), [html])`: the memoised value is what the callback returns.
      if (name === 'useMemo' || name === 'React.useMemo') {
        const callback = kids(node.childForFieldName('arguments') ?? node)[0];
        const body = callback?.type === 'arrow_function' ? callback.childForFieldName('body') : undefined;
        return !!body && body.type !== 'statement_block' && next(body);
      }
      if (JS_ENCODERS.has(name)) return true;
      return (
        JS_NUMERIC_CALLS.has(lastSegment(name)) &&
        (name.startsWith('Math.') || !name.includes('.') || lastSegment(name).startsWith('to'))
      );
    }
    case 'member_expression': {
      const prop = node.childForFieldName('property')?.text ?? '';
      // Lengths are numbers; reading back a node's own markup re-inserts what the page already holds.
      return prop === 'length' || prop === 'innerHTML' || prop === 'outerHTML';
    }
    case 'identifier': {
      if (node.text === 'undefined' || jsScalarTyped(node) || jsAssetImport(node)) return true;
      const value = jsBinding(node, node.text);
      return value !== undefined ? next(value) : constantName(node) && !jsReassignedAnywhere(node);
    }
    default:
      return false;
  }
}

// ---------- Python ----------

/**
 * The function or module around `node`; the tree's root when there is neither. A badly broken file can have
 * an ERROR node as its root, so the root (not the type "module") is what ends a walk up the scopes.
 */
function pyScope(node: Node): Node {
  let p = node.parent;
  for (; p?.parent; p = p.parent) if (p.type === 'function_definition' || p.type === 'module') return p;
  return p ?? node;
}

function pyParamNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  return kids(params).map(
    (p) =>
      (p.type === 'identifier' ? p : (p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier')))
        ?.text ?? '',
  );
}

interface PyNameBindings {
  assigns: Node[];
  other: boolean;
}

/** Every name bound directly in `scope` (nested functions excluded), indexed once per scope. */
function pyBindings(scope: Node): Map<string, PyNameBindings> {
  return perTree(scope, `pybind:${scope.id}`, () => {
    const index = new Map<string, PyNameBindings>();
    const entry = (name: string) => {
      let e = index.get(name);
      if (!e) index.set(name, (e = { assigns: [], other: false }));
      return e;
    };
    const markAll = (target: Node | null | undefined) => {
      if (!target) return;
      if (target.type === 'identifier') entry(target.text).other = true;
      for (const i of target.descendantsOfType('identifier')) if (i) entry(i.text).other = true;
    };
    for (const a of scope.descendantsOfType([
      'assignment',
      'augmented_assignment',
      'for_statement',
      'with_item',
      'named_expression',
    ])) {
      if (!a || pyScope(a).id !== scope.id) continue;
      if (a.type === 'assignment') {
        const left = a.childForFieldName('left');
        if (left?.type === 'identifier') entry(left.text).assigns.push(a);
        else markAll(left);
      } else if (a.type === 'with_item') {
        for (const t of a.descendantsOfType('as_pattern_target')) markAll(t);
      } else {
        markAll(a.childForFieldName('left') ?? a.childForFieldName('name'));
      }
    }
    return index;
  });
}

/** Assignments to `name` made directly in `scope` (nested functions excluded). */
function pyAssignments(scope: Node, name: string): { single?: Node; other: boolean } {
  const e = pyBindings(scope).get(name);
  if (!e) return { other: false };
  return { single: e.assigns.length === 1 ? e.assigns[0] : undefined, other: e.other || e.assigns.length > 1 };
}

export function pyBinding(use: Node, name: string): Node | undefined {
  for (let scope: Node | undefined = pyScope(use); scope; scope = scope.parent ? pyScope(scope) : undefined) {
    if (scope.type === 'function_definition' && pyParamNames(scope).includes(name)) return undefined;
    const { single, other } = pyAssignments(scope, name);
    if (other) return undefined;
    if (single)
      return single.startIndex < use.startIndex || !scope.parent
        ? (single.childForFieldName('right') ?? undefined)
        : undefined;
  }
  return undefined;
}

export function pyAssignedAnywhere(node: Node): boolean {
  return perTree(node, 'pyassigned', () => {
    const names = new Set<string>();
    for (const a of node.tree.rootNode.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      if (left) names.add(left.text);
    }
    return names;
  }).has(node.text);
}

/** `open(...)`/`Path(...)` of a path not taken from the request or a Streamlit widget. */
function opensProjectFile(call: Node | null | undefined): boolean {
  if (call?.type !== 'call' || !/^(open|Path|pathlib\.Path|io\.open)$/.test(calleeName(call))) return false;
  const first = kids(call.childForFieldName('arguments') ?? call)[0];
  return !!first && !/\b(request|st\.|input\(|args|form|params)/.test(first.text);
}

/**
 * `Path("style.css").read_text()`, `open(name).read()`, `with open(name) as f: f.read()`: the app's own
 * files (the classic Streamlit CSS loader), not user input.
 */
export function readsProjectFile(object: Node | null): boolean {
  if (!object) return false;
  if (object.type === 'call') return opensProjectFile(object);
  if (object.type !== 'identifier') return false;
  for (let p = object.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const item of p.descendantsOfType('as_pattern')) {
      const target = item ? kids(item).find((k) => k.type === 'as_pattern_target') : undefined;
      if (item && target?.text === object.text) return opensProjectFile(kids(item)[0]);
    }
  }
  return false;
}

export function pyNumericFormat(interp: Node): boolean {
  const spec = kids(interp).find((c) => c.type === 'format_specifier')?.text ?? '';
  return /[dfeEgGxXob%n]$/.test(spec.trim());
}

/**
 * Whether the project model knows that every caller passes a constant to parameter `name` of function `fn`
 * (`HandlerFacts.constantParams`, read by the rule from `AnalyzeOptions.handlerFacts`).
 */
export type ConstantParam = (fn: Node, name: string) => boolean;

/** A parameter read as is (never assigned in its function) that every caller passes a constant to. */
function pyConstantParam(use: Node, known: ConstantParam | undefined): boolean {
  if (!known) return false;
  for (let p = use.parent; p; p = p.parent) {
    if (p.type !== 'function_definition') continue;
    if (!pyParamNames(p).includes(use.text)) continue;
    const { single, other } = pyAssignments(p, use.text);
    return !single && !other && known(p, use.text);
  }
  return false;
}

/** `{expr}` in an f-string: safe when numeric-formatted or when the expression is safe. */
export function pyInterpolationIsSafe(interp: Node, depth = 0, known?: ConstantParam): boolean {
  return (
    pyNumericFormat(interp) || pyIsSafeHtml(interp.childForFieldName('expression') ?? kids(interp)[0], depth, known)
  );
}

/** True when the Python expression cannot carry markup from outside the program. */
export function pyIsSafeHtml(node: Node | null | undefined, depth = 0, known?: ConstantParam): boolean {
  if (!node) return true;
  if (depth > MAX_DEPTH) return false;
  if (pyIsConstant(node)) return true;
  const next = (n: Node | null | undefined) => pyIsSafeHtml(n, depth + 1, known);
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'none':
    case 'true':
    case 'false':
      return true;
    case 'parenthesized_expression':
      return kids(node).every(next);
    case 'string':
      return kids(node)
        .filter((c) => c.type === 'interpolation')
        .every((i) => pyInterpolationIsSafe(i, depth + 1, known));
    case 'concatenated_string':
      return kids(node).every(next);
    case 'binary_operator':
      return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
    case 'conditional_expression':
      return kids(node).every(next);
    case 'call': {
      const name = calleeName(node);
      const last = lastSegment(name);
      if (PY_NUMERIC_CALLS.has(name)) return true;
      if (PY_ENCODERS.has(last)) return last !== 'to_html' || keywordArg(node, 'escape')?.type !== 'false';
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && PY_STRING_METHODS.has(fn.childForFieldName('attribute')?.text ?? ''))
        return next(fn.childForFieldName('object'));
      if (fn?.type === 'attribute' && /^(read_text|read)$/.test(fn.childForFieldName('attribute')?.text ?? ''))
        return readsProjectFile(fn.childForFieldName('object'));
      if (PY_SANITIZERS.has(last)) return last !== 'clean' || /^(bleach|nh3)\./.test(name) || name === 'clean';
      return false;
    }
    case 'identifier': {
      const value = pyBinding(node, node.text);
      if (value !== undefined) return next(value);
      return (constantName(node) && !pyAssignedAnywhere(node)) || pyConstantParam(node, known);
    }
    default:
      return false;
  }
}

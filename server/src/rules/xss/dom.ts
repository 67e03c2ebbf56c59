// xss-sink, JS/TS side: DOM HTML sinks, document.write, jQuery .html(), React dangerouslySetInnerHTML.
import type { Fix, Node, TreeContext } from '../../core/types';
import { calleeName, kids, nodesAt } from '../../syntax/tree';
import { callArgs, objectPair, stringValue } from '../../syntax/js';
import { jsBinding, jsIsSafeHtml } from '../../syntax/values';
import { perTree } from '../../syntax/memo';

const HTML_PROPS = new Set(['innerHTML', 'outerHTML']);

/** How to call DOMPurify in this file, when the file already has it: `DOMPurify.sanitize` or `sanitize`. */
export function domPurifyCall(root: Node, text: string): string | undefined {
  return perTree(root, 'dompurify', () => findDomPurify(root, text));
}

function findDomPurify(root: Node, text: string): string | undefined {
  // Text gate: walking every statement and declarator is only worth it when DOMPurify is mentioned.
  if (!/dompurify/i.test(text)) return undefined;
  for (const stmt of kids(root)) {
    if (stmt.type === 'import_statement') {
      const source = stringValue(stmt.childForFieldName('source'));
      if (source !== 'dompurify' && source !== 'isomorphic-dompurify') continue;
      const clause = kids(stmt).find((c) => c.type === 'import_clause');
      for (const c of clause ? kids(clause) : []) {
        if (c.type === 'identifier') return `${c.text}.sanitize`;
        if (c.type === 'namespace_import') return `${kids(c)[0]?.text ?? 'DOMPurify'}.sanitize`;
        if (c.type === 'named_imports') {
          const spec = kids(c).find((s) => s.childForFieldName('name')?.text === 'sanitize');
          if (spec) return spec.childForFieldName('alias')?.text ?? 'sanitize';
        }
      }
    }
  }
  for (const d of root.descendantsOfType('variable_declarator')) {
    const value = d?.childForFieldName('value');
    const name = d?.childForFieldName('name');
    if (!value || name?.type !== 'identifier' || value.type !== 'call_expression') continue;
    const callee = calleeName(value);
    const arg = stringValue(callArgs(value)[0]);
    if (
      (callee === 'require' && (arg === 'dompurify' || arg === 'isomorphic-dompurify')) ||
      callee === 'createDOMPurify'
    )
      return `${name.text}.sanitize`;
  }
  // Loaded by a <script> tag: the global is used elsewhere in the file.
  return /\bDOMPurify\.sanitize\s*\(/.test(text) ? 'DOMPurify.sanitize' : undefined;
}

/** Markup built in place (`<li>${x}</li>`, `'<b>' + x`): switching to text would show the tags. */
export function buildsMarkup(node: Node): boolean {
  if (node.type === 'template_string')
    return kids(node).some((c) => c.type === 'string_fragment' && c.text.includes('<'));
  if (node.type === 'binary_expression')
    return [node.childForFieldName('left'), node.childForFieldName('right')].some(
      (c) => c && (buildsMarkup(c) || (c.type === 'string' && c.text.includes('<'))),
    );
  if (node.type === 'parenthesized_expression') return kids(node).some(buildsMarkup);
  if (node.type === 'call_expression')
    return (
      /(^|\.)(marked|parse|render|renderMarkdown|markdown|toHTML|toHtml|makeHtml|map|join)$/.test(calleeName(node)) ||
      /\.(map|join)\s*\(/.test(node.text)
    );
  return false;
}

interface SinkFixes {
  /** Replacement for the sink name that inserts text instead (`textContent`, `insertAdjacentText`, `text`). */
  textName?: { node: Node; newText: string; label: string };
  value: Node;
}

function fixesFor(ctx: TreeContext, sink: SinkFixes): Fix[] {
  const purify = domPurifyCall(ctx.root, ctx.text);
  const markup = buildsMarkup(sink.value);
  const fixes: Fix[] = [];
  if (sink.textName) {
    fixes.push({
      title: `Use ${sink.textName.label} (inserts text, not HTML)`,
      preferred: !markup,
      edits: [
        { start: sink.textName.node.startIndex, end: sink.textName.node.endIndex, newText: sink.textName.newText },
      ],
    });
  }
  if (purify) {
    fixes.push({
      title: `Sanitize the value with ${purify}(...)`,
      preferred: markup || !sink.textName,
      edits: [{ start: sink.value.startIndex, end: sink.value.endIndex, newText: `${purify}(${sink.value.text})` }],
    });
  }
  return fixes;
}

function report(ctx: TreeContext, at: Node, what: string, sink: SinkFixes): void {
  ctx.report({
    start: at.startIndex,
    end: at.endIndex,
    message: `${what} receives a dynamic value: if any part of it comes from a user (URL, form, API, database), their markup and scripts run in the page (XSS). Insert it as text, or sanitize it (DOMPurify.sanitize) first.`,
    fixes: fixesFor(ctx, sink),
  });
}

function checkAssignment(ctx: TreeContext, assign: Node): void {
  const left = assign.childForFieldName('left');
  const right = assign.childForFieldName('right');
  if (left?.type !== 'member_expression' || !right) return;
  if (assign.type === 'augmented_assignment_expression' && assign.childForFieldName('operator')?.text !== '+=') return;
  const prop = left.childForFieldName('property');
  if (!prop || !HTML_PROPS.has(prop.text) || jsIsSafeHtml(right)) return;
  // outerHTML replaces the element itself: textContent would change what is replaced, so no text fix.
  const textName = prop.text === 'innerHTML' ? { node: prop, newText: 'textContent', label: 'textContent' } : undefined;
  report(ctx, prop, prop.text, { textName, value: right });
}

/** `$(...)...html(x)` / `jQuery(...).html(x)` / `$el.html(x)`: the receiver chain starts at jQuery. */
function isJQueryChain(node: Node | null): boolean {
  for (let n = node; n;) {
    if (n.type === 'identifier') return n.text === '$' || n.text === 'jQuery' || /^\$[A-Za-z_]\w*$/.test(n.text);
    if (n.type === 'call_expression') n = n.childForFieldName('function');
    else if (n.type === 'member_expression') n = n.childForFieldName('object');
    else return false;
  }
  return false;
}

function checkCall(ctx: TreeContext, call: Node): void {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return;
  const prop = callee.childForFieldName('property');
  if (!prop) return;
  const args = callArgs(call);
  const name = calleeName(call);
  if (prop.text === 'insertAdjacentHTML' && args.length === 2 && !jsIsSafeHtml(args[1])) {
    report(ctx, prop, 'insertAdjacentHTML()', {
      textName: { node: prop, newText: 'insertAdjacentText', label: 'insertAdjacentText' },
      value: args[1],
    });
  } else if ((prop.text === 'write' || prop.text === 'writeln') && /^(window\.)?document\.writel?n?$/.test(name)) {
    const bad = args.find((a) => !jsIsSafeHtml(a));
    if (bad) report(ctx, prop, `document.${prop.text}()`, { value: bad });
  } else if (
    prop.text === 'html' &&
    args.length === 1 &&
    isJQueryChain(callee.childForFieldName('object')) &&
    args[0].type !== 'arrow_function' &&
    args[0].type !== 'function_expression' &&
    !jsIsSafeHtml(args[0])
  ) {
    report(ctx, prop, 'jQuery .html()', {
      textName: { node: prop, newText: 'text', label: 'jQuery .text()' },
      value: args[0],
    });
  }
}

function checkJsxAttribute(ctx: TreeContext, attr: Node): void {
  const name = kids(attr)[0];
  if (name?.text !== 'dangerouslySetInnerHTML') return;
  const expr = kids(attr).find((c) => c.type === 'jsx_expression');
  const inner = expr ? kids(expr)[0] : undefined;
  if (!inner) return;
  const literal = inner.type === 'identifier' ? jsBinding(inner, inner.text) : inner;
  if (literal?.type === 'object') {
    const value = objectPair(literal, '__html')?.childForFieldName('value');
    if (!value || jsIsSafeHtml(value)) return;
    report(ctx, name, 'dangerouslySetInnerHTML', { value });
  } else {
    // `dangerouslySetInnerHTML={createMarkup()}`: the object is built elsewhere, so no automatic fix.
    ctx.report({
      start: name.startIndex,
      end: name.endIndex,
      message:
        'dangerouslySetInnerHTML receives a dynamic value: unless its __html went through a sanitizer (DOMPurify.sanitize), user-supplied markup runs in the page (XSS).',
    });
  }
}

// Candidates from the text (the tree confirms): HTML-property assignments, sink calls, the React prop.
const HTML_ASSIGNMENT = /\.\s*(?:innerHTML|outerHTML)\s*\+?=/g;
const SINK_CALLS = /\.\s*(?<at>insertAdjacentHTML|write|writeln|html)\s*\(/g;
const REACT_PROP = /\bdangerouslySetInnerHTML\b/g;

export function checkDom(ctx: TreeContext): void {
  for (const a of nodesAt(
    ctx.root,
    ctx.text,
    HTML_ASSIGNMENT,
    ['assignment_expression', 'augmented_assignment_expression'],
    3,
  ))
    checkAssignment(ctx, a);
  for (const c of nodesAt(ctx.root, ctx.text, SINK_CALLS, 'call_expression', 3)) checkCall(ctx, c);
  if (ctx.file.languageId !== 'typescript' && ctx.file.languageId !== 'vue')
    for (const a of nodesAt(ctx.root, ctx.text, REACT_PROP, 'jsx_attribute', 2)) checkJsxAttribute(ctx, a);
}

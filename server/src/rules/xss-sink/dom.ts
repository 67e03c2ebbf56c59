// xss-sink, JS/TS side: DOM HTML sinks, document.write, jQuery .html(), React dangerouslySetInnerHTML.
import type { Fix, Node, TextEdit, TreeContext } from '../../core/types';
import { taintFor } from '../../syntax/scopes';
import { jsPlainText, ownActiveMarkup } from './plain';
import { calleeName, kids, nodesAt } from '../../syntax/tree';
import { callArgs, objectPair, stringValue } from '../../syntax/js';
import { jsBinding, jsIsSafeHtml } from '../../syntax/values';
import { perTree } from '../../syntax/memo';

const HTML_PROPS = new Set(['innerHTML', 'outerHTML']);

/** How to call DOMPurify in this file, when the file already has it: `DOMPurify.sanitize` or `sanitize`. */
function domPurifyCall(root: Node, text: string): string | undefined {
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
function buildsMarkup(node: Node): boolean {
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

/** The project depends on DOMPurify and this file is an ES module: an import can be added. */
function addableDomPurify(ctx: TreeContext): TextEdit[] | undefined {
  const pkg = ctx.options.readFile?.('package.json');
  if (!pkg || !/"(isomorphic-)?dompurify"\s*:/.test(pkg)) return undefined;
  const imports = kids(ctx.root).filter((s) => s.type === 'import_statement');
  if (!imports.length || /\bDOMPurify\b/.test(ctx.text)) return undefined;
  const at = imports[imports.length - 1].endIndex;
  return [{ start: at, end: at, newText: "\nimport DOMPurify from 'dompurify';" }];
}

/** The dynamic operands of markup built in place: template substitutions, or `+` operands beside '<tag>' strings. */
function dynamicParts(value: Node): Node[] {
  if (value.type === 'template_string') {
    if (!kids(value).some((c) => c.type === 'string_fragment' && c.text.includes('<'))) return [];
    return kids(value)
      .filter((c) => c.type === 'template_substitution')
      .flatMap((c) => kids(c).filter((e) => e.type !== '${' && e.type !== '}'))
      .filter((e) => !jsIsSafeHtml(e));
  }
  if (value.type !== 'binary_expression') return [];
  const operands: Node[] = [];
  const flatten = (n: Node): void => {
    if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
      const [l, r] = [n.childForFieldName('left'), n.childForFieldName('right')];
      if (l) flatten(l);
      if (r) flatten(r);
    } else operands.push(n);
  };
  flatten(value);
  if (!operands.some((o) => o.type === 'string' && o.text.includes('<'))) return [];
  const parts = operands.filter((o) => o.type !== 'string' && o.type !== 'template_string' && !jsIsSafeHtml(o));
  return parts.length === operands.length ? [] : parts; // nothing literal left: not markup built here
}

const ESCAPE_NAME = 'escapeHtml';

/** Defines `escapeHtml` at the end of the file (or of its <script> block) unless the file has one. */
function escapeHelper(ctx: TreeContext): TextEdit[] {
  if (
    new RegExp(
      `\\b(function\\s+${ESCAPE_NAME}\\b|(const|let|var)\\s+${ESCAPE_NAME}\\b|import[^;]*\\b${ESCAPE_NAME}\\b)`,
    ).test(ctx.text)
  )
    return [];
  const ts =
    /typescript/.test(ctx.file.languageId) ||
    (ctx.file.languageId === 'vue' && /<script[^>]*lang=["']ts/.test(ctx.text));
  const param = ts ? 'value: unknown): string' : 'value)';
  const escape = 'return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);';
  const body = `function ${ESCAPE_NAME}(${param} {\n  ${escape}\n}\n`;
  let at = ctx.text.length;
  if (ctx.file.languageId === 'vue') {
    const close = ctx.text.lastIndexOf('</script>');
    if (close < 0) return [];
    at = close;
  }
  const glue = ctx.text.slice(0, at).endsWith('\n') ? '\n' : '\n\n';
  return [{ start: at, end: at, newText: `${glue}${body}` }];
}

function escapeFix(ctx: TreeContext, value: Node): Fix | undefined {
  const parts = dynamicParts(value);
  if (!parts.length) return undefined;
  const helper = escapeHelper(ctx);
  if (ctx.file.languageId === 'vue' && !helper.length && !ctx.text.includes(ESCAPE_NAME)) return undefined;
  return {
    title: `Escape the dynamic parts with ${ESCAPE_NAME}()`,
    edits: [
      ...parts.map((p) => ({ start: p.startIndex, end: p.endIndex, newText: `${ESCAPE_NAME}(${p.text})` })),
      ...helper,
    ],
  };
}

/**
 * Preferred only when safe blind: text for a value known to be plain text; sanitizing (with DOMPurify
 * already in the file) for other values, unless the code's own markup has handlers a sanitizer strips.
 */
function fixesFor(ctx: TreeContext, sink: SinkFixes): Fix[] {
  const purify = domPurifyCall(ctx.root, ctx.text);
  const markup = buildsMarkup(sink.value);
  const plain = jsPlainText(sink.value, taintFor(ctx)(sink.value));
  const fixes: Fix[] = [];
  if (sink.textName && (plain || !markup)) {
    fixes.push({
      title: `Use ${sink.textName.label} (inserts text, not HTML)`,
      preferred: plain,
      edits: [
        { start: sink.textName.node.startIndex, end: sink.textName.node.endIndex, newText: sink.textName.newText },
      ],
    });
  }
  const wrap = (call: string): TextEdit => ({
    start: sink.value.startIndex,
    end: sink.value.endIndex,
    newText: `${call}(${sink.value.text})`,
  });
  if (purify) {
    fixes.push({
      title: `Sanitize the value with ${purify}(...)`,
      preferred: !plain && !ownActiveMarkup(sink.value),
      edits: [wrap(purify)],
    });
  } else {
    const importEdits = addableDomPurify(ctx);
    if (importEdits)
      fixes.push({
        title: 'Sanitize with DOMPurify.sanitize(...)',
        edits: [wrap('DOMPurify.sanitize'), ...importEdits],
      });
  }
  const escape = escapeFix(ctx, sink.value);
  if (escape) fixes.push(escape);
  return fixes;
}

function report(ctx: TreeContext, at: Node, what: string, sink: SinkFixes): void {
  ctx.report({
    start: at.startIndex,
    end: at.endIndex,
    messageId: 'dynamicHtml',
    data: { sink: what },
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

const JQUERY_INSERTERS = new Set(['append', 'prepend', 'after', 'before', 'replaceWith', 'wrap']);

function checkCall(ctx: TreeContext, call: Node): void {
  const callee = call.childForFieldName('function');
  // `$("<li>" + name + "</li>")`: jQuery parses a string starting with a tag as HTML.
  if (callee?.type === 'identifier' && (callee.text === '$' || callee.text === 'jQuery')) {
    const arg = callArgs(call)[0];
    if (arg && arg.type !== 'call_expression' && buildsMarkup(arg) && !jsIsSafeHtml(arg))
      report(ctx, callee, `${callee.text}(html)`, { value: arg });
    return;
  }
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
    JQUERY_INSERTERS.has(prop.text) &&
    args.length >= 1 &&
    isJQueryChain(callee.childForFieldName('object')) &&
    args[0].type !== 'call_expression' &&
    buildsMarkup(args[0]) &&
    !jsIsSafeHtml(args[0])
  ) {
    report(ctx, prop, `jQuery .${prop.text}()`, { value: args[0] });
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

/** `React.createElement("div", { dangerouslySetInnerHTML: { __html: x } })` and other object forms. */
function checkPropPair(ctx: TreeContext, pair: Node): void {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  if (key?.text !== 'dangerouslySetInnerHTML' || !value) return;
  const literal = value.type === 'identifier' ? jsBinding(value, value.text) : value;
  if (literal?.type !== 'object') return;
  const html = objectPair(literal, '__html')?.childForFieldName('value');
  if (!html || jsIsSafeHtml(html)) return;
  report(ctx, key, 'dangerouslySetInnerHTML', { value: html });
}

/** `rehypePlugins={[rehypeRaw, rehypeSanitize]}`: the sanitizer runs on the raw HTML (the documented safe setup). */
function sanitizedAfterRaw(ctx: TreeContext, plugins: string): boolean {
  const local = /\bimport\s+(\w+)\s+from\s+["']rehype-sanitize["']/.exec(ctx.text)?.[1] ?? 'rehypeSanitize';
  return new RegExp(`\\brehypeRaw\\b[\\s\\S]*\\b${local}\\b`).test(plugins);
}

/** react-markdown with raw HTML on (`rehypePlugins={[rehypeRaw]}`, `allowDangerousHtml`, `escapeHtml={false}`). */
function checkMarkdownRawHtml(ctx: TreeContext, attr: Node): void {
  const name = kids(attr)[0]?.text ?? '';
  const value = kids(attr)[1];
  const on =
    (name === 'rehypePlugins' &&
      /\brehypeRaw\b/.test(value?.text ?? '') &&
      !sanitizedAfterRaw(ctx, value?.text ?? '')) ||
    (name === 'allowDangerousHtml' && (!value || /\{\s*true\s*\}/.test(value.text))) ||
    (name === 'escapeHtml' && /\{\s*false\s*\}/.test(value?.text ?? ''));
  if (!on) return;
  const opening = attr.parent;
  const element = opening?.type === 'jsx_opening_element' ? opening.parent : opening;
  if (!opening || !element) return;
  // The markdown is the children or the `source`/`children` attribute: only constants are safe.
  const content = [
    ...(element.type === 'jsx_element' ? kids(element).filter((c) => c.type === 'jsx_expression') : []),
    ...kids(opening)
      .filter((a) => a.type === 'jsx_attribute' && /^(source|children)$/.test(kids(a)[0]?.text ?? ''))
      .map((a) => kids(a)[1]),
  ].filter((c): c is Node => !!c);
  const dynamic = content.some((c) => c.type === 'jsx_expression' && !kids(c).every((k) => jsIsSafeHtml(k)));
  if (!dynamic) return;
  ctx.report({
    start: attr.startIndex,
    end: attr.endIndex,
    messageId: 'markdownRawHtml',
  });
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
      messageId: 'dangerousHtmlObject',
    });
  }
}

// Candidates from the text (the tree confirms): HTML-property assignments, sink calls, the React prop.
const HTML_ASSIGNMENT = /\.\s*(?:innerHTML|outerHTML)\s*\+?=/g;
const SINK_CALLS =
  /\.\s*(?<at>insertAdjacentHTML|write|writeln|html|append|prepend|after|before|replaceWith|wrap)\s*\(|(?<at2>\$|\bjQuery)\s*\(\s*[`'"(]/g;
const REACT_PROP = /\bdangerouslySetInnerHTML\b/g;
const MARKDOWN_RAW = /\b(?:rehypePlugins|allowDangerousHtml|escapeHtml)\b/g;

export function checkDom(ctx: TreeContext): void {
  for (const a of nodesAt(ctx.root, ctx.text, HTML_ASSIGNMENT, [
    'assignment_expression',
    'augmented_assignment_expression',
  ]))
    checkAssignment(ctx, a);
  for (const c of nodesAt(ctx.root, ctx.text, SINK_CALLS, 'call_expression')) checkCall(ctx, c);
  for (const a of nodesAt(ctx.root, ctx.text, REACT_PROP, ['jsx_attribute', 'pair']))
    if (a.type === 'pair') checkPropPair(ctx, a);
    else if (ctx.file.languageId !== 'typescript' && ctx.file.languageId !== 'vue') checkJsxAttribute(ctx, a);
  if (
    ctx.file.languageId !== 'typescript' &&
    ctx.file.languageId !== 'vue' &&
    /rehypeRaw|allowDangerousHtml|escapeHtml=/.test(ctx.text)
  )
    for (const a of nodesAt(ctx.root, ctx.text, MARKDOWN_RAW, 'jsx_attribute')) checkMarkdownRawHtml(ctx, a);
}

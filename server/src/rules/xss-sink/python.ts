// xss-sink, Python side: Streamlit unsafe_allow_html, Markup()/mark_safe() and render_template_string()
// built from data, Jinja2 Environment(autoescape=False), and `|safe` inside inline templates.
import type { Fix, Node, TextEdit, TreeContext } from '../../core/types';
import { calleeName, kids, lastSegment, nodesAt } from '../../syntax/tree';
import { importedNames, keywordArg, keywordArgNode, positionalArgs, stringValue } from '../../syntax/python';
import { ensurePythonFromImport, ensurePythonImport } from '../../syntax/fixes';
import { pyInterpolationIsSafe, pyIsSafeHtml, type ConstantParam } from '../../syntax/values';
import { removeKeywordEdit } from '../../syntax/pyedit';
import { perTree } from '../../syntax/memo';
import { pyPlainText } from './plain';

const STREAMLIT_SINKS = new Set(['markdown', 'write', 'caption']);
const MARKUP_MODULES = /^(markupsafe|flask|jinja2|quart)(\.|$)/;
const WEB_IMPORTS = /^(flask|fastapi|starlette|django|quart|aiohttp|sanic|bottle|streamlit)(\.|$)/;
const SAFE_FILTER = /\{\{[^}]*\|\s*safe\b[^}]*\}\}|\{%-?\s*autoescape\s+(false|False)\b/;

/** The name under which the stdlib `html` module can be used without clashing with a local `html`. */
function htmlModule(ctx: TreeContext): { name: string; edits: TextEdit[] } {
  return perTree(ctx.root, 'htmlmodule', () => findHtmlModule(ctx));
}

function findHtmlModule(ctx: TreeContext): { name: string; edits: TextEdit[] } {
  const imported = importedNames(ctx.root).get('html');
  const shadowed =
    (imported !== undefined && imported !== 'html') ||
    ctx.root.descendantsOfType(['assignment', 'parameters', 'for_statement']).some((n) => {
      const target =
        n?.type === 'assignment'
          ? n.childForFieldName('left')
          : n?.type === 'for_statement'
            ? n.childForFieldName('left')
            : n;
      return target
        ? kids(target)
            .concat(target)
            .some((k) => k.type === 'identifier' && k.text === 'html')
        : false;
    });
  if (!shadowed) return { name: 'html', edits: ensurePythonImport(ctx.root, 'html') };
  return { name: 'html_lib', edits: ensurePythonImport(ctx.root, 'html as html_lib') };
}

/** Parameters the project model knows every caller passes a constant to (`HandlerFacts.constantParams`). */
const constantParams =
  (ctx: TreeContext): ConstantParam =>
  (fn, name) =>
    ctx.options.handlerFacts?.(fn.startPosition.row + 1)?.constantParams?.includes(name) ?? false;

/** Wraps each unsafe `{expr}` of an f-string in html.escape(str(...)); undefined when not simple. */
function escapeInterpolations(ctx: TreeContext, fstring: Node): Fix | undefined {
  if (fstring.type !== 'string' || !/^[rR]?[fF]/.test(fstring.text)) return undefined;
  const known = constantParams(ctx);
  const unsafe = kids(fstring).filter((c) => c.type === 'interpolation' && !pyInterpolationIsSafe(c, 0, known));
  if (
    !unsafe.length ||
    unsafe.some(
      (i) =>
        kids(i).some((k) => k.type === 'type_conversion' || k.type === 'format_specifier') || /=\s*\}$/.test(i.text),
    )
  )
    return undefined;
  const mod = htmlModule(ctx);
  const edits: TextEdit[] = unsafe.map((i) => {
    const expr = kids(i)[0];
    return { start: expr.startIndex, end: expr.endIndex, newText: `${mod.name}.escape(str(${expr.text}))` };
  });
  return {
    title: `Escape the interpolated values with ${mod.name}.escape()`,
    edits: [...edits, ...mod.edits.map((e) => ({ ...e }))],
  };
}

function checkStreamlit(ctx: TreeContext, call: Node, name: string): void {
  if (!STREAMLIT_SINKS.has(lastSegment(name)) || !name.includes('.')) return;
  const flag = keywordArg(call, 'unsafe_allow_html');
  if (flag?.type !== 'true') return;
  const bodies = [...positionalArgs(call), keywordArg(call, 'body')].filter((a): a is Node => a !== undefined);
  const known = constantParams(ctx);
  const bad = bodies.find((b) => !pyIsSafeHtml(b, 0, known));
  if (!bad) return;
  const kw = keywordArgNode(call, 'unsafe_allow_html');
  const escape = bodies.length === 1 ? escapeInterpolations(ctx, bad) : undefined;
  const interpolations = kids(bad).filter((c) => c.type === 'interpolation' && !pyInterpolationIsSafe(c, 0, known));
  // Preferred only when every escaped value is known plain text (typed by the user, a model's reply).
  const escapePlain = interpolations.length > 0 && interpolations.every((i) => pyPlainText(kids(i)[0]));
  const ownMarkup = bodies.some(
    (b) => b.type === 'string' && kids(b).some((c) => c.type === 'string_content' && c.text.includes('<')),
  );
  const fixes: Fix[] = [];
  if (escape) fixes.push({ ...escape, preferred: escapePlain });
  // Without the flag, the code's own tags would show as text: offered only for a value with no markup of its own.
  if (kw && !ownMarkup)
    fixes.push({
      title: 'Remove unsafe_allow_html=True (render the value as text)',
      preferred: !escape && bodies.length === 1 && pyPlainText(bad),
      edits: [removeKeywordEdit(call, kw)],
    });
  ctx.report({
    start: (kw ?? call).startIndex,
    end: (kw ?? call).endIndex,
    messageId: 'streamlitUnsafeHtml',
    data: { call: name },
    fixes,
  });
}

function checkMarkup(ctx: TreeContext, call: Node, name: string, names: Map<string, string>): void {
  const origin = names.get(name.split('.')[0]) ?? name;
  // `from markupsafe import Markup as mk`: judge the imported name, not the alias.
  const last = name.includes('.') ? lastSegment(name) : lastSegment(origin);
  const isMarkup = last === 'Markup' && (MARKUP_MODULES.test(origin) || MARKUP_MODULES.test(name));
  const isMarkSafe = last === 'mark_safe' && /django/.test(origin);
  if (!isMarkup && !isMarkSafe) return;
  const arg = positionalArgs(call)[0];
  if (!arg || pyIsSafeHtml(arg, 0, constantParams(ctx))) return;
  ctx.report({
    start: call.startIndex,
    end: arg.startIndex,
    messageId: isMarkup ? 'markupDynamic' : 'markSafeDynamic',
    data: { call: last },
  });
}

function checkTemplateString(ctx: TreeContext, call: Node, name: string): void {
  const last = lastSegment(name);
  const isRender = last === 'render_template_string';
  const isFromString =
    last === 'from_string' ||
    (last === 'Template' && /jinja2/.test(importedNames(ctx.root).get(name.split('.')[0]) ?? name));
  if (!isRender && !isFromString) return;
  const source = positionalArgs(call)[0] ?? keywordArg(call, 'source');
  if (!source) return;
  if (isRender && !pyIsSafeHtml(source, 0, constantParams(ctx))) {
    ctx.report({
      start: source.startIndex,
      end: source.endIndex,
      messageId: 'templateFromData',
    });
    return;
  }
  for (const s of source.type === 'concatenated_string' ? kids(source) : [source]) {
    const content = stringValue(s);
    const m = content !== undefined ? SAFE_FILTER.exec(content) : null;
    if (!m) continue;
    const at = s.text.indexOf(m[0]);
    ctx.report({
      start: s.startIndex + Math.max(at, 0),
      end: s.startIndex + Math.max(at, 0) + m[0].length,
      severity: 'warning',
      messageId: 'safeFilter',
      data: { filter: m[0] },
    });
  }
}

function checkEnvironment(ctx: TreeContext, call: Node, name: string, names: Map<string, string>): void {
  if (lastSegment(name) !== 'Environment') return;
  const origin = names.get(name.split('.')[0]) ?? '';
  if (!/^jinja2/.test(origin)) return;
  const value = keywordArg(call, 'autoescape');
  if (value?.type !== 'false') return;
  // Jinja renders prompts, configs and code too: only complain in modules that serve HTML.
  const web = [...names.values()].some((m) => WEB_IMPORTS.test(m)) || /\.html?\b/.test(ctx.text);
  if (!web) return;
  const qualified = name.includes('.') ? `${name.split('.')[0]}.select_autoescape` : 'select_autoescape';
  const edits: TextEdit[] = [{ start: value.startIndex, end: value.endIndex, newText: `${qualified}()` }];
  if (!name.includes('.')) edits.push(...ensurePythonFromImport(ctx.root, 'jinja2', 'select_autoescape'));
  ctx.report({
    start: value.startIndex,
    end: value.endIndex,
    severity: 'warning',
    messageId: 'jinjaAutoescapeOff',
    // Not preferred: values that hold HTML on purpose (rendered without `|safe`) would show as text.
    fixes: [{ title: 'Use autoescape=select_autoescape()', preferred: false, edits }],
  });
}

// Candidates from the text: the callee names the checks test (last segment) and Streamlit's `unsafe_allow_html=`.
const CANDIDATES =
  /\b(?:Markup|mark_safe|render_template_string|from_string|Template|Environment|unsafe_allow_html)\b/g;

/** Django `TEMPLATES = [{..., "OPTIONS": {"autoescape": False}}]`: every template renders values raw. */
function checkDjangoTemplates(ctx: TreeContext): void {
  for (const pair of nodesAt(ctx.root, ctx.text, /["']autoescape["']\s*:\s*False\b/g, 'pair')) {
    if (!/\bTEMPLATES\b|DjangoTemplates/.test(ctx.text)) return;
    const value = pair.childForFieldName('value');
    if (value?.type !== 'false') continue;
    ctx.report({
      start: value.startIndex,
      end: value.endIndex,
      messageId: 'djangoAutoescapeOff',
      fixes: [
        {
          title: 'Turn autoescaping back on',
          // Not preferred: values that hold HTML on purpose (rendered without `|safe`) would show as text.
          preferred: false,
          edits: [{ start: value.startIndex, end: value.endIndex, newText: 'True' }],
        },
      ],
    });
  }
}

/**
 * Every Python finding is a call named in CANDIDATES (an alias's own name is in its import) or Django's
 * `"autoescape": False`: the keywords shared with the DOM checks (`.append(`, `$(`) must not parse a file
 * that has neither.
 */
const PY_NAMED = new RegExp(`${CANDIDATES.source}|["']autoescape["']`);

export function checkPython(ctx: TreeContext): void {
  if (!PY_NAMED.test(ctx.text)) return;
  const names = importedNames(ctx.root);
  checkDjangoTemplates(ctx);
  // Aliases of the checked names (`from markupsafe import Markup as mk`) are candidates too.
  const aliases = [...names]
    .filter(([local, full]) => local !== lastSegment(full) && /(^|\.)(Markup|mark_safe)$/.test(full))
    .map(([local]) => local);
  const pattern = aliases.length
    ? new RegExp(`${CANDIDATES.source}|\\b(?:${aliases.join('|')})\\s*\\(`, 'g')
    : CANDIDATES;
  const calls = nodesAt(ctx.root, ctx.text, pattern, 'call').sort(
    (a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex,
  );
  for (const call of calls) {
    const name = calleeName(call);
    if (!name) continue;
    checkStreamlit(ctx, call, name);
    checkMarkup(ctx, call, name, names);
    checkTemplateString(ctx, call, name);
    checkEnvironment(ctx, call, name, names);
  }
}

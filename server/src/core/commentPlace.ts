// Where an ignore comment can go, and in which syntax: decided by the language AT the position (a Vue
// template is HTML, its script JavaScript; a Markdown fence is the fence's language) and by what the line
// is inside (a string, a heredoc, a block scalar, a JSX tag). Undefined means no comment is safe there.
import type { Node } from './types';
import { parse } from '../parse/parser';

/** A comment wrapper: `open body close`. */
export interface CommentSyntax {
  open: string;
  close: string;
}

const HASH = { open: '#', close: '' };
const SLASHES = { open: '//', close: '' };
const BLOCK = { open: '/*', close: '*/' };
const DASHES = { open: '--', close: '' };
const MARKUP = { open: '<!--', close: '-->' };
const RST = { open: '..', close: '' };
const JSX_CHILD = { open: '{/*', close: '*/}' };

const SYNTAX: Record<string, CommentSyntax> = {
  python: HASH,
  dotenv: HASH,
  yaml: HASH,
  toml: HASH,
  shellscript: HASH,
  dockerfile: HASH,
  properties: HASH,
  ini: HASH,
  terraform: HASH,
  ruby: HASH,
  r: HASH,
  perl: HASH,
  makefile: HASH,
  javascript: SLASHES,
  javascriptreact: SLASHES,
  typescript: SLASHES,
  typescriptreact: SLASHES,
  jsonc: SLASHES,
  go: SLASHES,
  java: SLASHES,
  csharp: SLASHES,
  rust: SLASHES,
  php: SLASHES,
  c: SLASHES,
  cpp: SLASHES,
  kotlin: SLASHES,
  swift: SLASHES,
  css: BLOCK,
  scss: BLOCK,
  less: BLOCK,
  sql: DASHES,
  lua: DASHES,
  html: MARKUP,
  xml: MARKUP,
  markdown: MARKUP,
  vue: MARKUP,
  svelte: MARKUP,
  restructuredtext: RST,
};

/** Markdown fence info strings mapped to the language ids above. */
const FENCE_LANGUAGES: Record<string, string> = {
  py: 'python',
  python: 'python',
  python3: 'python',
  js: 'javascript',
  javascript: 'javascript',
  mjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  typescript: 'typescript',
  tsx: 'typescriptreact',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  console: '',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  dotenv: 'dotenv',
  env: 'dotenv',
  ini: 'ini',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  sql: 'sql',
  css: 'css',
  scss: 'scss',
  less: 'less',
  html: 'html',
  xml: 'xml',
  vue: 'html',
  go: 'go',
  java: 'java',
  rust: 'rust',
  ruby: 'ruby',
  rb: 'ruby',
  php: 'php',
  jsonc: 'jsonc',
};

export function commentSyntaxOf(languageId: string): CommentSyntax | undefined {
  return SYNTAX[languageId];
}

export function wrap(syntax: CommentSyntax, body: string): string {
  return syntax.close ? `${syntax.open} ${body} ${syntax.close}` : `${syntax.open} ${body}`;
}

/** Where to insert a line comment (at `at`, a line start, indented like `indent`) and in which syntax. */
export interface Placement {
  at: number;
  indent: string;
  syntax: CommentSyntax;
  /** Lines to add after the comment (reStructuredText needs a blank line after a comment block). */
  after?: string;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl;
  return { start, end, text: text.slice(start, end) };
}

function previousLine(text: string, line: Line): Line | undefined {
  return line.start === 0 ? undefined : lineAt(text, line.start - 1);
}

const indentOf = (line: Line): string => /^[ \t]*/.exec(line.text)?.[0] ?? '';
const firstCode = (line: Line): number => line.start + indentOf(line).length;
const at = (line: Line, syntax: CommentSyntax, after?: string): Placement => ({
  at: line.start,
  indent: indentOf(line),
  syntax,
  after,
});

/** The line comment placement for a finding starting at `offset`, or undefined when none is safe. */
export function placeLineComment(languageId: string, text: string, offset: number): Placement | undefined {
  const line = lineAt(text, offset);
  switch (languageId) {
    case 'python':
      return pythonPlacement(text, line);
    case 'javascript':
    case 'javascriptreact':
    case 'typescript':
    case 'typescriptreact':
      return jsPlacement(languageId, text, line);
    case 'vue':
    case 'svelte':
    case 'html':
      return markupPlacement(languageId, text, line);
    case 'markdown':
      return markdownPlacement(text, line);
    case 'restructuredtext':
      return rstPlacement(text, line);
    case 'yaml':
      return insideYamlBlockScalar(text, line) ? undefined : at(line, HASH);
    case 'toml':
      return oddCount(text.slice(0, line.start), /"""|'''/g) ? undefined : at(line, HASH);
    case 'shellscript':
    case 'dockerfile':
      return insideHeredoc(text, line) || continues(text, line) ? undefined : at(line, HASH);
    case 'dotenv':
      return insideQuotedValue(text, line) ? undefined : at(line, HASH);
    case 'css':
    case 'scss':
    case 'less':
      return insideBlockComment(text.slice(0, line.start), '/*', '*/') ? undefined : at(line, BLOCK);
    case 'sql':
      return insideSqlString(text.slice(0, line.start)) ? undefined : at(line, DASHES);
    default: {
      const syntax = SYNTAX[languageId];
      return syntax ? at(line, syntax) : undefined;
    }
  }
}

/** A backslash-continued previous line: a comment line would end the statement. */
function continues(text: string, line: Line): boolean {
  return /\\\s*$/.test(previousLine(text, line)?.text ?? '');
}

function oddCount(text: string, re: RegExp): boolean {
  return (text.match(re)?.length ?? 0) % 2 === 1;
}

function insideBlockComment(before: string, open: string, close: string): boolean {
  const o = before.lastIndexOf(open);
  return o >= 0 && before.indexOf(close, o + open.length) < 0;
}

/** Whether `pos` lies strictly inside a string (or template string) node of the tree. */
function insideString(root: Node, pos: number): boolean {
  for (let n: Node | null = root.descendantForIndex(pos, pos); n; n = n.parent) {
    if (/^(string|template_string|string_content|concatenated_string)$/.test(n.type) && n.startIndex < pos) return true;
  }
  return false;
}

function withTree<T>(languageId: string, text: string, use: (root: Node) => T): T | undefined {
  let tree;
  try {
    tree = parse(languageId, text);
  } catch {
    return undefined; // over the time budget: no tree, so no placement we can vouch for
  }
  if (!tree) return undefined;
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function pythonPlacement(text: string, line: Line): Placement | undefined {
  if (continues(text, line)) return undefined;
  return withTree('python', text, (root) => (insideString(root, firstCode(line)) ? undefined : at(line, HASH)));
}

const JSX_ELEMENTS = new Set(['jsx_element', 'jsx_self_closing_element']);
const JSX_TAGS = new Set(['jsx_opening_element', 'jsx_self_closing_element', 'jsx_closing_element']);

/**
 * JS family: `//` in code and inside a JSX tag, `{/* *\/}` between JSX children, above `return (` for a root element.
 */
function jsPlacement(languageId: string, text: string, line: Line, root?: Node): Placement | undefined {
  if (!root) return withTree(languageId, text, (r) => jsPlacement(languageId, text, line, r));
  const pos = firstCode(line);
  if (insideString(root, pos)) return undefined;
  const jsx = languageId === 'javascriptreact' || languageId === 'typescriptreact' || languageId === 'javascript';
  if (!jsx) return at(line, SLASHES);
  for (let n: Node | null = root.descendantForIndex(pos, pos); n; n = n.parent) {
    if (n.type === 'jsx_expression') return n.startIndex < pos ? at(line, SLASHES) : childOrRoot(n);
    if (JSX_TAGS.has(n.type) && n.startIndex < pos) return at(line, SLASHES); // an attribute line
    if (JSX_ELEMENTS.has(n.type) || n.type === 'jsx_opening_element') {
      const element = n.type === 'jsx_opening_element' ? n.parent : n;
      return element ? childOrRoot(element) : undefined;
    }
    if (n.type === 'jsx_text' || n.type === 'jsx_closing_element') return at(line, JSX_CHILD);
  }
  return at(line, SLASHES);

  function childOrRoot(node: Node): Placement | undefined {
    if (node.startIndex !== pos) return at(line, node.parent?.type === 'jsx_element' ? JSX_CHILD : SLASHES);
    if (node.parent?.type === 'jsx_element' || node.parent?.type === 'jsx_fragment') return at(line, JSX_CHILD);
    // A root element: the comment goes above the line that opens it (`return (`, `=> (`, `{cond && (`).
    const prev = previousLine(text, line);
    if (prev && /(\(|=>|&&|\|\||\?|:)\s*$/.test(prev.text)) return jsPlacement(languageId, text, prev, root);
    return at(line, SLASHES);
  }
}

/** Blocks of a Vue/Svelte/HTML file: script bodies are JS, style bodies CSS, the rest markup. */
function blockAt(text: string, offset: number): 'script' | 'style' | 'markup' {
  for (const tag of ['script', 'style'] as const) {
    const open = text.lastIndexOf(`<${tag}`, offset);
    if (open < 0) continue;
    const bodyStart = text.indexOf('>', open);
    if (bodyStart >= 0 && bodyStart < offset && text.lastIndexOf(`</${tag}`, offset) < open) return tag;
  }
  return 'markup';
}

/** Start of the tag the offset is inside (between `<name` and its `>`), or -1; quotes and comments respected. */
function openTagAround(text: string, offset: number): number {
  let tagStart = -1;
  let quote = '';
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (tagStart >= 0) {
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') tagStart = -1;
    } else if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const close = text.indexOf('-->', i + 4);
        if (close < 0 || close + 3 > offset) return -2; // inside a comment
        i = close + 2;
      } else if (/[A-Za-z]/.test(text[i + 1] ?? '')) tagStart = i;
    }
  }
  return tagStart;
}

function markupPlacement(languageId: string, text: string, line: Line): Placement | undefined {
  const block = blockAt(text, line.start);
  if (block === 'script') {
    if (languageId === 'html') return at(line, SLASHES);
    const ts = /<script\b[^>]*\blang\s*=\s*["']?ts/.test(text.slice(text.lastIndexOf('<script', line.start)));
    return languageId === 'vue' || ts ? jsPlacementVue(text, line) : at(line, SLASHES);
  }
  if (block === 'style') return insideBlockComment(text.slice(0, line.start), '/*', '*/') ? undefined : at(line, BLOCK);
  let target = line;
  for (let guard = 0; guard < 50; guard++) {
    const tag = openTagAround(text, firstCode(target));
    if (tag === -2) return undefined;
    if (tag < 0) return at(target, MARKUP);
    target = lineAt(text, tag); // inside a start tag: go above the element
  }
  return undefined;
}

function jsPlacementVue(text: string, line: Line): Placement | undefined {
  return withTree('vue', text, (root) => (insideString(root, firstCode(line)) ? undefined : at(line, SLASHES)));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)/;

function markdownPlacement(text: string, line: Line): Placement | undefined {
  let open: { marker: string; lang: string; body: number } | undefined;
  let pos = 0;
  for (const l of text.slice(0, line.start).split('\n')) {
    const m = FENCE.exec(l);
    pos += l.length + 1;
    if (!m) continue;
    if (!open) open = { marker: m[1], lang: m[2].toLowerCase(), body: pos };
    else if (m[1][0] === open.marker[0] && m[1].length >= open.marker.length && !m[2]) open = undefined;
  }
  if (open) {
    const lang = FENCE_LANGUAGES[open.lang] ?? (SYNTAX[open.lang] ? open.lang : undefined);
    if (!lang) return undefined; // a fence of unknown language: any comment would become its content
    // Judge the position within the fence's own code.
    const fence = open.marker;
    const close = text
      .slice(line.end)
      .split('\n')
      .findIndex((l) => l.trim().startsWith(fence) && !l.trim().slice(fence.length).trim());
    const end = close < 0 ? text.length : line.end + text.slice(line.end).split('\n').slice(0, close).join('\n').length;
    const inner = placeLineComment(lang, text.slice(open.body, end), line.start - open.body);
    return inner ? { ...inner, at: open.body + inner.at } : undefined;
  }
  const prev = previousLine(text, line);
  // Indented code and tables would change if a comment line were put inside them.
  if (/^( {4}|\t)/.test(line.text) && (!prev || !prev.text.trim() || /^( {4}|\t)/.test(prev.text))) return undefined;
  if (line.text.trim().startsWith('|') || (prev && /^\s*\|/.test(prev.text))) return undefined;
  return at(line, MARKUP);
}

function rstPlacement(text: string, line: Line): Placement | undefined {
  const prev = previousLine(text, line);
  // Only at the top level and after a blank line: elsewhere `..` is content of a block or a paragraph.
  if (indentOf(line) || (prev && prev.text.trim())) return undefined;
  return at(line, RST, '\n');
}

function insideYamlBlockScalar(text: string, line: Line): boolean {
  const indent = indentOf(line).length;
  if (!indent) return false;
  for (let l = previousLine(text, line); l; l = previousLine(text, l)) {
    if (l.text.trim() && indentOf(l).length < indent) return /[|>][-+0-9]*\s*(#.*)?$/.test(l.text);
  }
  return false;
}

function insideHeredoc(text: string, line: Line): boolean {
  let end: string | undefined;
  for (const l of text.slice(0, line.start).split('\n')) {
    if (end !== undefined) {
      if (l.trim() === end) end = undefined;
      continue;
    }
    const m = /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(l);
    if (m) end = m[1];
  }
  return end !== undefined;
}

function insideQuotedValue(text: string, line: Line): boolean {
  let open = '';
  for (const l of text.slice(0, line.start).split('\n')) {
    if (open) {
      if (l.includes(open)) open = '';
      continue;
    }
    const m = /^\s*(?:export\s+)?[\w.-]+\s*=\s*(["'])(.*)$/.exec(l);
    if (m && !m[2].includes(m[1])) open = m[1];
  }
  return open !== '';
}

function insideSqlString(before: string): boolean {
  let i = 0;
  while (i < before.length) {
    const c = before[i];
    if (c === '-' && before[i + 1] === '-') {
      const nl = before.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl + 1;
    } else if (c === '/' && before[i + 1] === '*') {
      const close = before.indexOf('*/', i + 2);
      if (close < 0) return false; // in a block comment, `--` is harmless text
      i = close + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        const close = before.indexOf(c, j);
        if (close < 0) return true;
        if (before[close + 1] === c) j = close + 2;
        else {
          i = close + 1;
          break;
        }
      }
    } else i++;
  }
  return false;
}

/**
 * Where the file-level ignore comment goes: after a shebang, encoding line, front matter, @charset or XML declaration.
 */
export function fileCommentOffset(languageId: string, text: string): number {
  const firstLineEnd = text.indexOf('\n') + 1;
  if (/^(#!|# -\*-|# vim:)/.test(text) && firstLineEnd > 0) {
    const second = text.slice(firstLineEnd, text.indexOf('\n', firstLineEnd) + 1 || undefined);
    return /^# -\*-|^#.*coding[:=]/.test(second) ? firstLineEnd + second.length : firstLineEnd;
  }
  if (languageId === 'markdown') {
    const m = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text);
    if (m) return m[0].length;
  }
  if ((languageId === 'css' || languageId === 'scss' || languageId === 'less') && text.startsWith('@charset'))
    return firstLineEnd || text.length;
  if ((languageId === 'xml' || languageId === 'html') && /^(<\?xml|<!doctype)/i.test(text))
    return firstLineEnd || text.length;
  return 0;
}

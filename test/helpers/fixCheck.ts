// The fix property check: apply one offered fix to a file, then ask three things: does the result still parse
// (tree-sitter for Python/JS/TS/JSX/TSX/Vue scripts, postcss for CSS, `yaml`, markdown-it, bash -n, a SQL
// tokenizer), did the finding go away, and did no new finding appear. Used over the fixtures and real code.
import { spawnSync } from 'node:child_process';
import MarkdownIt from 'markdown-it';
import postcss from 'postcss';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { ignoreFixes } from '../../server/src/core/ignoreFixes';
import { languageIdForPath } from '../../server/src/core/languages';
import type { AnalyzeOptions, Finding, Fix } from '../../server/src/core/types';
import { parse } from '../../server/src/parse/parser';
import { applyEdits } from '../../server/src/syntax/fixes';

export type Syntax = 'ok' | 'broken' | 'unchecked';

export interface FixOutcome {
  path: string;
  ruleId: string;
  /** 1-based line of the finding. */
  line: number;
  title: string;
  preferred: boolean;
  syntax: Syntax;
  cleared: boolean;
  /** Rules with more findings after the fix than before. */
  added: string[];
  before: string;
  after: string;
}

export const correct = (o: FixOutcome): boolean => o.syntax !== 'broken' && o.cleared && o.added.length === 0;

function treeOk(languageId: string, text: string): boolean {
  const tree = parse(languageId, text);
  if (!tree) return true;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** Start tags closed, comments closed, no comment inside a tag (quotes respected). */
function markupOk(text: string): boolean {
  let inTag = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inTag) {
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') inTag = false;
      else if (text.startsWith('<!--', i)) return false;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return false;
      i = close + 2;
    } else if (c === '<' && /[A-Za-z]/.test(text[i + 1] ?? '')) inTag = true;
  }
  return !inTag;
}

const md = new MarkdownIt({ html: true });

/** What Markdown renders, minus our own comments: fences (info + content), inline text, table cells. */
function markdownShape(text: string): string {
  // Inside a fence, only a comment of the fence's own language is harmless.
  const drop = (s: string, info: string) =>
    s
      .split('\n')
      .filter((l) => {
        const m = /^\s*(#|\/\/|--|\/\*|<!--|\.\.)\s*preflight-ignore/.exec(l);
        return !m || (m[1] === '<!--') !== /^(html|xml|vue|svelte)$/.test(info.trim());
      })
      .join('\n');
  return md
    .parse(text, {})
    .map((t) =>
      t.type === 'fence' || t.type === 'code_block'
        ? `${t.type}:${t.info}:${drop(t.content, t.info)}`
        : t.type === 'inline'
          ? `inline:${t.content}`
          : /^t[dh]_open$/.test(t.type)
            ? 'cell'
            : '',
    )
    .filter(Boolean)
    .join('\u0000');
}

function sqlOk(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return true;
      i = nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return false;
      i = close + 1;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return false;
      i = close;
    }
  }
  return true;
}

function dotenvShape(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .join('\n');
}

/** Whether one text parses in its language: true/false, or undefined when we have no parser for it. */
function parses(languageId: string, text: string): boolean | undefined {
  switch (languageId) {
    case 'python':
    case 'javascript':
    case 'javascriptreact':
    case 'typescript':
    case 'typescriptreact':
      return treeOk(languageId, text);
    case 'vue':
      return treeOk('vue', text) && markupOk(text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/g, ''));
    case 'html':
    case 'svelte':
      return markupOk(text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/g, ''));
    case 'css':
    case 'scss':
    case 'less':
      try {
        // postcss is lenient: a `//` or `<!--` line swallowed into a selector or property still "parses".
        let valid = true;
        postcss.parse(text).walk((n) => {
          const name = n.type === 'rule' ? n.selector : n.type === 'decl' ? n.prop : '';
          if (/\/\/|<!--|^\s*#\s/m.test(name)) valid = false;
        });
        return valid;
      } catch {
        return false;
      }
    case 'yaml':
      return parseAllDocuments(text).every((d) => 'errors' in d && d.errors.length === 0);
    case 'json':
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    case 'sql':
      return sqlOk(text);
    case 'shellscript': {
      const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
      return r.error ? undefined : r.status === 0;
    }
    default:
      return undefined;
  }
}

/** Whether `after` is still well-formed where `before` was (files broken to begin with are not judged). */
export function syntaxAfter(languageId: string, before: string, after: string): Syntax {
  if (languageId === 'markdown') return markdownShape(before) === markdownShape(after) ? 'ok' : 'broken';
  if (languageId === 'dotenv') return dotenvShape(before) === dotenvShape(after) ? 'ok' : 'broken';
  const was = parses(languageId, before);
  if (was === undefined || was === false) return 'unchecked';
  return parses(languageId, after) ? 'ok' : 'broken';
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Every fix offered for every finding of one file (the rule's own and the ignore fixes), each checked alone. */
export function checkFixes(path: string, text: string, options: AnalyzeOptions = {}): FixOutcome[] {
  const languageId = languageIdForPath(path);
  const file = { path, languageId, text };
  const found = analyze(RULES, file, options).findings;
  const before = counts(found);
  const out: FixOutcome[] = [];
  for (const f of found) {
    const fixes: Fix[] = [...(f.fixes ?? []), ...ignoreFixes(file, f)];
    for (const fix of fixes) {
      if (!fix.edits.length) continue; // edits only to other files (.gitignore, .preflightignore)
      const after = applyEdits(text, fix.edits);
      const again = counts(analyze(RULES, { ...file, text: after }, options).findings);
      const added = [...again].filter(([rule, n]) => n > (before.get(rule) ?? 0) - (rule === f.ruleId ? 1 : 0));
      out.push({
        path,
        ruleId: f.ruleId,
        line: lineOf(text, f.start),
        title: fix.title,
        preferred: fix.preferred === true,
        syntax: syntaxAfter(languageId, text, after),
        cleared: (again.get(f.ruleId) ?? 0) < (before.get(f.ruleId) ?? 0),
        added: added.filter(([rule]) => rule !== f.ruleId).map(([rule]) => rule),
        before: text,
        after,
      });
    }
  }
  return out;
}

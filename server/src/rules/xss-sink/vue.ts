// xss-sink, Vue side: `v-html="expr"` (and `:innerHTML`) in a single-file component's HTML template.
// The template is not JavaScript, so a small tag/attribute scanner finds the attributes (skipping
// comments and quoted values); each attribute's expression is then parsed as JavaScript and judged
// with the same safe-value logic as the DOM sinks.
import type { TreeContext } from '../../core/types';
import { parse } from '../../parse/parser';
import { vueTemplateRange } from '../../parse/vue';
import { kids } from '../../syntax/tree';
import { jsIsSafeHtml } from '../../syntax/values';
import { MODEL_REPLY } from './plain';

interface Attribute {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
}

/** Attributes of every start tag between `start` and `end`, comments skipped. */
function templateAttributes(text: string, start: number, end: number): Attribute[] {
  const found: Attribute[] = [];
  let i = start;
  while (i < end) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      i = close < 0 ? end : close + 3;
      continue;
    }
    if (!/[A-Za-z]/.test(text[lt + 1] ?? '')) {
      i = lt + 1;
      continue;
    }
    i = lt + 1;
    while (i < end && /[^\s/>]/.test(text[i])) i++; // tag name
    while (i < end && text[i] !== '>') {
      if (/[\s/]/.test(text[i])) {
        i++;
        continue;
      }
      const nameStart = i;
      while (i < end && /[^\s=/>]/.test(text[i])) i++;
      const name = text.slice(nameStart, i);
      let j = i;
      while (j < end && /\s/.test(text[j])) j++;
      if (text[j] !== '=') {
        found.push({ name, nameStart, value: '', valueStart: i });
        continue;
      }
      j++;
      while (j < end && /\s/.test(text[j])) j++;
      const quote = text[j];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, j + 1);
        const stop = close < 0 || close > end ? end : close;
        found.push({ name, nameStart, value: text.slice(j + 1, stop), valueStart: j + 1 });
        i = stop + 1;
      } else {
        const valueStart = j;
        while (j < end && /[^\s>]/.test(text[j])) j++;
        found.push({ name, nameStart, value: text.slice(valueStart, j), valueStart });
        i = j;
      }
    }
    i++;
  }
  return found;
}

/** Parses a template expression as JavaScript and applies the safe-value test to it. */
function expressionIsSafe(expr: string): boolean {
  const tree = parse('javascript', `(${expr}\n)`);
  if (!tree) return false;
  try {
    const stmt = kids(tree.rootNode)[0];
    const paren = stmt?.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    if (tree.rootNode.hasError || paren?.type !== 'parenthesized_expression') return false;
    return jsIsSafeHtml(kids(paren)[0]);
  } finally {
    tree.delete();
  }
}

const SINKS: Record<string, string> = {
  'v-html': 'v-text',
  ':innerHTML': ':textContent',
  'v-bind:innerHTML': 'v-bind:textContent',
};

export function checkVueTemplate(ctx: TreeContext): void {
  const range = vueTemplateRange(ctx.text);
  if (!range) return;
  const open = ctx.text.slice(0, range.start);
  if (/<template\b[^>]*\blang\s*=\s*["']?(pug|jade)/i.test(open.slice(open.lastIndexOf('<template')))) return;
  for (const attr of templateAttributes(ctx.text, range.start, range.end)) {
    const replacement = SINKS[attr.name];
    if (!replacement || !attr.value.trim() || expressionIsSafe(attr.value)) continue;
    const expr = attr.value.trim();
    // Plain text only when it comes from the URL, an error or a model reply; anything else may be HTML on purpose.
    const plain =
      /^\$route\.(query|params)\.[\w.]+$|^(err|error|e)\.message$|^String\(/.test(expr) ||
      MODEL_REPLY.test(expr.replace(/\s+/g, ''));
    const ownMarkup = /['"`][^'"`]*</.test(expr);
    ctx.report({
      start: attr.nameStart,
      end: attr.nameStart + attr.name.length,
      messageId: 'vueHtmlDirective',
      data: { directive: attr.name, expr, replacement },
      fixes:
        plain || !ownMarkup
          ? [
              {
                title: `Use ${replacement} (renders text, not HTML)`,
                preferred: plain,
                edits: [{ start: attr.nameStart, end: attr.nameStart + attr.name.length, newText: replacement }],
              },
            ]
          : undefined,
    });
  }
}

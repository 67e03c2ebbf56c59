// Values KNOWN to be plain text: what a person typed or sent (a form field, the URL, a request), a model's
// reply, an error message, a number. Only for these is "insert it as text" safe to apply blind: any other
// value may be HTML on purpose (a renderer's or sanitiser's output, markup read from the page, a template).
import type { Node } from '../../core/types';
import { calleeName, kids } from '../../syntax/tree';
import { jsBinding, pyBinding } from '../../syntax/values';
import type { TaintScope } from '../../syntax/taint';

const MAX_DEPTH = 4;

/** A model's reply read from a chat/completion response (OpenAI, Anthropic, Gemini shapes). */
export const MODEL_REPLY =
  /(\.choices\[\d+\]\.(message|delta)\.content|\.output_text|\.content\[\d+\]\.text|\.candidates\[\d+\]\.content\.parts\[\d+\]\.text)$/;

/** Form fields and typed text: `e.target.value`, `input.value`, `$('#q').val()`, `prompt()`. */
const JS_INPUT_VALUE = /(^|\.)(target|currentTarget)\.value$|(input|field|textarea|box)\w*\.value$/i;
const JS_TEXT_CALLS =
  /(^|\.)(val|toString|toFixed|toPrecision|toLocaleString|toLocaleDateString|toLocaleTimeString|toISOString|stringify|prompt|String|Number|encodeURIComponent|encodeURI|getItem)$/;
const JS_STRING_METHODS = /^(trim|trimStart|trimEnd|toUpperCase|toLowerCase|slice|substring|padStart|padEnd)$/;

export function jsPlainText(node: Node | null | undefined, taint?: TaintScope, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  const next = (n: Node | null | undefined) => jsPlainText(n, taint, depth + 1);
  switch (node.type) {
    case 'number':
      return true;
    case 'parenthesized_expression':
      return kids(node).every(next);
    case 'string':
      return !node.text.includes('<') && !node.text.includes('&');
    case 'template_string':
      return kids(node).every((c) => (c.type === 'template_substitution' ? kids(c).every(next) : !/[<&]/.test(c.text)));
    case 'binary_expression':
      return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
    case 'identifier': {
      if (taint?.isTainted(node)) return true;
      return next(jsBinding(node, node.text));
    }
    case 'member_expression':
    case 'subscript_expression': {
      const text = node.text.replace(/\s+/g, '');
      if (taint?.isTainted(node)) return true;
      if (MODEL_REPLY.test(text) || JS_INPUT_VALUE.test(text)) return true;
      if (/\.(textContent|innerText)$/.test(text)) return true;
      return /^(err|error|e|ex|exception)\.message$/.test(text);
    }
    case 'call_expression': {
      const name = calleeName(node);
      if (taint?.isTainted(node)) return true;
      const fn = node.childForFieldName('function');
      const prop = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
      if (JS_TEXT_CALLS.test(name) || JS_TEXT_CALLS.test(prop ?? '')) return true;
      if (/(^|\.)(searchParams|params|query)\.get$/.test(name)) return true;
      return !!prop && JS_STRING_METHODS.test(prop) && next(fn?.childForFieldName('object'));
    }
    case 'await_expression':
      return kids(node).some((k) => k.type !== 'await' && next(k));
    default:
      return false;
  }
}

/** Streamlit widgets return what the user typed or picked. */
const PY_INPUT_CALLS = /(^|\.)(text_input|text_area|chat_input|selectbox|radio|number_input|date_input|input)$/;

export function pyPlainText(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  const next = (n: Node | null | undefined) => pyPlainText(n, depth + 1);
  switch (node.type) {
    case 'integer':
    case 'float':
      return true;
    case 'identifier': {
      const bound = pyBinding(node, node.text);
      return next(bound);
    }
    case 'call': {
      const name = calleeName(node);
      if (PY_INPUT_CALLS.test(name)) return true;
      if (/^(str|int|float|len|round)$/.test(name)) return true;
      const fn = node.childForFieldName('function');
      return (
        fn?.type === 'attribute' &&
        /^(strip|lower|upper|title|capitalize)$/.test(fn.childForFieldName('attribute')?.text ?? '') &&
        next(fn.childForFieldName('object'))
      );
    }
    case 'attribute':
    case 'subscript':
      return MODEL_REPLY.test(node.text.replace(/\s+/g, '')) || /^(e|err|error|exc)\.(message|args)$/.test(node.text);
    default:
      return false;
  }
}

/** Inline event handlers, scripts or javascript: URLs in the code's own markup: a sanitizer would strip them. */
export function ownActiveMarkup(node: Node): boolean {
  return /<script\b|\son[a-z]+\s*=|javascript:/i.test(node.text);
}

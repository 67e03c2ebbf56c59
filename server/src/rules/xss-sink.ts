// xss-sink: dynamic values written into HTML without escaping (DOM sinks, React, Vue, Streamlit, Flask/Jinja).
import type { Rule } from '../core/types';
import { checkDom } from './xss-sink/dom';
import { checkVueTemplate } from './xss-sink/vue';
import { checkPython } from './xss-sink/python';

export const xssSink: Rule = {
  meta: {
    id: 'xss-sink',
    title: 'Dynamic value rendered as HTML',
    defaultSeverity: 'error',
    summary:
      'innerHTML/outerHTML, insertAdjacentHTML, document.write, jQuery .html(), dangerouslySetInnerHTML, Vue ' +
      'v-html, Streamlit unsafe_allow_html, Markup()/render_template_string() or Jinja2 autoescape=False with ' +
      'a dynamic value.',
    checklistItem: 'output-escaped',
    taxonomy: { cwe: [79], owasp: 'A03', securitySeverity: 6.1 },
    languages: ['python', 'js'],
    messages: {
      dynamicHtml:
        '{{sink}} receives a dynamic value: if any part of it comes from a user (URL, form, API, ' +
        'database), their markup and scripts run in the page (XSS). Insert it as text, or sanitize it ' +
        '(DOMPurify.sanitize) first.',
      dangerousHtmlObject:
        'dangerouslySetInnerHTML receives a dynamic value: unless its __html went through a sanitizer ' +
        '(DOMPurify.sanitize), user-supplied markup runs in the page (XSS).',
      markdownRawHtml:
        'Markdown rendered with raw HTML enabled: HTML inside the markdown (from users, or from a model ' +
        'told to write it) becomes live markup and scripts in the page (XSS). Drop raw HTML, or add ' +
        'rehype-sanitize after rehype-raw.',
      vueHtmlDirective:
        '{{directive}}="{{expr}}" renders a dynamic value as HTML: user-supplied markup and event ' +
        'handlers run in the page (XSS). Use {{replacement}} (text) or sanitize it (DOMPurify.sanitize) ' +
        'first.',
      streamlitUnsafeHtml:
        '{{call}}(..., unsafe_allow_html=True) renders a dynamic value as raw HTML: user-supplied markup ' +
        "(e.g. <img onerror=...>) runs in every viewer's browser (XSS). Escape the dynamic parts or drop " +
        'unsafe_allow_html.',
      markupDynamic:
        '{{call}}() marks a dynamic value as safe HTML, so templates stop escaping it (XSS). Build it ' +
        'with Markup("...{}...").format(value) or Markup("...%s...") % value, which escape their ' +
        'arguments, or escape the value first.',
      markSafeDynamic:
        '{{call}}() marks a dynamic value as safe HTML, so templates stop escaping it (XSS). Build it ' +
        'with format_html("...{}...", value), which escape their arguments, or escape the value first.',
      templateFromData:
        'render_template_string() gets a template built from data: user input becomes template code ' +
        '(server-side template injection) and unescaped HTML (XSS). Keep the template constant and pass ' +
        'values as arguments.',
      safeFilter:
        '`{{filter}}` turns off escaping in this template: if the value can hold user input, its markup ' +
        'runs in the page (XSS). Remove it unless the value is sanitized HTML.',
      jinjaAutoescapeOff:
        'Jinja2 Environment(autoescape=False): every {{ value }} is inserted as raw HTML, so user input ' +
        'in any template becomes markup and scripts (XSS). Use select_autoescape().',
      djangoAutoescapeOff:
        'Django templates with "autoescape": False insert every {{ value }} as raw HTML: user input in ' +
        'any template becomes markup and scripts (XSS). Remove the option (autoescaping is on by ' +
        'default) and mark the few trusted values safe explicitly.',
    },
  },
  keywords: [
    'innerHTML',
    'outerHTML',
    'insertAdjacentHTML',
    'document.write',
    '.html(',
    'dangerouslySetInnerHTML',
    'v-html',
    'unsafe_allow_html',
    'Markup',
    'mark_safe',
    'render_template_string',
    'autoescape',
    'from_string',
    'Template(',
    // react-markdown raw HTML and jQuery sinks (checked in dom.ts): without these a file holding only them is skipped.
    'rehypeRaw',
    'allowDangerousHtml',
    'escapeHtml',
    '.append(',
    '.prepend(',
    '.after(',
    '.before(',
    '.replaceWith(',
    '.wrap(',
    '$(',
    'jQuery(',
  ],
  python(ctx) {
    checkPython(ctx);
  },
  js(ctx) {
    checkDom(ctx);
    if (ctx.file.languageId === 'vue') checkVueTemplate(ctx);
  },
};

// xss-sink: dynamic values written into HTML without escaping (DOM sinks, React, Vue, Streamlit, Flask/Jinja).
import type { Rule } from '../core/types';
import { checkDom } from './xss/dom';
import { checkVueTemplate } from './xss/vue';
import { checkPython } from './xss/python';

export const xssSink: Rule = {
  meta: {
    id: 'xss-sink',
    title: 'Dynamic value rendered as HTML',
    defaultSeverity: 'error',
    summary:
      'innerHTML/outerHTML, insertAdjacentHTML, document.write, jQuery .html(), dangerouslySetInnerHTML, Vue v-html, Streamlit unsafe_allow_html, Markup()/render_template_string() or Jinja2 autoescape=False with a dynamic value.',
    checklistItem: 'output-escaped',
    taxonomy: { cwe: [79], owasp: 'A03', securitySeverity: 6.1 },
    languages: ['python', 'js'],
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
  ],
  python(ctx) {
    checkPython(ctx);
  },
  js(ctx) {
    checkDom(ctx);
    if (ctx.file.languageId === 'vue') checkVueTemplate(ctx);
  },
};

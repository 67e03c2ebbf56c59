// slowapi-no-request: slowapi finds the client through a `request`/`websocket` parameter; without one,
// the decorated endpoint fails at runtime (or the limit never applies), so the "limited" route is not.
import type { Node, Rule } from '../core/types';
import { decoratorsOf } from '../syntax/python';
import { addRequestParam, hasRequestParam } from '../syntax/requestParam';
import { calleeName, kids, nodesAt } from '../syntax/tree';

/** `@limiter.limit("5/minute")` or `@limiter.shared_limit(...)` on a function, from a module using slowapi. */
function limitDecorator(fn: Node): Node | undefined {
  return decoratorsOf(fn).find((d) => {
    const call = kids(d)[0];
    return call?.type === 'call' && /(^|\.)limiter\.(limit|shared_limit)$/i.test(calleeName(call));
  });
}

// Candidates from the text: `limiter.limit` / `limiter.shared_limit` callees (any case, as the decorator test);
// the decorated definition around the method name is the candidate.
const LIMIT_DECORATOR = /\blimiter\s*\.\s*(?<at>limit|shared_limit)\b/gi;

export const slowapiNoRequest: Rule = {
  meta: {
    id: 'slowapi-no-request',
    title: 'slowapi limit without a request parameter',
    defaultSeverity: 'error',
    summary:
      'A slowapi @limiter.limit endpoint without a `request: Request` parameter: slowapi cannot see the ' +
      'client, so the limit is not applied.',
    checklistItem: 'rate-limits',
    taxonomy: { cwe: [770], owasp: 'A04', securitySeverity: 5.3 },
    languages: ['python'],
    messages: {
      noRequestParam:
        'slowapi needs a parameter named `request` (or `websocket`) on "{{name}}" to identify the ' +
        'client; without it the rate limit is not applied.',
    },
  },
  keywords: ['slowapi'],
  python(ctx) {
    for (const wrapper of nodesAt(ctx.root, ctx.text, LIMIT_DECORATOR, 'decorated_definition')) {
      const fn = wrapper.childForFieldName('definition');
      if (fn?.type !== 'function_definition') continue;
      const decorator = limitDecorator(fn);
      if (!decorator || hasRequestParam(fn)) continue;
      ctx.report({
        start: decorator.startIndex,
        end: decorator.endIndex,
        messageId: 'noRequestParam',
        data: { name: fn.childForFieldName('name')?.text ?? 'undefined' },
        fixes: [{ title: 'Add a `request: Request` parameter', preferred: true, edits: addRequestParam(ctx, fn) }],
      });
    }
  },
};

// webhook-unverified: a webhook endpoint that trusts its body without checking the sender's signature lets
// anyone post "payment succeeded" or "subscription renewed" events to it.
import type { Node, Rule, TreeContext } from '../core/types';
import type { Handler } from '../syntax/handlers';
import { handlersOf } from '../syntax/scopes';
import { calleeName, codeText, descendants } from '../syntax/tree';

const VERIFY_WORDS = /hmac|compare_digest|construct_?event|verify|timingsafeequal|signature|validate_?request|svix/i;
// Case matters here: `stripe.Webhook.construct_event` / `new Webhook(secret)` (svix), not `def stripe_webhook(`.
const VERIFY_CLASS = /\bWebhook\(|\.Webhook\./;
const VERIFY = { test: (text: string) => VERIFY_WORDS.test(text) || VERIFY_CLASS.test(text) };
const READS_BODY =
  /request\.(json|get_json|data|body|form|get_data)|await\s+request\.(json|body|form)\(|req\.(body|rawBody)|await\s+req\.(json|text|formData)\(|update\.|payload/;

/** Verification in the handler itself or in a same-file helper it calls (one level). */
function verifies(ctx: TreeContext, fn: Node): boolean {
  if (VERIFY.test(codeText(fn))) return true;
  const called = new Set(descendants(fn, ['call', 'call_expression']).map((c) => calleeName(c)));
  return descendants(ctx.root, ['function_definition', 'function_declaration']).some(
    (def) => called.has(def.childForFieldName('name')?.text ?? '') && VERIFY.test(codeText(def)),
  );
}

function isWebhook(h: Handler): boolean {
  return /webhook|hooks?\//i.test(h.path) || /webhook/i.test(h.fn?.childForFieldName('name')?.text ?? '');
}

export const webhookUnverified: Rule = {
  meta: {
    id: 'webhook-unverified',
    title: 'Webhook without signature verification',
    defaultSeverity: 'warning',
    summary:
      'A webhook handler that reads the request body without verifying the sender signature (no ' +
      'hmac/constructEvent/verify call).',
    checklistItem: 'webhooks-verified',
    taxonomy: { cwe: [345], owasp: 'A08', securitySeverity: 7.5 },
    languages: ['python', 'js'],
    messages: {
      unverified:
        'Webhook {{route}} uses the request body without verifying its signature: anyone can post fake ' +
        "events. Verify the provider's signature header (e.g. stripe.Webhook.construct_event / " +
        'stripe.webhooks.constructEvent, or an HMAC with compare_digest/timingSafeEqual) over the raw ' +
        'body first.',
    },
  },
  keywords: ['webhook', 'Webhook', 'hook'],
  python(ctx) {
    check(ctx);
  },
  js(ctx) {
    check(ctx);
  },
};

function check(ctx: TreeContext): void {
  for (const h of handlersOf(ctx)) {
    if (h.kind !== 'http' || !h.fn || !isWebhook(h) || !READS_BODY.test(codeText(h.fn)) || verifies(ctx, h.fn))
      continue;
    if (h.guards.some((g) => VERIFY.test(g.text))) continue;
    ctx.report({
      start: h.anchor.startIndex,
      end: h.anchor.endIndex,
      messageId: 'unverified',
      data: { route: `${h.method} ${h.path || ''}` },
    });
  }
}

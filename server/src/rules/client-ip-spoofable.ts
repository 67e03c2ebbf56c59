// client-ip-spoofable: X-Forwarded-For / X-Real-IP are plain request headers unless a trusted proxy sets
// them; keying rate limits or audit logs on them lets a client pick any IP (and dodge every limit).
import type { Rule, TreeContext } from '../core/types';
import { nodesAt } from '../syntax/tree';

const TRUSTED_PROXY =
  /ProxyHeadersMiddleware|ProxyFix|forwarded_allow_ips|proxy_headers|trust proxy|trustProxy|TRUSTED_PROXIES|trusted_proxies|set\(\s*["']trust proxy/;
const HEADER = /^x-(forwarded-for|real-ip)$/i;
const HEADER_TEXT = /x-(?:forwarded-for|real-ip)|HTTP_X_(?:FORWARDED_FOR|REAL_IP)/gi;

function report(ctx: TreeContext, start: number, end: number, header: string): void {
  ctx.report({
    start,
    end,
    messageId: 'spoofableHeader',
    data: { header },
  });
}

export const clientIpSpoofable: Rule = {
  meta: {
    id: 'client-ip-spoofable',
    title: 'Client IP taken from a spoofable header',
    defaultSeverity: 'warning',
    summary:
      'X-Forwarded-For or X-Real-IP read directly (for rate-limit keys or audit logs) with no trusted-proxy setting.',
    checklistItem: 'rate-limits',
    taxonomy: { cwe: [348], owasp: 'A04', securitySeverity: 5.3 },
    languages: ['python', 'js'],
    messages: {
      spoofableHeader:
        '{{header}} is set by the client unless your own proxy overwrites it: a caller can send any ' +
        'value to dodge rate limits or forge audit logs. Configure the trusted proxy (uvicorn ' +
        '--proxy-headers --forwarded-allow-ips, werkzeug ProxyFix, Express app.set("trust proxy", 1)) ' +
        'and use the resolved client address.',
    },
  },
  keywords: ['orwarded', 'eal-IP', 'eal-ip', 'REAL_IP', 'FORWARDED'],
  python(ctx) {
    if (TRUSTED_PROXY.test(ctx.text)) return;
    for (const s of nodesAt(ctx.root, ctx.text, HEADER_TEXT, 'string')) {
      const value = s.text.replace(/^[rbuRBU]*["']|["']$/g, '');
      if (HEADER.test(value) || /^HTTP_X_(FORWARDED_FOR|REAL_IP)$/.test(value))
        report(ctx, s.startIndex, s.endIndex, value);
    }
  },
  js(ctx) {
    if (TRUSTED_PROXY.test(ctx.text)) return;
    for (const s of nodesAt(ctx.root, ctx.text, HEADER_TEXT, 'string')) {
      const value = s.text.slice(1, -1);
      const parent = s.parent?.parent;
      // Only reads: req.headers["x-forwarded-for"], req.get("X-Real-IP"), headers.get(...); not setting it on
      // outgoing requests.
      if (
        HEADER.test(value) &&
        parent &&
        !/set(Header)?\(|headers\s*:\s*\{/.test(parent.text.slice(0, 40)) &&
        s.parent?.type !== 'pair'
      )
        report(ctx, s.startIndex, s.endIndex, value);
    }
  },
};

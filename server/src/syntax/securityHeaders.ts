// Security-header evidence by text: middleware that sets them (helmet, Talisman, secure, Django's
// SecurityMiddleware) and the header names themselves (a Starlette middleware, Next.js `headers()`,
// vercel.json, netlify.toml, `_headers`, nginx). One module for the `security-headers-missing` rule and
// the `security-headers` checklist item, so both agree on what counts.

/** The four protections the checklist asks for. */
export type HeaderKind = 'csp' | 'nosniff' | 'frame' | 'hsts';

export interface HeaderSignal {
  /** What was found, for the evidence list: "helmet()", "sets Content-Security-Policy". */
  what: string;
  covers: HeaderKind[];
  /** 1-based line. */
  line: number;
}

const ALL: HeaderKind[] = ['csp', 'nosniff', 'frame', 'hsts'];

const SIGNS: Array<[RegExp, string, HeaderKind[]]> = [
  [/\bhelmet\s*\(/, 'helmet()', ALL],
  [/\bTalisman\s*\(/, 'flask-talisman Talisman(app)', ALL],
  [
    /\bsecure\.Secure\s*\(|\bSecure\s*\(\s*\)|\bSecureHeaders\s*\(|\bSecure\.with_default_headers\s*\(/,
    'secure headers middleware',
    ALL,
  ],
  [/\blusca\.xframe\s*\(|\blusca\s*\(\s*\{[^}]*\bxframe\b/, 'lusca xframe', ['frame']],
  [/\blusca\.hsts\s*\(|\blusca\s*\(\s*\{[^}]*\bhsts\b/, 'lusca hsts', ['hsts']],
  [/\blusca\.nosniff\s*\(|\blusca\s*\(\s*\{[^}]*\bnosniff\b/, 'lusca nosniff', ['nosniff']],
  [/\blusca\.csp\s*\(|\blusca\s*\(\s*\{[^}]*\bcsp\b/, 'lusca csp', ['csp']],
  [/django\.middleware\.security\.SecurityMiddleware/, 'Django SecurityMiddleware (nosniff)', ['nosniff']],
  [/django\.middleware\.clickjacking\.XFrameOptionsMiddleware/, 'Django XFrameOptionsMiddleware', ['frame']],
  [/\bSECURE_HSTS_SECONDS\s*=\s*[1-9]/, 'SECURE_HSTS_SECONDS', ['hsts']],
  [/csp\.middleware\.CSPMiddleware|ContentSecurityPolicyMiddleware/, 'Content-Security-Policy middleware', ['csp']],
  [/['"`]?Content-Security-Policy['"`]?\s*[:,=\]]/i, 'sets Content-Security-Policy', ['csp']],
  [/['"`]?X-Content-Type-Options['"`]?\s*[:,=\]]/i, 'sets X-Content-Type-Options', ['nosniff']],
  [/['"`]?X-Frame-Options['"`]?\s*[:,=\]]|frame-ancestors/i, 'sets frame protection', ['frame']],
  [/['"`]?Strict-Transport-Security['"`]?\s*[:,=\]]/i, 'sets Strict-Transport-Security', ['hsts']],
];

const PREFILTER =
  /helmet|Talisman|Secure|lusca|SecurityMiddleware|XFrameOptions|SECURE_HSTS|CSPMiddleware|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options|frame-ancestors|Strict-Transport-Security/i;

/** Every header signal in a file's text (code, JSON, TOML, `_headers` or server config alike). */
export function headerSignals(text: string): HeaderSignal[] {
  if (!PREFILTER.test(text)) return [];
  const out: HeaderSignal[] = [];
  for (const [re, what, covers] of SIGNS) {
    const m = re.exec(text);
    if (m) out.push({ what, covers, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Hosting and proxy configuration: headers set there cover every app the workspace serves. */
export const HOSTING_CONFIG =
  /(^|\/)(vercel\.json|netlify\.toml|_headers|nginx[^/]*\.conf|[^/]+\.nginx|Caddyfile|staticwebapp\.config\.json|firebase\.json|app\.yaml)$/;

/** Which of the four protections no signal covers. */
export function missingKinds(signals: readonly HeaderSignal[]): HeaderKind[] {
  const covered = new Set(signals.flatMap((s) => s.covers));
  return ALL.filter((k) => !covered.has(k));
}

export const HEADER_NAMES: Record<HeaderKind, string> = {
  csp: 'Content-Security-Policy',
  nosniff: 'X-Content-Type-Options',
  frame: 'frame protection (X-Frame-Options / frame-ancestors)',
  hsts: 'Strict-Transport-Security',
};

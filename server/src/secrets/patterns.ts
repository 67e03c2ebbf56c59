// Building blocks for provider patterns. Every quantifier here is bounded and no quantified group
// nests another unbounded one, so each pattern runs in time linear in the text (see the secretsRedos test).
import type { Severity } from '../core/types';

/** One provider token format. */
export interface Provider {
  /** Stable id of the kind of secret (SecretHit.kind). Several rows may share one id. */
  id: string;
  title: string;
  /** Name suggested when moving the value to an environment variable. */
  envName: string;
  /** Literal prefixes or context words; the pattern runs only when one occurs (case-insensitive). */
  keywords: readonly string[];
  /** Global, with indices; the secret is the named group `v` when present, else the whole match. */
  pattern: RegExp;
  /** Default 'error'. */
  severity?: Severity;
  /** Minimum Shannon entropy (bits/char) of the value; drops `ghp_aaaa…` style stand-ins. Default 2.5. */
  minEntropy?: number;
  /** False drops the match; a severity overrides the row's (public or documented example values). */
  check?: (value: string, text: string, start: number, path: string) => boolean | Severity;
}

/** Not preceded by a token character: the token starts here, not inside a longer base64 run. */
const LEFT = '(?<![A-Za-z0-9_+/-])';
/**
 * Not followed by a token character: the token ends here. `==>` is not padding: it is git filter-repo's
 * replacement syntax (`token==>***REMOVED***`), and a replacements file staged by mistake must be caught.
 */
const RIGHT = '(?![A-Za-z0-9_+/-]|=(?!=>))';

/** A self-identifying token: `prefix` + body, bounded on both sides. */
export function tok(source: string, flags = ''): RegExp {
  return new RegExp(`${LEFT}(?<v>${source})${RIGHT}`, `gd${flags}`);
}

/**
 * A token without a distinctive prefix, recognised by the name it is assigned to:
 * `TWILIO_AUTH_TOKEN = "…"`, `"datadog_api_key": "…"`, `cloudflareToken: '…'`.
 */
export function near(names: string, value: string): RegExp {
  return new RegExp(
    `(?:${names})[A-Za-z0-9_.-]{0,30}["'\\\\\\]]{0,3}[ \\t]{0,3}(?::[ \\t]{0,3}[A-Za-z_][A-Za-z0-9_.|]{0,30}[ ` +
      `\\t]{0,3}(?==))?(?::=|=>|=|:)[ \\t]{0,3}["'\\\\]{0,2}(?<v>${value})${RIGHT}`,
    'gdi',
  );
}

export const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * "your" marks a stand-in only as a word start (`xoxb-your-token`) or before a word like "key" (`AKIAYOURKEY…`):
 * anywhere inside a random body it is chance (about 1 real key in 10,000 holds it), and a real key read as a
 * placeholder is a leak let through. For the same reason a run of x is one case (`xxxxx`, `XXXXX`), not `XxXxX`.
 */
const YOUR = /(?:^|[^a-z0-9])your|your[-_]?(?:access|account|api|app|auth|bot|client|id|key|own|pass|secret|token)/i;

/** Provider values that are obviously stand-ins: `sk-xxxx…`, `ghp_****`, `…EXAMPLE…`, `ghp_yourToken…`. */
export function isTokenPlaceholder(value: string): boolean {
  return (
    /x{5,}|X{5,}/.test(value) ||
    /\*{3,}|\.{3}|\u2026|example|0{10,}|1234567890|abcdefghij/i.test(value) ||
    YOUR.test(value)
  );
}

// The secret engine's vocabulary, shared by the typing rule, the staged scan and the history scan.
import type { Severity } from '../core/types';

export interface SecretHit {
  /** Stable detector id, e.g. `openai-api-key`, `private-key`, `generic-secret-assignment`. */
  kind: string;
  /** Human name of what was found, e.g. "OpenAI API key". */
  title: string;
  severity: Severity;
  /** UTF-16 offsets of the secret value itself (not the whole assignment) in the scanned text. */
  start: number;
  end: number;
  /** The raw value. Never print it: pass it through `mask()` from core/masking.ts. */
  value: string;
  /** Suggested environment variable name for "move to env" fixes, e.g. OPENAI_API_KEY. */
  envName?: string;
}

export interface DetectOptions {
  /** Path of the text (decides file kind: .env, YAML, code...); forward slashes. */
  path: string;
}

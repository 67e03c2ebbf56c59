// The rule registry: one line per rule. Order is the order rules run and appear in docs.
import type { Rule } from '../core/types';
import { debugMode } from './debug-mode';
import { corsWildcard } from './cors-wildcard';
import { tlsVerifyOff } from './tls-verify-off';
import { slowapiNoRequest } from './slowapi-no-request';
import { rateLimitMissing } from './rate-limit-missing';
import { authConditional } from './auth-conditional';
import { tempFileLeak } from './temp-file-leak';
import { tmpPath } from './tmp-path';
import { xssSink } from './xss-sink';

export const RULES: readonly Rule[] = [
  debugMode,
  corsWildcard,
  tlsVerifyOff,
  slowapiNoRequest,
  rateLimitMissing,
  authConditional,
  tempFileLeak,
  tmpPath,
  xssSink,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

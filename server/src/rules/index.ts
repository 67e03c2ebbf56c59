// The rule registry: one line per rule. Order is the order rules run and appear in docs.
import type { Rule } from '../core/types';
import { debugMode } from './debug-mode';
import { corsWildcard } from './cors-wildcard';
import { tlsVerifyOff } from './tls-verify-off';
import { allowedHostsWildcard } from './allowed-hosts-wildcard';
import { slowapiNoRequest } from './slowapi-no-request';
import { rateLimitMissing } from './rate-limit-missing';
import { authConditional } from './auth-conditional';
import { tempFileLeak } from './temp-file-leak';
import { tmpPath } from './tmp-path';
import { openRedirect } from './open-redirect';
import { ssrf } from './ssrf';
import { xssSink } from './xss-sink';
import { hardcodedSecret } from './hardcoded-secret';

export const RULES: readonly Rule[] = [
  debugMode,
  corsWildcard,
  tlsVerifyOff,
  allowedHostsWildcard,
  slowapiNoRequest,
  rateLimitMissing,
  authConditional,
  tempFileLeak,
  tmpPath,
  openRedirect,
  ssrf,
  xssSink,
  hardcodedSecret,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

// The rule registry: one line per rule. Order is the order rules run and appear in docs.
import type { Rule } from '../core/types';
import { debugMode } from './debug-mode';
import { corsWildcard } from './cors-wildcard';
import { tlsVerifyOff } from './tls-verify-off';
import { allowedHostsWildcard } from './allowed-hosts-wildcard';
import { docsExposed } from './docs-exposed';
import { debugEndpoint } from './debug-endpoint';
import { slowapiNoRequest } from './slowapi-no-request';
import { rateLimitMissing } from './rate-limit-missing';
import { authConditional } from './auth-conditional';
import { tempFileLeak } from './temp-file-leak';
import { tmpPath } from './tmp-path';
import { openRedirect } from './open-redirect';
import { ssrf } from './ssrf';
import { timingCompare } from './timing-compare';
import { jwtUnverified } from './jwt-unverified';
import { weakHash } from './weak-hash';
import { tokenInLocalstorage } from './token-in-localstorage';
import { webhookUnverified } from './webhook-unverified';
import { postmessageOrigin } from './postmessage-origin';
import { clientIpSpoofable } from './client-ip-spoofable';
import { piiInLogs } from './pii-in-logs';
import { uploadUnvalidated } from './upload-unvalidated';
import { xssSink } from './xss-sink';
import { errorLeak } from './error-leak';
import { sqlInjection } from './sql-injection';
import { commandInjection } from './command-injection';
import { codeExec } from './code-exec';
import { insecureDeserialization } from './insecure-deserialization';
import { securityHeadersMissing } from './security-headers-missing';
import { hardcodedSecret } from './hardcoded-secret';
import { htmlInjection } from './html-injection';
import { llmOutputExec } from './llm-output-exec';
import { filePermissions } from './file-permissions';
import { unboundedExpensiveEndpoint } from './unbounded-expensive-endpoint';
import { weakSigningKey } from './weak-signing-key';

export const RULES: readonly Rule[] = [
  debugMode,
  corsWildcard,
  tlsVerifyOff,
  allowedHostsWildcard,
  docsExposed,
  debugEndpoint,
  slowapiNoRequest,
  rateLimitMissing,
  authConditional,
  tempFileLeak,
  tmpPath,
  openRedirect,
  ssrf,
  timingCompare,
  jwtUnverified,
  weakHash,
  tokenInLocalstorage,
  webhookUnverified,
  postmessageOrigin,
  clientIpSpoofable,
  piiInLogs,
  uploadUnvalidated,
  xssSink,
  errorLeak,
  sqlInjection,
  commandInjection,
  codeExec,
  insecureDeserialization,
  hardcodedSecret,
  weakSigningKey,
  htmlInjection,
  llmOutputExec,
  filePermissions,
  unboundedExpensiveEndpoint,
  securityHeadersMissing,
];

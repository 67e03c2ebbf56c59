// The secret rule alone, without a parse: what `preflight scan [paths…]` runs on every file.
import { analyze } from '../core/analyze';
import { hardcodedSecret } from '../rules/hardcoded-secret';
import type { LintEngine } from './lintBatch';

const SECRET_RULES = [hardcodedSecret];

/** `null` tree: "no parse", so the rule's text hook checks code files too (no quick fixes needed here). */
export const SECRETS_ENGINE: LintEngine = {
  ready: () => Promise.resolve(),
  analyze: (file, options) => analyze(SECRET_RULES, file, options, undefined, null),
};

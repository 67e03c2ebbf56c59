// `analyze()`: the engine (engine.ts) with every registered rule and the tree-sitter parser.
import { runRules, type AnalyzeResult, type TreeSource } from './engine';
import type { AnalyzeOptions, CancelToken, Rule, SourceFile, Tree } from './types';
import { RULES } from '../rules';
import { parse, parseBudgetFor, ParseTimeout } from '../parse/parser';

export type { AnalyzeResult };

const PARSER: TreeSource = {
  parse,
  gaveUp: (error) => (error instanceof ParseTimeout ? error.message : undefined),
  gaveUpReason: (text) => new ParseTimeout(parseBudgetFor(text)).message,
};

/**
 * Analyses one file. Synchronous once `initParsers()` has resolved. Pass `tree` when the caller
 * keeps an incrementally parsed tree for the text; otherwise the file is parsed here.
 */
export function analyze(
  file: SourceFile,
  options: AnalyzeOptions = {},
  cancel?: CancelToken,
  tree?: Tree | null,
  rules: readonly Rule[] = RULES,
): AnalyzeResult {
  return runRules(file, options, cancel, tree, rules, PARSER);
}

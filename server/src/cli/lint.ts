// `preflight lint`: walks the given paths, checks every file with the analysis core, prints text/JSON/SARIF.
import { analyze, type AnalyzeResult } from '../core/analyze';
import { familyOf } from '../core/languages';
import type { AnalyzeOptions, SeveritySetting, SourceFile, Tree } from '../core/types';
import { RULES } from '../rules';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../workspace/readText';
import { grammarsFor, initParsers, parse, ParseTimeout } from '../parse/parser';
import { factsOfText } from '../model/build';
import { hasEndpoints, mayHaveEndpoints, moduleFacts, treeMayHaveEndpoints } from '../model/facts';
import { handlerHints, type HandlerHints } from '../model/hints';
import { ProjectModel } from '../model/project';
import type { ModuleFacts } from '../model/types';
import { checkFiles } from './checkFiles';
import { CliError, type CommandResult } from './common';
import type { EngineFor } from './lintBatch';
import { SECRETS_ENGINE } from './secretsEngine';

const LINT_USAGE = `usage: preflight lint [paths…] [options]

Checks files for risky patterns (default path: the current folder). Honours .gitignore and
.preflightignore; skips dependencies, virtualenvs, vendored code, lockfiles, minified, binary
and oversized files. A path named here is checked even if an ignore file excludes it.

options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE (atomically) instead of stdout
  --fail-on error|warning|info
                             exit 1 when a finding is at or above this severity (default: warning)
  --rule ID=off|error|warning|info
                             change one rule's severity or turn it off (repeatable)
  --exclude PATTERN          skip files matching a gitignore-style pattern relative to each folder named
                             (repeatable; the same syntax as the preflight.exclude setting: build/, *.gen.py)
  --max-file-size KB         skip files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_KB})
  --changed                  only files changed against HEAD (staged or not) and new files git does not
                             ignore; with paths, only the changed files below them (for post-edit hooks)
  --include-vendored         also check vendored libraries and build output (skipped by default:
                             lib folders under static/, licence-banner files, dist/, .next/, ...)
  --verbose                  list skipped files (with the reason) and timing on stderr

exit codes: 0 no findings at/above --fail-on, 1 findings at/above it, 2 usage or runtime error`;

const SEVERITY_SETTINGS = ['off', 'error', 'warning', 'info'] as const;

const REPEATABLE = { rule: 'ID=off|error|warning|info', exclude: 'a gitignore-style pattern' } as const;

/** `--rule` and `--exclude` may repeat, which parseArgs does not model: pull those out first. */
function extractRepeatable(args: readonly string[]): { rest: string[]; rules: string[]; exclude: string[] } {
  const rest: string[] = [];
  const found = { rule: [] as string[], exclude: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const name = (Object.keys(REPEATABLE) as Array<keyof typeof REPEATABLE>).find(
      (n) => arg === `--${n}` || arg.startsWith(`--${n}=`),
    );
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') throw new CliError(`--${name} needs a value (${REPEATABLE[name]})`);
    found[name].push(value);
  }
  return { rest, rules: found.rule, exclude: found.exclude };
}

function parseRuleSettings(values: readonly string[]): Record<string, SeveritySetting> {
  const severities: Record<string, SeveritySetting> = {};
  for (const value of values) {
    const [id, level, extra] = value.split('=');
    if (extra !== undefined || !id || !level)
      throw new CliError(`--rule expects ID=off|error|warning|info, got "${value}"`);
    if (!RULES.some((r) => r.meta.id === id)) throw new CliError(`--rule: unknown rule "${id}"`);
    if (!(SEVERITY_SETTINGS as readonly string[]).includes(level))
      throw new CliError(`--rule ${id}: level must be one of ${SEVERITY_SETTINGS.join(', ')}`);
    severities[id] = level as SeveritySetting;
  }
  return severities;
}

/** The rules that read the project model's facts (`AnalyzeOptions.handlerFacts`); with all off, none are gathered. */
const HINT_RULES = ['rate-limit-missing', 'debug-endpoint', 'xss-sink'] as const;

const wantsProjectHints = (severities: Record<string, SeveritySetting>): boolean =>
  HINT_RULES.some((id) => severities[id] !== 'off');

/**
 * The project model over the files being linted (paths as the rules see them, facts in the walk's order),
 * reduced to per-handler facts: AI calls reached through other modules, limits applied away from the
 * handler, full paths.
 */
function projectHints(facts: readonly ModuleFacts[]): HandlerHints | undefined {
  const model = new ProjectModel();
  for (const f of facts) model.update(f);
  return model.size ? handlerHints(model) : undefined;
}

/**
 * Every rule over a file parsed once, and that parse's project-model facts (`collectFacts` batches); with
 * `onlyWithEndpoints`, the facts only when they hold an endpoint (else `later`: wanted only if another file's do).
 */
function analyzeWithFacts(
  file: SourceFile,
  options: AnalyzeOptions,
  onlyWithEndpoints: boolean,
): { result: AnalyzeResult; facts?: ModuleFacts; later?: boolean } {
  let tree: Tree | null | undefined;
  const parseStart = options.ruleTimes ? performance.now() : 0;
  try {
    tree = parse(file.languageId, file.text);
    if (options.ruleTimes)
      options.ruleTimes.set('(parse)', (options.ruleTimes.get('(parse)') ?? 0) + performance.now() - parseStart);
  } catch (error) {
    // Past its budget: only text rules run (as analyze() does); any other failure is analyze()'s to report.
    if (!(error instanceof ParseTimeout)) return { result: analyze(RULES, file, options) };
    tree = null;
  }
  try {
    const family = familyOf(file.languageId);
    let facts: ModuleFacts | undefined;
    let later = false;
    if (tree && (family === 'python' || family === 'js')) {
      const root = tree.rootNode;
      try {
        later = onlyWithEndpoints && !treeMayHaveEndpoints(family, root, file.text, file.path);
      } catch {
        later = false; // the facts below decide
      }
      if (!later)
        try {
          facts = moduleFacts(family, root, file.text, file.path);
        } catch {
          facts = undefined; // a file the model cannot read costs only its own facts
        }
    }
    return { result: analyze(RULES, file, options, undefined, tree), facts, ...(later ? { later } : {}) };
  } finally {
    tree?.delete();
  }
}

/** The full engine: every rule, parsers loaded once per thread; `scan` batches get the secret rule alone. */
export const lintEngineFor: EngineFor = (options) => {
  if (options.secretsOnly) return SECRETS_ENGINE;
  const only = options.onlyRules;
  const rules = only ? RULES.filter((r) => only.includes(r.meta.id)) : RULES;
  return {
    ready: (languageIds) => initParsers(grammarsFor(languageIds)),
    analyze: (file, o) => analyze(rules, file, o),
    analyzeWithFacts,
    factsOf: (file) => factsOfText(file.path, file.text),
    mayHaveEndpoints: (file) =>
      mayHaveEndpoints(familyOf(file.languageId) === 'python' ? 'python' : 'js', file.text, file.path),
    hasEndpoints,
  };
};

/** `preflight lint`: every rule over the files (with the project model's hints). */
export function runLint(args: string[]): Promise<CommandResult> {
  const { rest, rules, exclude } = extractRepeatable(args);
  return checkFiles(rest, {
    usage: LINT_USAGE,
    rules: RULES,
    engineFor: lintEngineFor,
    secretsOnly: false,
    severities: args.includes('--help') || args.includes('-h') ? {} : parseRuleSettings(rules),
    hints: {
      wanted: wantsProjectHints,
      of: projectHints,
      rules: HINT_RULES,
      anyEndpoint: (facts) => [...facts].some(hasEndpoints),
    },
    exclude,
  });
}

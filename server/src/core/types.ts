// The analysis core's vocabulary: files in, findings (with fixes) out. No editor or protocol types here.
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { RuleTaxonomy } from './taxonomy';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Parser families: every JS dialect (JS, TS, JSX, TSX, Vue script) is checked by the `js` hook. */
export type Family = 'python' | 'js';

export interface SourceFile {
  /** Workspace-relative or absolute path with forward slashes; used for messages, fixes and ignores. */
  path: string;
  /** VS Code language id (python, javascript, typescriptreact, vue, dotenv, yaml, plaintext, ...). */
  languageId: string;
  text: string;
}

/** A replacement in a file, by UTF-16 offsets into that file's text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Edits to a file other than the one analysed (e.g. `.env.example`); created when missing. */
export interface OtherFileEdit {
  path: string;
  edits: TextEdit[];
  /** Content to write when the file does not exist yet (then `edits` is ignored). */
  createWith?: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  otherFiles?: OtherFileEdit[];
  /** Shown first and used by "fix all" when one fix is clearly right. */
  preferred?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** UTF-16 offsets into the analysed text. */
  start: number;
  end: number;
  /** The key of `message`'s template in the rule's `meta.messages`. */
  messageId: string;
  message: string;
  fixes?: Fix[];
  /** Rules whose finding on the same text this one replaced (`RuleMeta.supersedes`): it counts for them too. */
  alsoFor?: string[];
}

/**
 * What a rule reports: a message by id from its `meta.messages`, whose `{{name}}` placeholders are filled from
 * `data`; the engine resolves the text and adds the rule id and severity.
 */
export interface Report {
  start: number;
  end: number;
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this one finding (e.g. an error when credentials are allowed). */
  severity?: Severity;
}

export interface CancelToken {
  readonly isCancelled: boolean;
}

export interface AnalyzeOptions {
  /** Per-rule severity override or 'off' (user settings). */
  severities?: Record<string, SeveritySetting>;
  /** Reads another workspace file's text (for fixes touching other files); undefined when missing. */
  readFile?: (path: string) => string | undefined;
  /** Extra context rules may use; e.g. `isTestFile` lets debug-mode stay quiet in tests. */
  isTestFile?: boolean;
  /** True when a secret of this file is accepted in `.preflight/baseline.json` (rule + path + salted hash). */
  isBaselined?: (ruleId: string, secret: string) => boolean;
  /** True when the workspace's .gitignore ignores a path (e.g. whether `.env` is safe to hold secrets). */
  isGitIgnored?: (path: string) => boolean;
  /** When given, milliseconds spent per rule id (and `(parse)`) are added to it: `--verbose`, slow-file logs. */
  ruleTimes?: Map<string, number>;
  /** The project model's facts about the handler registered at a 1-based line of this file (other modules). */
  handlerFacts?: (line: number) => HandlerFacts | undefined;
  /**
   * Which rule keywords occur in the text, when the caller keeps that current across edits (an open
   * document's `KeywordCounts`); it must know every keyword of the rules run. Else the text is scanned.
   */
  keywordsPresent?: (keyword: string) => boolean;
}

/** What the project model knows about one handler from the whole workspace. */
export interface HandlerFacts {
  /** A paid AI call reachable through helpers in other modules, and the chain of calls to it. */
  ai?: { call: string; chain: string[] };
  /** A limit applied away from the handler (router, mount, app, middleware prefix). */
  rateLimitBy?: string;
  /** The full paths it is served at (router prefixes and mounts applied), as the endpoint inventory shows them. */
  paths?: string[];
  /**
   * Keyed by a function's `def` line (not a handler's): its parameters that every call site in the workspace
   * passes a constant to, so a value read from them is not user-supplied.
   */
  constantParams?: string[];
}

export interface RuleMeta {
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** One sentence, shown in SARIF shortDescription and the README rule table. */
  summary: string;
  /** Id of the checklist item this rule serves (checklist/<id>.md). */
  checklistItem: string;
  /** Which hooks the rule implements, for docs and the consistency test. */
  languages: ReadonlyArray<Family | 'text'>;
  /** CWE ids, OWASP Top 10 category and code-scanning score (core/taxonomy.ts). */
  taxonomy: RuleTaxonomy;
  /** Every message the rule can report, by id; `{{name}}` is filled from the report's `data`. */
  messages: Readonly<Record<string, string>>;
  /**
   * More general rules that report the same problem on the same text: where both fire, this rule's finding is
   * kept and takes the other's fixes as alternatives (core/supersede.ts).
   */
  supersedes?: readonly string[];
}

/** What a rule sees when it checks a parsed file. */
export interface TreeContext {
  readonly file: SourceFile;
  readonly family: Family;
  readonly text: string;
  readonly root: Node;
  report(report: Report): void;
  readonly options: AnalyzeOptions;
}

/** What a rule sees when it checks raw text (any file, including code files). */
export interface TextContext {
  readonly file: SourceFile;
  readonly text: string;
  /** True when this is a code file whose syntax tree is unavailable (parse over budget): text checks stand in. */
  readonly treeSkipped?: boolean;
  report(report: Report): void;
  readonly options: AnalyzeOptions;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * Cheap prefilter: the rule runs on a file only if its text contains one of these strings
   * (case-sensitive). Most files skip most rules without touching the tree.
   */
  keywords?: readonly string[];
  python?: (ctx: TreeContext) => void;
  js?: (ctx: TreeContext) => void;
  /** Runs on every text file (and code files); used by the secret detector and template checks. */
  text?: (ctx: TextContext) => void;
}

export type { Node, Tree };

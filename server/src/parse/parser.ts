// Loads the tree-sitter WebAssembly runtime and grammars once, and parses (incrementally) on demand.
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { KeywordCounts } from '../core/keywords';
import { grammarFor } from '../core/languages';
import { blankOutsideVueScripts } from './vue';

export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx';
type Tree = TreeSitter.Tree;

let runtime: Promise<string> | undefined;
const loading = new Map<Grammar, Promise<void>>();
const languages = new Map<Grammar, TreeSitter.Language>();
const parsers = new Map<Grammar, TreeSitter.Parser>();

const ALL_GRAMMARS: readonly Grammar[] = ['python', 'javascript', 'typescript', 'tsx'];

/** The wasm folder: next to the bundle (out/wasm) when bundled, else the npm package. */
function wasmDir(): string {
  const bundled = join(__dirname, 'wasm');
  if (existsSync(join(bundled, 'tree-sitter.wasm'))) return bundled;
  // Unbundled (tests, scripts): resolve the npm package at run time, not at bundle time.
  return dirname(createRequire(__filename).resolve('@vscode/tree-sitter-wasm'));
}

/**
 * Must be awaited once before analysing; later calls return at once for grammars already loaded. Without
 * `grammars`, every grammar; the CLI names only those its files need (`grammarsFor`), since compiling the
 * TypeScript grammars costs a Python-only lint about 0.2 s per thread.
 */
export function initParsers(grammars: Iterable<Grammar> = ALL_GRAMMARS): Promise<void> {
  runtime ??= (async () => {
    const dir = wasmDir();
    await TreeSitter.Parser.init({ locateFile: (file: string) => join(dir, file) });
    return dir;
  })();
  const pending: Promise<void>[] = [];
  for (const g of grammars) {
    let load = loading.get(g);
    if (!load) {
      load = runtime.then(async (dir) => {
        languages.set(g, await TreeSitter.Language.load(readFileSync(join(dir, `tree-sitter-${g}.wasm`))));
      });
      loading.set(g, load);
    }
    pending.push(load);
  }
  return Promise.all(pending).then(() => undefined);
}

/** The grammars analysing files of these languages needs (a Vue file's template expressions parse as JavaScript). */
export function grammarsFor(languageIds: Iterable<string>): Set<Grammar> {
  const out = new Set<Grammar>();
  for (const id of languageIds) {
    const g = grammarFor(id);
    if (g) out.add(g);
    if (id === 'vue') out.add('javascript');
  }
  return out;
}

function newParser(grammar: Grammar): TreeSitter.Parser {
  const language = languages.get(grammar);
  if (!language) throw new Error('Parsers are not initialised: await initParsers() first');
  const parser = new TreeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

function parserFor(grammar: Grammar): TreeSitter.Parser {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = newParser(grammar);
    parsers.set(grammar, parser);
  }
  return parser;
}

/** Text the grammar sees: Vue files keep only their <script> blocks, offsets unchanged. */
export function parseableText(languageId: string, text: string): string {
  return languageId === 'vue' ? blankOutsideVueScripts(text) : text;
}

/**
 * Longest a single parse may take: a base plus an allowance per KB, so a big ordinary file on a busy
 * machine is never cut short. tree-sitter-python is quadratic on long runs of comment lines (4,000 of
 * them take over a second), so a hostile or odd file must not stall the editor or the CLI: past the
 * budget the parse is abandoned and only the text rules (secrets) run on that file.
 */
const PARSE_BUDGET_MS = 1500;
const PARSE_MS_PER_KB = 10;

export function parseBudgetFor(text: string): number {
  return PARSE_BUDGET_MS + Math.round((text.length / 1024) * PARSE_MS_PER_KB);
}

/** ParseTimeout's message, without building an Error (and its stack) for a file that was never parsed. */
export function parseTimeoutMessage(ms: number): string {
  return `parsing took longer than ${ms} ms; syntax-based rules were skipped for this file`;
}

export class ParseTimeout extends Error {
  constructor(readonly ms: number) {
    super(parseTimeoutMessage(ms));
  }
}

/** Parses (incrementally when `oldTree` is given); undefined for languages without a grammar. Throws ParseTimeout. */
export function parse(
  languageId: string,
  text: string,
  oldTree?: Tree,
  budgetMs = parseBudgetFor(text),
): Tree | undefined {
  const grammar = grammarFor(languageId);
  if (!grammar) return undefined;
  const deadline = performance.now() + budgetMs;
  // Checked on every call: in the pathological (quadratic) case the parser reports progress rarely.
  const tree = parserFor(grammar).parse(parseableText(languageId, text), oldTree ?? null, {
    progressCallback: () => performance.now() > deadline,
  });
  if (!tree) {
    parserFor(grammar).reset(); // an abandoned parse would otherwise resume on the next call
    throw new ParseTimeout(budgetMs);
  }
  return tree;
}

function pointAt(text: string, offset: number): TreeSitter.Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  // The wasm binding converts: indices and columns are UTF-16 code units, like JS strings.
  return { row, column: offset - lineStart };
}

/** Where `inserted` ends when it is inserted at `start`. */
function pointAfter(start: TreeSitter.Point, inserted: string): TreeSitter.Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}

/**
 * Broken texts up to this size whose sliced parse was halted are parsed again in one go (about 40 ms at this
 * size on a 2-core machine): their findings then never depend on where the slices fell.
 */
const EXACT_REPARSE_CHARS = 256 * 1024;
/**
 * That one-go parse blocks the thread (as long as the whole sliced parse took): while the user types it waits
 * until no edit came for this long, so it never delays the next keystroke. An edit meanwhile drops it.
 */
const TYPING_PAUSE_MS = 300;

/**
 * A document kept parsed across edits: each edit updates the old tree so the next parse
 * reuses every untouched subtree (what keeps diagnostics fast while typing).
 */
export class ParsedDocument {
  private tree: Tree | undefined;
  private stale = false;
  /** Set when parsing this document timed out: no retry on every keystroke until it shrinks. */
  private tooSlowAtLength: number | undefined;
  /** Whether the text has (had) a "\r": then editor positions may count lines differently from tree-sitter. */
  private hasCR: boolean;
  /** Counts edits, so a parse suspended across a turn of the event loop knows its text was replaced. */
  private edits = 0;
  /** When the last edit came (performance.now()): a blocking one-go parse waits for a pause in typing. */
  private lastEditAt = -Infinity;
  private disposed = false;
  /** Analyses reading the tree across turns of the event loop (`hold()`), and sliced parses running. */
  private holders = 0;
  private slicing = 0;
  /** `releaseTree()` was asked while the tree was in use: done when the last user lets go. */
  private releaseWanted = false;

  /** Occurrences of the rules' keywords (when given), updated with every edit like the tree. */
  readonly keywords: KeywordCounts | undefined;

  constructor(
    readonly languageId: string,
    private text: string,
    keywords?: readonly string[],
  ) {
    this.hasCR = text.includes('\r');
    this.keywords = keywords && new KeywordCounts(keywords, text);
  }

  get currentText(): string {
    return this.text;
  }

  /**
   * Applies one edit given as a UTF-16 range of the current text. `at`: the range's start and end as
   * (line, UTF-16 column), when the caller knows them (the language server's document does), so a
   * keystroke does not count the lines of the whole file; without it they are computed from the text.
   */
  applyEdit(
    start: number,
    end: number,
    newText: string,
    at?: { start: TreeSitter.Point; end: TreeSitter.Point },
  ): void {
    const before = this.text;
    this.edits++;
    this.lastEditAt = performance.now();
    this.releaseWanted = false; // edited: in use again
    this.text = before.slice(0, start) + newText + before.slice(end);
    this.keywords?.edit(before, start, end, newText);
    // tree-sitter counts rows by "\n" alone; editor positions also break lines at a lone "\r".
    this.hasCR ||= newText.includes('\r');
    if (!this.tree || this.languageId === 'vue') {
      this.stale = true; // Vue blanking can shift what is script; re-parse fresh.
      return;
    }
    const known = at && !this.hasCR ? at : undefined;
    const startPosition = known?.start ?? pointAt(before, start);
    this.tree.edit({
      startIndex: start,
      oldEndIndex: end,
      newEndIndex: start + newText.length,
      startPosition,
      oldEndPosition: known?.end ?? pointAt(before, end),
      newEndPosition: known ? pointAfter(startPosition, newText) : pointAt(this.text, start + newText.length),
    });
    this.stale = true;
  }

  /** Replaces the whole text (full sync); the next parse starts fresh. */
  setText(text: string): void {
    this.edits++;
    this.releaseWanted = false;
    this.keywords?.edit(this.text, 0, this.text.length, text);
    this.text = text;
    this.hasCR = text.includes('\r');
    this.tree?.delete();
    this.tree = undefined;
  }

  /** The current tree; undefined when the language has no grammar, null when parsing exceeded its budget. */
  getTree(): Tree | null | undefined {
    if (this.tooSlowAtLength !== undefined && this.text.length >= this.tooSlowAtLength * 0.9) return null;
    if (!this.tree || this.stale) {
      const old = this.languageId === 'vue' ? undefined : this.tree;
      let next: Tree | undefined;
      try {
        next = parse(this.languageId, this.text, old);
        this.tooSlowAtLength = undefined;
      } catch (error) {
        if (!(error instanceof ParseTimeout)) throw error;
        this.tooSlowAtLength = this.text.length;
      }
      if (this.tree && this.tree !== next) this.tree.delete();
      this.tree = next;
      this.stale = false;
    }
    return this.tree ?? (this.tooSlowAtLength !== undefined ? null : undefined);
  }

  /**
   * Brings the tree up to date if that takes at most `budgetMs` (a keystroke's re-parse); true when the tree
   * is current. Past the budget the parse is abandoned, nothing else changes, and the next `getTree()` parses
   * in full (a broken intermediate state can cost tree-sitter's error recovery 50-110 ms on 5,000 lines).
   */
  parseWithin(budgetMs: number): boolean {
    if (this.tree && !this.stale) return true;
    if (this.languageId === 'vue' || this.tooSlowAtLength !== undefined) {
      this.getTree();
      return true;
    }
    // Without a tree (released, see releaseTree) the parse starts fresh, within the same budget.
    let next: Tree | undefined;
    try {
      next = parse(this.languageId, this.text, this.tree, budgetMs);
    } catch (error) {
      if (!(error instanceof ParseTimeout)) throw error;
      return false;
    }
    if (this.tree && next !== this.tree) this.tree.delete();
    this.tree = next;
    this.stale = false;
    return true;
  }

  /** Whether the last parse was abandoned for taking too long. */
  get parseTimedOut(): boolean {
    return this.tooSlowAtLength !== undefined;
  }

  /**
   * getTree(), the parse cut into slices of `sliceMs` between which the event loop turns, so an edit that arrives
   * meanwhile is read: a broken state of a big file can cost tree-sitter's error recovery seconds (20,000 lines
   * of TypeScript with an unclosed bracket), and a keystroke must not wait for the parse of the text it replaces.
   * 'superseded' when the text changed during a turn (the parse is dropped; the next call starts over).
   */
  async getTreeSliced(sliceMs: number): Promise<Tree | null | undefined | 'superseded'> {
    const grammar = grammarFor(this.languageId);
    if ((this.tree && !this.stale) || !grammar || this.languageId === 'vue' || this.tooSlowAtLength !== undefined)
      return this.getTree();
    // A parser of its own: a parse suspended across a turn must not share the grammar's parser with other files.
    const parser = newParser(grammar);
    this.slicing++;
    try {
      return await this.sliced(parser, sliceMs);
    } finally {
      parser.delete();
      this.slicing--;
      this.releaseIfWanted();
    }
  }

  /**
   * Marks the tree as read by an analysis that turns the event loop (the tree must outlive it); call the
   * returned function when done.
   */
  hold(): () => void {
    this.holders++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.holders--;
      this.releaseIfWanted();
    };
  }

  /**
   * Frees the syntax tree of a document the user is not editing: a 20,000-line file's tree takes about 17 MB of
   * the parser's memory, which never shrinks, so every open file's tree would add to the server's peak. The
   * text and keyword counts stay; the next parse starts fresh (in slices, with provisional answers meanwhile).
   * Deferred while an analysis holds the tree or a sliced parse reads it; an edit cancels it.
   */
  releaseTree(): void {
    this.releaseWanted = true;
    this.releaseIfWanted();
  }

  private releaseIfWanted(): void {
    if (!this.releaseWanted || this.holders > 0 || this.slicing > 0) return;
    this.releaseWanted = false;
    this.tree?.delete();
    this.tree = undefined;
    this.stale = false;
  }

  /** Whether a syntax tree is kept (for tests: released trees are parsed again on demand). */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  private async sliced(parser: TreeSitter.Parser, sliceMs: number): Promise<Tree | null | undefined | 'superseded'> {
    const { text, edits } = this;
    const old = this.tree;
    const deadline = performance.now() + parseBudgetFor(text);
    let halted = false;
    for (;;) {
      const sliceEnd = Math.min(performance.now() + sliceMs, deadline);
      let next = parser.parse(text, old ?? null, { progressCallback: () => performance.now() > sliceEnd });
      if (next) {
        // tree-sitter resumes a halted parse, but where the text is broken its error recovery can then end in
        // another tree than one uninterrupted parse gives: the findings of a broken state would depend on how
        // busy the machine was. Up to EXACT_REPARSE_CHARS such a tree is parsed again in one go.
        if (halted && next.rootNode.hasError && text.length <= EXACT_REPARSE_CHARS) {
          const paused = await this.typingPaused(edits, old);
          if (paused !== true) {
            next.delete();
            return paused;
          }
          const whole = parser.parse(text, old ?? null);
          if (whole) {
            next.delete();
            next = whole;
          }
        }
        if (old) old.delete();
        this.tree = next;
        this.stale = false;
        return next;
      }
      halted = true;
      if (performance.now() > deadline) {
        // Past the budget: what getTree() records, so the next keystrokes do not try again until the file shrinks.
        old?.delete();
        this.tree = undefined;
        this.stale = false;
        this.tooSlowAtLength = text.length;
        return null;
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (this.disposed || this.edits !== edits) return 'superseded'; // the parse is dropped with its parser
      // Another caller brought the tree up to date meanwhile: resuming would read the tree it replaced.
      if (this.tree !== old) return this.getTree();
    }
  }

  /**
   * Waits until no edit came for TYPING_PAUSE_MS. True when the text and tree are still those of the parse
   * that waited; else what that parse must return: 'superseded' (the text changed or the document closed),
   * or the current tree (another caller brought it up to date meanwhile).
   */
  private async typingPaused(
    edits: number,
    old: Tree | undefined,
  ): Promise<true | ReturnType<ParsedDocument['getTree']> | 'superseded'> {
    for (;;) {
      const quiet = performance.now() - this.lastEditAt;
      if (quiet >= TYPING_PAUSE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS - quiet));
      if (this.disposed || this.edits !== edits) return 'superseded';
    }
    return this.tree === old ? true : this.getTree();
  }

  /** The document was closed: its tree is freed (once an analysis still reading it lets go). */
  dispose(): void {
    this.disposed = true;
    this.releaseTree();
  }
}

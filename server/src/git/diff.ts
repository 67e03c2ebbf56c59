// Streaming parser for git's unified diffs (`git diff -U0`, `git log -p`): fed one line at a time,
// it reports each file and each run of added lines with its new-file line number. Memory stays bounded:
// only the current run of added lines is held, and long runs are flushed in pieces.
import { decodeName, parseDiffGitPaths, parseMarkerPath } from './diffPaths';

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface DiffFile {
  oldPath?: string;
  /** Path in the new tree; undefined when the file was deleted. */
  newPath?: string;
  status: FileStatus;
  binary: boolean;
  /** A gitlink (mode 160000): its "content" is a commit id, never scanned. */
  submodule: boolean;
  oldMode?: string;
  newMode?: string;
  similarity?: number;
}

/** Consecutive added lines; `firstLine` is the 1-based line of `lines[0]` in the new file. */
export interface AddedBlock {
  file: DiffFile;
  firstLine: number;
  lines: string[];
  /**
   * The added lines just above `lines` when a long run was flushed in pieces (already delivered with the
   * previous piece): scanned again as context, so a private key cut by a flush is still seen whole.
   */
  before: string[];
}

export interface DiffHandlers {
  /** Called once per file when its hunks start (or at its end when it has none). Return false to skip its lines. */
  onFile?(file: DiffFile): boolean | void;
  onAdded(block: AddedBlock): void;
  /** A line outside any diff (e.g. a `git log` commit header). */
  onOther?(line: string): void;
}

/** Flush a run of added lines once it holds this many characters, so one huge hunk never sits in memory. */
const FLUSH_CHARS = 256 * 1024;
/** Context carried into the next piece of a long run: enough for a PEM key (about 50 lines, 3.3 KB). */
const OVERLAP_LINES = 120;
const OVERLAP_CHARS = 32 * 1024;
const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

type State = 'outside' | 'headers' | 'hunk' | 'skip';

export class DiffParser {
  private state: State = 'outside';
  private file: DiffFile | undefined;
  private announced = false;
  private wanted = true;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;
  private run: string[] = [];
  private runChars = 0;
  private runStart = 0;
  private before: string[] = [];

  constructor(private readonly handlers: DiffHandlers) {}

  push(rawLine: string): void {
    if (this.state === 'hunk') {
      this.hunkLine(rawLine);
      return;
    }
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('diff --git ')) {
      this.startFile(line.slice(11));
      return;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      this.endFile();
      this.state = 'skip';
      return;
    }
    if (this.state === 'skip') {
      if (
        !line.startsWith(' ') &&
        !line.startsWith('+') &&
        !line.startsWith('-') &&
        !line.startsWith('@') &&
        !line.startsWith('\\') &&
        !/^(index|mode|new file|deleted file|similarity|Binary) /.test(line)
      ) {
        this.state = 'outside';
        this.handlers.onOther?.(line);
      }
      return;
    }
    if (this.state === 'headers' && this.file) {
      this.headerLine(line);
      return;
    }
    if (this.file && line.startsWith('@@ ')) {
      this.startHunk(line);
      return;
    }
    if (line.startsWith('\\')) return; // "\ No newline at end of file" after a hunk's last line
    this.endFile();
    this.handlers.onOther?.(line);
  }

  /** Call after the last line. */
  end(): void {
    this.endFile();
  }

  private startFile(rest: string): void {
    this.endFile();
    const names = parseDiffGitPaths(rest);
    this.file = {
      oldPath: names?.oldPath,
      newPath: names?.newPath,
      status: 'modified',
      binary: false,
      submodule: false,
    };
    this.announced = false;
    this.wanted = true;
    this.state = 'headers';
  }

  private headerLine(line: string): void {
    const f = this.file as DiffFile;
    if (line.startsWith('@@ ')) {
      this.startHunk(line);
      return;
    }
    if (line.startsWith('\\')) return; // "\ No newline at end of file" after a hunk's last line
    if (line.startsWith('--- ')) {
      f.oldPath = parseMarkerPath(line.slice(4)) ?? f.oldPath;
      if (line.slice(4).startsWith('/dev/null')) f.status = 'added';
      return;
    }
    if (line.startsWith('+++ ')) {
      const p = parseMarkerPath(line.slice(4));
      if (p === undefined) {
        f.status = 'deleted';
        f.newPath = undefined;
      } else f.newPath = p;
      return;
    }
    if (line.startsWith('new file mode ')) {
      f.status = 'added';
      f.newMode = line.slice(14);
      f.submodule ||= f.newMode === '160000';
      return;
    }
    if (line.startsWith('deleted file mode ')) {
      f.status = 'deleted';
      f.oldMode = line.slice(18);
      f.submodule ||= f.oldMode === '160000';
      return;
    }
    if (line.startsWith('old mode ')) {
      f.oldMode = line.slice(9);
      return;
    }
    if (line.startsWith('new mode ')) {
      f.newMode = line.slice(9);
      return;
    }
    if (line.startsWith('rename from ')) {
      f.status = 'renamed';
      f.oldPath = decodeName(line.slice(12));
      return;
    }
    if (line.startsWith('rename to ')) {
      f.status = 'renamed';
      f.newPath = decodeName(line.slice(10));
      return;
    }
    if (line.startsWith('copy from ')) {
      f.status = 'copied';
      f.oldPath = decodeName(line.slice(10));
      return;
    }
    if (line.startsWith('copy to ')) {
      f.status = 'copied';
      f.newPath = decodeName(line.slice(8));
      return;
    }
    if (line.startsWith('similarity index ')) {
      f.similarity = parseInt(line.slice(17), 10);
      return;
    }
    if (line.startsWith('index ')) {
      if (/ 160000$/.test(line)) f.submodule = true;
      return;
    }
    if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      f.binary = true;
      return;
    }
    if (
      line.startsWith('dissimilarity index ') ||
      line.startsWith('literal ') ||
      line.startsWith('delta ') ||
      line === ''
    )
      return;
    // Anything else ends this file's headers (e.g. the next commit's header in `git log -p`).
    this.endFile();
    this.handlers.onOther?.(line);
  }

  private startHunk(line: string): void {
    const m = HUNK.exec(line);
    if (!m || !this.file) {
      this.endFile();
      this.handlers.onOther?.(line);
      return;
    }
    this.announce();
    this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    this.newLine = Number(m[2]);
    this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
    this.state = this.oldLeft + this.newLeft > 0 ? 'hunk' : 'headers';
  }

  private hunkLine(raw: string): void {
    const tag = raw[0];
    if (tag === '+') {
      if (this.wanted) {
        if (this.run.length === 0) this.runStart = this.newLine;
        const text = raw.endsWith('\r') ? raw.slice(1, -1) : raw.slice(1);
        this.run.push(text);
        this.runChars += text.length + 1;
        if (this.runChars >= FLUSH_CHARS) this.flush(true);
      }
      this.newLine++;
      this.newLeft--;
    } else if (tag === '-') {
      this.flush();
      this.oldLeft--;
    } else if (tag === ' ') {
      this.flush();
      this.newLine++;
      this.newLeft--;
      this.oldLeft--;
    } else if (tag === '\\') {
      return;
    } else {
      // Malformed or truncated hunk: recover by treating the line as outside any hunk.
      this.flush();
      this.state = 'headers';
      this.push(raw);
      return;
    }
    if (this.oldLeft <= 0 && this.newLeft <= 0) {
      this.flush();
      this.state = 'headers';
    }
  }

  private announce(): void {
    if (this.announced || !this.file) return;
    this.announced = true;
    const f = this.file;
    if (f.binary || f.submodule || f.status === 'deleted') this.wanted = false;
    if (this.handlers.onFile?.(f) === false) this.wanted = false;
  }

  /** Hands over the current run; `carry` keeps its last lines as context for the next piece of the run. */
  private flush(carry = false): void {
    if (!this.run.length || !this.file) {
      this.before = [];
      return;
    }
    const block: AddedBlock = { file: this.file, firstLine: this.runStart, lines: this.run, before: this.before };
    let kept = 0;
    let keptChars = 0;
    while (carry && kept < OVERLAP_LINES && kept < this.run.length) {
      const len = this.run[this.run.length - 1 - kept].length + 1;
      if (keptChars + len > OVERLAP_CHARS) break;
      keptChars += len;
      kept++;
    }
    this.before = kept ? this.run.slice(this.run.length - kept) : [];
    this.runStart += this.run.length;
    this.run = [];
    this.runChars = 0;
    this.handlers.onAdded(block);
  }

  private endFile(): void {
    this.flush();
    if (this.file) this.announce();
    this.file = undefined;
    this.state = 'outside';
  }
}

// What the MCP tools do, as plain functions over one workspace root: lint, staged scan, checklist, endpoints,
// rule docs and fixes. Results are compact JSON for agents; secrets are masked; nothing in the workspace runs.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { analyze } from '../core/analyze';
import { languageIdForPath } from '../core/languages';
import { mask } from '../core/masking';
import type { Finding, Fix, TextEdit } from '../core/types';
import { evaluateChecklist } from '../checklist/evaluate';
import { PHASES, type Phase } from '../checklist/items';
import { scanStaged } from '../git/staged';
import { initParsers } from '../parse/parser';
import { RULES } from '../rules';
import { detectSecrets } from '../secrets/detect';
import { applyEdits } from '../syntax/fixes';
import { readTextFile, DEFAULT_MAX_FILE_SIZE_KB } from '../workspace/readText';
import { walkFiles } from '../workspace/walk';
import { lintBatch, type LintFinding } from '../cli/lintBatch';
import { taskFor } from '../cli/checkFiles';
import { lintEngineFor } from '../cli/lint';
import { endpointsJson } from '../cli/endpoints';
import { buildProjectModel } from '../model/build';
import { writeAtomic } from '../workspace/atomicWrite';
import { ToolError, type WorkspaceRoot } from './workspaceRoot';

/** Findings an agent sees: where, what, which doc, and the fixes as text edits. */
export interface AgentFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  doc: string;
  fixes?: LintFinding['fixes'];
}

/** Most findings returned by one lint call, so an agent's context is never flooded. */
const MAX_FINDINGS = 200;

const docOf = (ruleId: string): string => `docs/rules/${ruleId}.md`;

function agentFinding(f: LintFinding, file: string): AgentFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    doc: docOf(f.ruleId),
    ...(f.fixes ? { fixes: f.fixes } : {}),
  };
}

export interface LintResult {
  filesChecked: number;
  filesSkipped: number;
  findings: AgentFinding[];
  /** Findings not listed because of MAX_FINDINGS. */
  omitted: number;
}

/** Lints files and folders under the root (default: the whole root), honouring ignores like `preflight lint`. */
export async function lintPaths(root: WorkspaceRoot, paths: readonly string[] | undefined): Promise<LintResult> {
  const targets = (paths?.length ? paths : ['.']).map((p) => root.resolve(p));
  let skipped = 0;
  const tasks = [];
  for (const file of walkFiles(targets, { cwd: root.path, onSkip: () => skipped++ }))
    tasks.push(taskFor(file, root.path));
  const outcomes = await lintBatch(
    tasks,
    {
      severities: {},
      maxBytes: DEFAULT_MAX_FILE_SIZE_KB * 1024,
      withFixes: true,
    },
    lintEngineFor,
  );
  const findings: AgentFinding[] = [];
  let total = 0;
  for (const o of outcomes) {
    if (o.skipped) skipped++;
    for (const f of o.findings) {
      total++;
      if (findings.length < MAX_FINDINGS) findings.push(agentFinding(f, root.display(o.task.absPath)));
    }
  }
  return {
    filesChecked: outcomes.length - outcomes.filter((o) => o.skipped).length,
    filesSkipped: skipped,
    findings,
    omitted: total - findings.length,
  };
}

const SNIPPET_FILES: Record<string, string> = {
  python: 'snippet.py',
  javascript: 'snippet.js',
  javascriptreact: 'snippet.jsx',
  typescript: 'snippet.ts',
  typescriptreact: 'snippet.tsx',
  vue: 'snippet.vue',
  dotenv: '.env',
  yaml: 'snippet.yaml',
  json: 'snippet.json',
  toml: 'snippet.toml',
  shellscript: 'snippet.sh',
  markdown: 'snippet.md',
  html: 'snippet.html',
  plaintext: 'snippet.txt',
};
export const SNIPPET_LANGUAGES = Object.keys(SNIPPET_FILES);

/** Lints text an agent is about to write. `path` (optional) gives context such as `settings.py` or a test file. */
export async function lintSnippet(code: string, language: string, path?: string): Promise<LintResult> {
  const name = path?.trim() || SNIPPET_FILES[language];
  if (!name) throw new ToolError(`unknown language "${language}"; use one of ${SNIPPET_LANGUAGES.join(', ')}`);
  await initParsers();
  const languageId = path ? languageIdForPath(name) : language;
  const result = analyze(RULES, { path: name, languageId, text: code });
  const located = locateAll(name, code, result.findings);
  return {
    filesChecked: 1,
    filesSkipped: 0,
    findings: located.slice(0, MAX_FINDINGS),
    omitted: Math.max(0, located.length - MAX_FINDINGS),
  };
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - lastBreak };
}

function locateAll(file: string, text: string, findings: readonly Finding[]): AgentFinding[] {
  return findings.map((f) => {
    const start = lineCol(text, f.start);
    const end = lineCol(text, f.end);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      message: f.message,
      doc: docOf(f.ruleId),
      ...(f.fixes?.length
        ? {
            fixes: f.fixes.map((fix) => ({
              title: fix.title,
              preferred: fix.preferred === true,
              edits: fix.edits.map((e) => {
                const s = lineCol(text, e.start);
                const t = lineCol(text, e.end);
                return { line: s.line, column: s.column, endLine: t.line, endColumn: t.column, newText: e.newText };
              }),
            })),
          }
        : {}),
    };
  });
}

/** The secret scan of the index: exactly what the next commit would add, masked. */
export async function scanStagedTool(root: WorkspaceRoot) {
  const result = await scanStaged({ cwd: root.path });
  return {
    clean: result.findings.length === 0,
    filesScanned: result.filesScanned,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      kind: f.kind,
      title: f.title,
      severity: f.severity,
      file: f.path,
      line: f.line,
      column: f.column,
      secret: f.masked,
      envName: f.envName,
    })),
    notScanned: result.skipped,
    unmerged: result.unmerged,
  };
}

/** The checklist: each item's state with the problems behind it (the sidebar's content, compact). */
export async function checklistTool(root: WorkspaceRoot, phase?: string) {
  if (phase !== undefined && !(PHASES as readonly string[]).includes(phase))
    throw new ToolError(`unknown phase "${phase}"; use one of ${PHASES.join(', ')}`);
  const report = await evaluateChecklist(root.path);
  const items = report.items.filter((i) => !phase || i.phase === (phase as Phase));
  return {
    summary: report.summary,
    problems: report.problems,
    items: items.map((i) => ({
      id: i.id,
      phase: i.phase,
      title: i.title,
      severity: i.severity,
      status: i.status,
      summary: i.summary,
      problems: i.evidence
        .filter((e) => e.level === 'problem')
        .slice(0, 20)
        .map((e) => ({ message: e.message, file: e.path, line: e.line })),
    })),
  };
}

/** The project model's endpoint inventory, in the documented `preflight endpoints --format json` schema. */
export async function endpointsTool(root: WorkspaceRoot) {
  const model = await buildProjectModel([root.path], { cwd: root.path });
  return endpointsJson(['.'], model.endpoints());
}

/** A rule's metadata and its documentation page. */
export function explainRule(ruleId: string, docsDir: string) {
  const rule = RULES.find((r) => r.meta.id === ruleId);
  if (!rule) throw new ToolError(`unknown rule "${ruleId}"; rules: ${RULES.map((r) => r.meta.id).join(', ')}`);
  let doc: string | undefined;
  try {
    doc = readFileSync(join(docsDir, `${ruleId}.md`), 'utf8');
  } catch {
    doc = undefined;
  }
  const { id, title, defaultSeverity, summary, languages, checklistItem } = rule.meta;
  return { id, title, defaultSeverity, summary, languages, checklistItem, doc: doc ?? summary };
}

/** Accepts fixes in order, dropping any whose edits overlap one already taken. */
function planPreferred(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[] } {
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) => a.start < b.end && b.start < a.end;
  const same = (a: TextEdit, b: TextEdit) => a.start === b.start && a.end === b.end && a.newText === b.newText;
  for (const fix of fixes) {
    if (fix.otherFiles?.length) continue; // edits to other files are left to the editor, where they can be seen
    const fresh = fix.edits.filter((e) => !edits.some((t) => same(t, e)));
    if (fresh.some((e) => edits.some((t) => overlaps(t, e)))) continue;
    edits.push(...fresh);
    applied.push(fix);
  }
  return { edits, applied };
}

/** Replaces every secret the detector sees with its mask, so a diff never shows one. */
function masked(text: string, path: string): string {
  const hits = detectSecrets(text, { path }).sort((a, b) => b.start - a.start);
  let out = text;
  for (const h of hits) out = out.slice(0, h.start) + mask(h.value) + out.slice(h.end);
  return out;
}

/** Applies the preferred fixes of one file; returns a unified diff and writes only when `write` is true. */
export async function fixFile(root: WorkspaceRoot, path: string, write: boolean) {
  const abs = root.resolve(path);
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new ToolError(`${path} is not a regular file`);
    size = st.size;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(`${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const read = readTextFile(abs, { maxBytes: DEFAULT_MAX_FILE_SIZE_KB * 1024, skipMinified: false });
  if (!read.ok) throw new ToolError(`${path} was not checked: ${read.reason}${read.detail ? ` (${read.detail})` : ''}`);
  await initParsers();
  const rel = root.display(abs);
  const result = analyze(RULES, { path: rel, languageId: languageIdForPath(rel), text: read.text });
  const preferred = result.findings.flatMap((f) => (f.fixes ?? []).filter((x) => x.preferred));
  const { edits, applied } = planPreferred(preferred);
  const after = applyEdits(read.text, edits);
  const diff = applied.length
    ? createTwoFilesPatch(`a/${rel}`, `b/${rel}`, masked(read.text, rel), masked(after, rel))
    : '';
  // Only a file that is plain UTF-8 (no BOM, valid) is written back: any other encoding would change bytes.
  if (write && applied.length && !readFileSync(abs).equals(Buffer.from(read.text, 'utf8')))
    throw new ToolError(`${path} is not plain UTF-8; the diff above was not written`);
  if (write && applied.length) writeAtomic(abs, after);
  return {
    file: rel,
    bytes: size,
    applied: applied.map((f) => f.title),
    notApplied: preferred.length - applied.length,
    written: write && applied.length > 0,
    diff,
  };
}

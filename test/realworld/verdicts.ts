// The real-world precision harness: lints every project in ../shared/realworld with the real CLI, matches each
// finding to a verdict in test/realworld/verdicts.tsv (judged by reading the code) and computes precision.
// Used by `npm run realworld` (full report) and by verdicts.test.ts (fails on unjudged, returning FP, lost TP).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO } from '../helpers/core';

export const REALWORLD = process.env.PREFLIGHT_REALWORLD ?? join(REPO, '..', 'shared', 'realworld');
const VERDICTS_FILE = join(REPO, 'test', 'realworld', 'verdicts.tsv');
const CLI = join(REPO, 'out', 'cli.js');

export type Judgement = 'TP' | 'FP' | 'debatable';
const JUDGEMENTS: readonly string[] = ['TP', 'FP', 'debatable'];

export interface Verdict {
  project: string;
  path: string;
  rule: string;
  text: string;
  verdict: Judgement;
  reason: string;
  /** 1-based line in verdicts.tsv, for error messages. */
  row: number;
}

export interface RealFinding {
  project: string;
  path: string;
  rule: string;
  text: string;
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** A finding's line as the verdict file keys it: trimmed, whitespace collapsed, at most 160 characters. */
export function lineKey(line: string): string {
  return line.replace(/\s+/g, ' ').trim().slice(0, 160);
}

const keyOf = (x: { project: string; path: string; rule: string; text: string }): string =>
  [x.project, x.path, x.rule, x.text].join('\t');

export function projects(): string[] {
  if (!existsSync(REALWORLD)) return [];
  return readdirSync(REALWORLD)
    .filter((n) => statSync(join(REALWORLD, n)).isDirectory())
    .sort();
}

export function readVerdicts(file = VERDICTS_FILE): Verdict[] {
  const rows = readFileSync(file, 'utf8').split('\n');
  const out: Verdict[] = [];
  rows.forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#') || i === 0) return; // header, comments, blank lines
    const cols = raw.split('\t');
    if (cols.length !== 6 || !JUDGEMENTS.includes(cols[4]) || !cols[5].trim())
      throw new Error(`${file}:${i + 1}: want 6 tab-separated columns with TP/FP/debatable and a reason`);
    const [project, path, rule, text, verdict, reason] = cols;
    out.push({ project, path, rule, text, verdict: verdict as Judgement, reason, row: i + 1 });
  });
  return out;
}

function lintProject(project: string): Promise<RealFinding[]> {
  const dir = realpathSync(join(REALWORLD, project)); // the CLI reports real paths
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'lint', dir, '--format', 'json', '--fail-on', 'error'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`lint ${project} exited ${code}: ${stderr}`));
      const raw = JSON.parse(stdout) as {
        path: string;
        line: number;
        ruleId: string;
        severity: string;
        message: string;
      }[];
      const lines = new Map<string, string[]>();
      resolve(
        raw.map((f) => {
          if (!lines.has(f.path)) lines.set(f.path, readFileSync(f.path, 'utf8').split(/\r?\n/));
          return {
            project,
            path: relative(dir, f.path).split(sep).join('/'),
            rule: f.ruleId,
            text: lineKey(lines.get(f.path)![f.line - 1] ?? ''),
            line: f.line,
            severity: f.severity as RealFinding['severity'],
            message: f.message,
          };
        }),
      );
    });
  });
}

/** Lints every project, two at a time (the machine is shared). */
export async function lintAll(): Promise<RealFinding[]> {
  const names = projects();
  const results: RealFinding[][] = new Array(names.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++;
      results[i] = await lintProject(names[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results.flat();
}

export interface RuleStats {
  rule: string;
  /** Warnings and errors by verdict. */
  tp: number;
  fp: number;
  debatable: number;
  info: number;
  /** Findings of any severity with no verdict row. */
  unjudged: number;
}

export interface Comparison {
  findings: RealFinding[];
  /** Findings with no verdict row. */
  unjudged: RealFinding[];
  /** Findings whose verdict is FP (the noise still there). */
  falsePositives: { finding: RealFinding; verdict: Verdict }[];
  /** TP verdicts no finding matches any more. */
  lostTruePositives: Verdict[];
  /** FP / debatable verdicts no finding matches any more (fixed noise; the row may be deleted). */
  stale: Verdict[];
  perRule: RuleStats[];
  /** Warning/error totals; precision = TP / (TP + FP), strict precision counts debatable as not real. */
  total: { tp: number; fp: number; debatable: number; info: number; precision: number; strict: number };
}

export function compare(findings: RealFinding[], verdicts: Verdict[]): Comparison {
  const byKey = new Map<string, Verdict>();
  for (const v of verdicts) {
    const k = keyOf(v);
    if (byKey.has(k)) throw new Error(`${VERDICTS_FILE}:${v.row}: duplicate of row ${byKey.get(k)!.row}`);
    byKey.set(k, v);
  }
  const seen = new Set<string>();
  const unjudged: RealFinding[] = [];
  const falsePositives: Comparison['falsePositives'] = [];
  const stats = new Map<string, RuleStats>();
  for (const f of findings) {
    const k = keyOf(f);
    const v = byKey.get(k);
    const s = stats.get(f.rule) ?? { rule: f.rule, tp: 0, fp: 0, debatable: 0, info: 0, unjudged: 0 };
    stats.set(f.rule, s);
    if (!v) {
      s.unjudged++;
      unjudged.push(f);
      continue;
    }
    seen.add(k);
    if (v.verdict === 'FP') falsePositives.push({ finding: f, verdict: v });
    if (f.severity === 'info') s.info++;
    else if (v.verdict === 'TP') s.tp++;
    else if (v.verdict === 'FP') s.fp++;
    else s.debatable++;
  }
  const unseen = verdicts.filter((v) => !seen.has(keyOf(v)));
  const perRule = [...stats.values()].sort((a, b) => a.rule.localeCompare(b.rule));
  const sum = (f: (s: RuleStats) => number): number => perRule.reduce((n, s) => n + f(s), 0);
  const tp = sum((s) => s.tp);
  const fp = sum((s) => s.fp);
  const debatable = sum((s) => s.debatable);
  return {
    findings,
    unjudged,
    falsePositives,
    lostTruePositives: unseen.filter((v) => v.verdict === 'TP'),
    stale: unseen.filter((v) => v.verdict !== 'TP'),
    perRule,
    total: {
      tp,
      fp,
      debatable,
      info: sum((s) => s.info),
      precision: tp + fp ? tp / (tp + fp) : 1,
      strict: tp + fp + debatable ? tp / (tp + fp + debatable) : 1,
    },
  };
}

const pct = (x: number): string => x.toFixed(2);
const where = (f: RealFinding): string => `${f.project}/${f.path}:${f.line}  ${f.rule}  ${f.text}`;

/** The one-line figure quoted in the README. */
export function summaryLine(c: Comparison): string {
  const t = c.total;
  return (
    `warning/error precision ${pct(t.precision)} (${t.tp} TP, ${t.fp} FP, ${t.debatable} debatable; ` +
    `${pct(t.strict)} counting debatable as FP), ${t.info} info, ${c.findings.length} findings, ` +
    `${c.unjudged.length} unjudged`
  );
}

export function report(c: Comparison): string {
  const out: string[] = [];
  out.push('rule (warnings and errors)   TP   FP  deb  info  new  precision');
  for (const s of c.perRule) {
    const p = s.tp + s.fp ? pct(s.tp / (s.tp + s.fp)) : '   -';
    out.push(
      `${s.rule.padEnd(27)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ` +
        `${String(s.debatable).padStart(4)} ${String(s.info).padStart(5)} ${String(s.unjudged).padStart(4)}  ${p}`,
    );
  }
  out.push('', summaryLine(c));
  const section = (title: string, lines: string[]): void => {
    if (lines.length) out.push('', `${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  };
  const noise = c.falsePositives.filter(({ finding }) => finding.severity !== 'info');
  section(
    'false positives still reported as warnings or errors',
    noise.map(({ finding, verdict }) => `${finding.severity}  ${where(finding)}  -- ${verdict.reason}`),
  );
  const infoNoise = c.falsePositives.length - noise.length;
  if (infoNoise) out.push('', `${infoNoise} info findings judged FP (listed in verdicts.tsv)`);
  section(
    'findings with no verdict (judge them in test/realworld/verdicts.tsv)',
    c.unjudged.map((f) => `${f.severity}  ${where(f)}  -- ${f.message}`),
  );
  section(
    'true positives no longer found',
    c.lostTruePositives.map((v) => `row ${v.row}: ${v.project}/${v.path}  ${v.rule}  ${v.text}`),
  );
  section(
    'stale FP/debatable rows (finding gone; the row can be deleted)',
    c.stale.map((v) => `row ${v.row}: ${v.project}/${v.path}  ${v.rule}  ${v.verdict}  ${v.text}`),
  );
  return out.join('\n');
}

/** Rows for findings with no verdict, to paste into verdicts.tsv and then judge. */
export function draftRows(c: Comparison): string {
  return c.unjudged.map((f) => [f.project, f.path, f.rule, f.text, 'FP', `TODO ${f.severity}`].join('\t')).join('\n');
}

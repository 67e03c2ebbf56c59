// `preflight checklist [path] [--phase P] [--format text|json] [--output FILE]`: the sidebar's checklist,
// headless. Exit 1 when an automatic item fails (waived items do not count), 2 on errors.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateChecklist, hasFailures, summarise } from '../checklist/evaluate';
import { PHASES, type Phase } from '../checklist/items';
import type { ChecklistReport, ItemResult } from '../checklist/types';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';

const PHASE_TITLES: Record<Phase, string> = {
  'before-coding': 'Before coding',
  'every-endpoint': 'Every endpoint',
  'before-commit': 'Before commit',
  'before-deploy': 'Before deploy',
};

const STATUS_LABEL: Record<ItemResult['status'], string> = {
  pass: 'pass   ',
  fail: 'FAIL   ',
  unknown: 'unknown',
  manual: 'manual ',
  ticked: 'ticked ',
  waived: 'waived ',
  'not-applicable': 'n/a    ',
};

function formatText(report: ChecklistReport): string {
  const out: string[] = [
    `Preflight checklist for ${report.root}: ${report.summary.done} of ${report.summary.total} done, ` +
      `${report.summary.failed} failing`,
  ];
  out.push(`Stacks: ${report.stacks.summary || 'none detected'}`);
  for (const app of report.stacks.apps) {
    const facts = [
      app.languages.join('/'),
      app.packageManagers.length ? `package managers: ${app.packageManagers.join(', ')}` : '',
      `lockfiles: ${app.lockfiles.join(', ') || 'none'}`,
      app.deploy.length ? `deploy: ${app.deploy.join(', ')}` : '',
    ].filter(Boolean);
    out.push(`  ${app.dir || '.'}: ${app.description} (${facts.join('; ')})`);
  }
  for (const problem of report.problems) out.push(`! ${problem}`);
  for (const phase of PHASES) {
    const items = report.items.filter((i) => i.phase === phase);
    if (!items.length) continue;
    out.push('', `${PHASE_TITLES[phase]} (${summarise(items).done}/${items.length})`);
    for (const item of items) {
      out.push(`  ${STATUS_LABEL[item.status]}  ${item.id}: ${item.title}`, `             ${item.summary}`);
      if (item.decision)
        out.push(
          `             ${item.decision.status} by ${item.decision.by} at ` +
            `${item.decision.at}${item.decision.reason ? `: ${item.decision.reason}` : ''}`,
        );
      if (item.status === 'pass') continue;
      for (const e of item.evidence) {
        const where = e.path ? ` (${e.path}${e.line ? `:${e.line}` : ''})` : '';
        out.push(`             ${e.level === 'problem' ? '-' : '·'} ${e.message}${where}`);
      }
    }
  }
  if (report.endpoints.length) {
    out.push('', `Endpoints (${report.endpoints.length})`);
    for (const e of report.endpoints) {
      out.push(
        `  ${`${e.method} ${e.path || '(dynamic)'}`.padEnd(32)} auth: ${e.auth.padEnd(7)} rate-limit: ` +
          `${e.rateLimited ? 'yes' : 'no '}  errors: ${e.errors.padEnd(9)} ${e.file}:${e.line}`,
      );
    }
  }
  return out.join('\n');
}

export async function runChecklist(args: string[]): Promise<CommandResult> {
  const parsed = parseArgs(args, ['phase', 'format', 'output']);
  if (parsed.positionals.length > 1) throw new CliError('checklist takes one folder');
  const root = resolve(parsed.positionals[0] ?? '.');
  const format = oneOf(parsed.options.get('format'), ['text', 'json'] as const, 'format', 'text');
  const phaseOpt = parsed.options.get('phase');
  const phase = phaseOpt === undefined ? undefined : oneOf(phaseOpt, PHASES, 'phase', 'before-coding');
  try {
    if (!statSync(root).isDirectory()) throw new CliError(`not a folder: ${parsed.positionals[0]}`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`no such folder: ${parsed.positionals[0] ?? '.'}`);
  }
  const full = await evaluateChecklist(root);
  const items = phase ? full.items.filter((i) => i.phase === phase) : full.items;
  const report: ChecklistReport = { ...full, items, summary: summarise(items) };
  const output = parsed.options.get('output');
  if (format === 'json') {
    const json = { ...report, items: report.items.map(({ body: _body, ...rest }) => rest) };
    emit(JSON.stringify(json, null, 2), typeof output === 'string' ? output : undefined);
  } else {
    emit(formatText(report), typeof output === 'string' ? output : undefined);
  }
  return { exitCode: hasFailures(report) ? 1 : 0 };
}

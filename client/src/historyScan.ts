// "Preflight: Scan Git History for Secrets": progress notification with Cancel; masked results and the
// remediation steps in the "Preflight History" output channel.
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { HistoryScanRequest, type HistoryScanRepo } from '../../server/src/protocol';
import type { CommandContext } from './commands';
import { folderUris } from './folders';

let channel: vscode.OutputChannel | undefined;

function report(repos: readonly HistoryScanRepo[]): string {
  const out: string[] = [];
  for (const r of repos) {
    out.push(`Repository ${r.root}`);
    if (r.error) {
      out.push(`  error: ${r.error}`, '');
      continue;
    }
    out.push(
      `  ${r.commitsScanned} commits scanned, ${r.findings.length} secret${r.findings.length === 1 ? '' : 's'} found`,
    );
    for (const f of r.findings) {
      out.push(`  ${f.path}:${f.line}  ${f.severity}  ${f.title}  ${f.masked}`);
      out.push(
        `    added in ${f.commit.slice(0, 12)} on ${f.date} by ${f.author}; ${
          f.stillInHead
            ? `STILL in HEAD (${f.headPaths.slice(0, 3).join(', ')})`
            : 'no longer in HEAD, but still in history'
        }`,
      );
    }
    if (r.remediation) out.push('', r.remediation);
    out.push('');
  }
  return out.join('\n');
}

export async function scanHistoryCommand(ctx: CommandContext): Promise<void> {
  const folders = folderUris();
  if (!folders.length) {
    void vscode.window.showInformationMessage('Preflight: open a folder inside a git repository first.');
    return;
  }
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Preflight: scanning git history for secrets',
      cancellable: true,
    },
    async (progress, token) => {
      const workDoneToken = `preflight-history-${Date.now()}`;
      let last = 0;
      const sub = ctx.client().onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
        if (v.kind === 'end') return;
        const pct = v.percentage ?? last;
        progress.report({ message: v.message, increment: Math.max(0, pct - last) });
        last = pct;
      });
      try {
        return await ctx.client().sendRequest(HistoryScanRequest, { folderUris: folders, workDoneToken }, token);
      } finally {
        sub.dispose();
      }
    },
  );
  if (result.cancelled) {
    void vscode.window.showInformationMessage('Preflight: history scan cancelled.');
    return;
  }
  channel ??= vscode.window.createOutputChannel('Preflight History');
  channel.clear();
  channel.append(report(result.repos));
  channel.show(true);
  const total = result.repos.reduce((n, r) => n + r.findings.length, 0);
  if (total)
    void vscode.window.showWarningMessage(
      `Preflight: ${total} secret${total === 1 ? '' : 's'} found in git history. Rotate ` +
        `${total === 1 ? 'it' : 'them'} first; the steps are in the "Preflight History" output.`,
    );
  else void vscode.window.showInformationMessage('Preflight: no secrets found in git history.');
}

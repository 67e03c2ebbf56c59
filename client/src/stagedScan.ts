// "Preflight: Scan Staged Changes": results in the Problems panel (collection "preflight-staged") on
// the staged files, a summary notification, and actions per result (open, unstage, move to .env, baseline).
import * as vscode from 'vscode';
import { join } from 'node:path';
import { BaselineAddRequest, StagedScanRequest, UnstageRequest, type GitScanFinding } from '../../server/src/protocol';
import type { CommandContext } from './commands';
import { folderUris } from './folders';

const SOURCE = 'preflight (staged)';
let collection: vscode.DiagnosticCollection | undefined;
/** Finding behind each diagnostic, by `uri#line#column` (providers get copies of diagnostics, not ours). */
const byPlace = new Map<string, GitScanFinding>();

const key = (uri: vscode.Uri, line: number, column: number): string => `${uri.toString()}#${line}#${column}`;
const fileUri = (f: Pick<GitScanFinding, 'root' | 'path'>): vscode.Uri =>
  vscode.Uri.file(join(f.root, ...f.path.split('/')));

function ensureRegistered(ctx: CommandContext): vscode.DiagnosticCollection {
  if (collection) return collection;
  collection = vscode.languages.createDiagnosticCollection('preflight-staged');
  ctx.extension.subscriptions.push(
    collection,
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      { provideCodeActions },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  return collection;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export async function scanStagedCommand(ctx: CommandContext): Promise<void> {
  const diagnostics = ensureRegistered(ctx);
  const folders = folderUris();
  if (!folders.length) {
    void vscode.window.showInformationMessage(
      'Preflight: open a folder inside a git repository to scan staged changes.',
    );
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Preflight: scanning staged changes' },
    (_p, token) => ctx.client().sendRequest(StagedScanRequest, { folderUris: folders }, token),
  );
  diagnostics.clear();
  byPlace.clear();
  const perFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
  let total = 0;
  let files = 0;
  for (const repo of result.repos) {
    if (repo.error) {
      void vscode.window.showWarningMessage(`Preflight: ${repo.error}`);
      continue;
    }
    files += repo.filesScanned;
    for (const f of repo.findings) {
      const uri = fileUri(f);
      const range = new vscode.Range(f.line - 1, f.column - 1, f.line - 1, f.column - 1 + f.length);
      const d = new vscode.Diagnostic(
        range,
        `${f.title} ${f.masked} is staged for commit (line ${f.line} of the staged version). Remove it, move it to ` +
          `.env, or add it to the baseline.`,
        SEVERITY[f.severity],
      );
      d.source = SOURCE;
      d.code = 'hardcoded-secret';
      byPlace.set(key(uri, f.line - 1, f.column - 1), f);
      const entry = perFile.get(uri.toString()) ?? { uri, items: [] };
      entry.items.push(d);
      perFile.set(uri.toString(), entry);
      total++;
    }
  }
  for (const { uri, items } of perFile.values()) diagnostics.set(uri, items);
  if (!total) {
    void vscode.window.showInformationMessage(
      `Preflight: no secrets in staged changes (${files} file${files === 1 ? '' : 's'} scanned).`,
    );
    return;
  }
  const pick = await vscode.window.showWarningMessage(
    `Preflight: ${total} secret${total === 1 ? '' : 's'} in staged changes (${perFile.size} file` +
      `${perFile.size === 1 ? '' : 's'}). A commit now would publish ${total === 1 ? 'it' : 'them'}.`,
    'Show Problems',
  );
  if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

function provideCodeActions(
  doc: vscode.TextDocument,
  _range: vscode.Range,
  context: vscode.CodeActionContext,
): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const d of context.diagnostics) {
    if (d.source !== SOURCE) continue;
    const f = byPlace.get(key(doc.uri, d.range.start.line, d.range.start.character));
    if (!f) continue;
    const add = (title: string, command: string, preferred = false): void => {
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.isPreferred = preferred;
      a.command = { title, command, arguments: [f] };
      actions.push(a);
    };
    add('Move the value to an environment variable (.env)', 'preflight.staged.moveToEnv', true);
    add(`Unstage ${f.path}`, 'preflight.staged.unstage');
    add('Add to the Preflight baseline (with a reason)…', 'preflight.staged.addToBaseline');
    add('Open the staged version at this line', 'preflight.staged.openLine');
  }
  return actions;
}

function findingArg(arg: unknown): GitScanFinding | undefined {
  const f = arg as GitScanFinding | undefined;
  return f && typeof f.root === 'string' && typeof f.path === 'string' && typeof f.line === 'number' ? f : undefined;
}

/** Opens the index version (the git extension's `git:` scheme, ref "" = index); the working file if that fails. */
export async function openStagedLine(_ctx: CommandContext, arg: unknown): Promise<void> {
  const f = findingArg(arg);
  if (!f) return;
  const file = fileUri(f);
  const position = new vscode.Position(f.line - 1, f.column - 1);
  const selection = new vscode.Range(position, position.translate(0, f.length));
  try {
    const staged = file.with({ scheme: 'git', query: JSON.stringify({ path: file.fsPath, ref: '' }) });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(staged), { selection, preview: true });
  } catch {
    await vscode.window.showTextDocument(file, { selection });
  }
}

export async function unstage(ctx: CommandContext, arg: unknown): Promise<void> {
  const f = findingArg(arg);
  if (!f) return;
  const r = await ctx.client().sendRequest(UnstageRequest, { root: f.root, path: f.path });
  if (r.ok) void vscode.window.showInformationMessage(`Preflight: ${r.message}`);
  else void vscode.window.showErrorMessage(`Preflight: ${r.message}`);
  await scanStagedCommand(ctx);
}

export async function addToBaseline(ctx: CommandContext, arg: unknown): Promise<void> {
  const f = findingArg(arg);
  if (!f) return;
  const reason = await vscode.window.showInputBox({
    title: `Accept ${f.title} ${f.masked} in ${f.path}`,
    prompt: 'Why is this value safe to commit? (stored in .preflight/baseline.json)',
    placeHolder: 'e.g. test fixture, revoked key, public demo value',
    validateInput: (v) => (v.trim() ? undefined : 'A reason is required'),
  });
  if (!reason) return;
  const r = await ctx.client().sendRequest(BaselineAddRequest, {
    root: f.root,
    path: f.path,
    line: f.line,
    reason: reason.trim(),
  });
  void vscode.window.showInformationMessage(`Preflight: ${r.message}`);
  await scanStagedCommand(ctx);
}

/** Reuses the typing rule's "Move to environment variable" quick fix on the working-tree line. */
export async function moveToEnv(_ctx: CommandContext, arg: unknown): Promise<void> {
  const f = findingArg(arg);
  if (!f) return;
  const doc = await vscode.workspace.openTextDocument(fileUri(f));
  await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(f.line - 1, f.column - 1, f.line - 1, f.column - 1 + f.length),
  });
  const line = doc.lineAt(Math.min(f.line - 1, doc.lineCount - 1)).range;
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      line,
      vscode.CodeActionKind.QuickFix.value,
      50, // resolve the edits too (the server builds them lazily, in codeAction/resolve)
    )) ?? [];
  const fix = actions.find(
    (a) =>
      /environment variable/i.test(a.title) &&
      a.diagnostics?.some(
        (d) => d.code === 'hardcoded-secret' || (typeof d.code === 'object' && d.code.value === 'hardcoded-secret'),
      ) &&
      a.edit,
  );
  if (!fix?.edit) {
    void vscode.window.showWarningMessage(
      `Preflight: no automatic fix for ${f.path}:${f.line} (the working-tree file may differ from the staged ` +
        `version). Move the value to .env by hand, read it from the environment, then stage the file again.`,
    );
    return;
  }
  if (!(await vscode.workspace.applyEdit(fix.edit))) {
    void vscode.window.showWarningMessage('Preflight: the fix could not be applied.');
    return;
  }
  await doc.save();
  void vscode.window.showInformationMessage(
    `Preflight: moved the value out of ${f.path}. Stage the file again (git add), then re-run the staged scan.`,
  );
}

// Where AI agents work inside VS Code: language-model tools for Copilot agent mode (lint, checklist, endpoints)
// and the MCP server definition, both backed by the bundled CLI run with the editor's own Node.js.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

/** The tools package.json contributes under `languageModelTools`; git-reading ones wait for a trusted folder. */
const TOOLS = {
  preflight_lint: { needsTrust: false },
  preflight_checklist: { needsTrust: true },
  preflight_endpoints: { needsTrust: true },
} as const;
export type LanguageModelToolName = keyof typeof TOOLS;
const LANGUAGE_MODEL_TOOLS = Object.keys(TOOLS) as LanguageModelToolName[];

interface ToolInput {
  paths?: string[];
  folder?: string;
}

/** Output larger than this is cut, so one call cannot flood the model's context. */
const MAX_OUTPUT = 60_000;

function cliPath(context: vscode.ExtensionContext): string {
  return context.asAbsolutePath('out/cli.js');
}

/** Runs the bundled CLI with the editor's Node.js (ELECTRON_RUN_AS_NODE); resolves with stdout for exit 0 or 1. */
function runCli(context: vscode.ExtensionContext, args: string[], cwd: string, token: vscode.CancellationToken) {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [cliPath(context), ...args],
      { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 << 20, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        if (code === 0 || code === 1) resolve(stdout);
        else reject(new Error(stderr.trim() || (error as Error).message));
      },
    );
    token.onCancellationRequested(() => child.kill());
  });
}

function folderFor(input: ToolInput): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Error('Open a folder first: Preflight checks the files of a workspace folder.');
  if (!input.folder) return folders[0];
  const named = folders.find((f) => f.name === input.folder || f.uri.fsPath === input.folder);
  if (!named)
    throw new Error(`No workspace folder named "${input.folder}"; folders: ${folders.map((f) => f.name).join(', ')}`);
  return named;
}

function argsFor(name: LanguageModelToolName, input: ToolInput, root: string): string[] {
  if (name === 'preflight_lint') {
    // Paths stay inside the folder: the CLI gets them relative to it, and `..` is refused here.
    const paths = (input.paths ?? []).map((p) => {
      const rel = vscode.workspace.asRelativePath(vscode.Uri.joinPath(vscode.Uri.file(root), p), false);
      if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`${p} is outside the workspace folder`);
      return rel;
    });
    return ['lint', '--format', 'json', ...paths];
  }
  if (name === 'preflight_endpoints') return ['endpoints', root, '--format', 'json'];
  return ['checklist', root, '--format', 'json'];
}

/** Keeps what the model needs from the checklist report (the sidebar's bodies are long markdown). */
function shape(name: LanguageModelToolName, stdout: string): string {
  if (name !== 'preflight_checklist') return stdout;
  const report = JSON.parse(stdout) as {
    summary: unknown;
    items: { id: string; title: string; status: string; summary: string }[];
  };
  return JSON.stringify({
    summary: report.summary,
    items: report.items.map(({ id, title, status, summary }) => ({ id, title, status, summary })),
  });
}

function tool(context: vscode.ExtensionContext, name: LanguageModelToolName): vscode.LanguageModelTool<ToolInput> {
  return {
    async invoke(options, token) {
      if (TOOLS[name].needsTrust && !vscode.workspace.isTrusted)
        throw new Error('This folder is not trusted: Preflight reads git state only in trusted folders.');
      const folder = folderFor(options.input);
      const stdout = await runCli(context, argsFor(name, options.input, folder.uri.fsPath), folder.uri.fsPath, token);
      const text = shape(name, stdout);
      return new vscode.LanguageModelToolResult([
        new vscode.LanguageModelTextPart(text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n[cut]` : text),
      ]);
    },
    prepareInvocation(options) {
      const what = options.input.paths?.length ? options.input.paths.join(', ') : 'the workspace';
      return { invocationMessage: `Preflight: ${name.replace('preflight_', '')} on ${what}` };
    },
  };
}

/** One MCP server per workspace folder, started by the editor when an agent asks for it. */
function mcpProvider(context: vscode.ExtensionContext): vscode.McpServerDefinitionProvider {
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
  );
  return {
    onDidChangeMcpServerDefinitions: changed.event,
    // Its tools read git state: offered only in a trusted folder (Restricted Mode runs no programs).
    provideMcpServerDefinitions: () =>
      (vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []) : []).map(
        (f) =>
          new vscode.McpStdioServerDefinition(
            `Preflight (${f.name})`,
            process.execPath,
            [cliPath(context), 'mcp', '--root', f.uri.fsPath],
            { ELECTRON_RUN_AS_NODE: '1' },
            String((context.extension.packageJSON as { version?: string }).version),
          ),
      ),
  };
}

const MCP_PROVIDER_ID = 'preflight.mcp';

/** Registers both where the editor offers the API (older editors simply do without). */
export function registerAgentIntegration(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  if (typeof vscode.lm?.registerTool === 'function')
    for (const name of LANGUAGE_MODEL_TOOLS)
      context.subscriptions.push(vscode.lm.registerTool(name, tool(context, name)));
  else output.appendLine('Preflight: this editor has no language-model tool API; agent tools are not registered.');
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider === 'function')
    context.subscriptions.push(vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcpProvider(context)));
}

/** What the agent integration looks like in this editor, for the "Show Agent Tools" command and its e2e test. */
export function agentStatus(): string {
  const ours = (vscode.lm?.tools ?? []).filter((t) => t.name.startsWith('preflight_')).map((t) => t.name);
  return `Preflight agent tools registered: ${ours.sort().join(', ') || 'none'}`;
}

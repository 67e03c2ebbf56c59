// `preflight mcp`: the Model Context Protocol adapter. It registers the tools of ./tools.ts with their JSON
// schemas and serves them over stdio; every call is confined to the workspace root it was started in.
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { PHASES } from '../checklist/items';
import { GitError } from '../git/exec';
import { BaselineError } from '../secrets/baseline';
import {
  checklistTool,
  endpointsTool,
  explainRule,
  fixFile,
  lintPaths,
  lintSnippet,
  scanStagedTool,
  SNIPPET_LANGUAGES,
} from './tools';
import { ToolError, WorkspaceRoot } from './workspaceRoot';

const VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON read at run time, not bundled
    return (require(join(__dirname, '..', 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0'; // run from a bundle without its package.json
  }
})();

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** Runs a tool body: its value becomes compact JSON; a refusal or bad input becomes a tool error, never a crash. */
async function answer(body: () => unknown): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(await body()) }] };
  } catch (error) {
    const expected = error instanceof ToolError || error instanceof GitError || error instanceof BaselineError;
    const message = error instanceof Error ? error.message : String(error);
    return { content: [{ type: 'text', text: expected ? message : `internal error: ${message}` }], isError: true };
  }
}

function createMcpServer(rootPath: string, docsDir = join(__dirname, '..', 'docs', 'rules')): McpServer {
  const root = new WorkspaceRoot(rootPath);
  const server = new McpServer({ name: 'preflight', version: VERSION });
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

  server.registerTool(
    'preflight_lint',
    {
      title: 'Check code for security mistakes',
      description:
        'Checks files or folders of the workspace (default: all of it, honouring .gitignore), or a code snippet, ' +
        'for security mistakes. Returns findings with rule id, severity, file:line, message, doc and fixes as ' +
        'text edits.',
      inputSchema: {
        paths: z.array(z.string()).optional().describe('Files or folders relative to the workspace root'),
        snippet: z
          .object({
            code: z.string().describe('The code to check'),
            language: z.enum(SNIPPET_LANGUAGES as [string, ...string[]]).describe('Its language'),
            path: z.string().optional().describe('Where it will live, for context (e.g. app/settings.py)'),
          })
          .optional(),
      },
      annotations: readOnly,
    },
    ({ paths, snippet }) =>
      answer(() => {
        if (snippet && paths?.length) throw new ToolError('give paths or a snippet, not both');
        return snippet ? lintSnippet(snippet.code, snippet.language, snippet.path) : lintPaths(root, paths);
      }),
  );

  server.registerTool(
    'preflight_scan_staged',
    {
      title: 'Scan staged changes for secrets',
      description:
        'Scans exactly what the next git commit would add (the index) for API keys, tokens, passwords and private ' +
        'keys. Values are masked.',
      inputSchema: {},
      annotations: readOnly,
    },
    () => answer(() => scanStagedTool(root)),
  );

  server.registerTool(
    'preflight_checklist',
    {
      title: 'Security checklist',
      description:
        'The security checklist judged from evidence in the workspace: each item with its status (pass, fail, ' +
        'unknown, manual, ticked, waived) and the problems behind it.',
      inputSchema: { phase: z.enum(PHASES).optional().describe('Only the items of one phase') },
      annotations: readOnly,
    },
    ({ phase }) => answer(() => checklistTool(root, phase)),
  );

  server.registerTool(
    'preflight_endpoints',
    {
      title: 'Endpoint inventory',
      description:
        'Every HTTP route and bot command in the workspace with method, full path (router prefixes applied), ' +
        'file:line, authentication, rate limit and the paid AI call it reaches.',
      inputSchema: {},
      annotations: readOnly,
    },
    () => answer(() => endpointsTool(root)),
  );

  server.registerTool(
    'preflight_explain_rule',
    {
      title: 'Explain a rule',
      description: "A rule's title, severity, summary and documentation: what it flags, what it does not, the fix.",
      inputSchema: { ruleId: z.string().describe('e.g. cors-wildcard') },
      annotations: readOnly,
    },
    ({ ruleId }) => answer(() => explainRule(ruleId, docsDir)),
  );

  server.registerTool(
    'preflight_fix',
    {
      title: 'Apply the preferred fixes to a file',
      description:
        'Applies the preferred (safe) fixes to one file and returns the unified diff. Writes the file only when ' +
        'write is true.',
      inputSchema: {
        path: z.string().describe('A file relative to the workspace root'),
        write: z.boolean().optional().describe('Write the result (default false: only show the diff)'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ path, write }) => answer(() => fixFile(root, path, write === true)),
  );

  return server;
}

/** Serves MCP over stdio until the client closes the stream. */
export async function runMcp(rootPath: string): Promise<void> {
  const server = createMcpServer(rootPath);
  await server.connect(new StdioServerTransport());
}

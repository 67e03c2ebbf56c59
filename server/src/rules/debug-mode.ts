// debug-mode: a web framework's debug switch hard-coded on (tracebacks and consoles served to anyone).
import type { Node, Rule, TreeContext } from '../core/types';
import { calleeName, dottedName, kids, lastSegment, nodesAt } from '../syntax/tree';
import { ensurePythonImport } from '../syntax/fixes';
import { keywordArg, positionalArgs, stringValue } from '../syntax/python';

const ENV_READ = 'os.environ.get("DEBUG", "") == "1"';
const APP_FACTORIES = new Set(['FastAPI', 'Flask', 'Starlette', 'Quart', 'Sanic']);

function reportTrue(ctx: TreeContext, value: Node, what: string): void {
  ctx.report({
    start: value.startIndex,
    end: value.endIndex,
    messageId: 'debugOn',
    data: { what },
    fixes: [
      {
        title: 'Read debug from the DEBUG environment variable (off by default)',
        preferred: true,
        edits: [
          { start: value.startIndex, end: value.endIndex, newText: ENV_READ },
          ...ensurePythonImport(ctx.root, 'os'),
        ],
      },
    ],
  });
}

/** Flask `app.config.update(DEBUG=True)`, `.update({"DEBUG": True})`, `.from_mapping(DEBUG=True)`. */
function flaskConfigUpdate(ctx: TreeContext, call: Node, name: string): void {
  const kw = keywordArg(call, 'DEBUG');
  if (kw?.type === 'true') reportTrue(ctx, kw, `${name}(DEBUG=...)`);
  for (const arg of positionalArgs(call)) {
    if (arg.type !== 'dictionary') continue;
    for (const pair of kids(arg)) {
      const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
      if (value?.type === 'true' && stringValue(pair.childForFieldName('key')) === 'DEBUG')
        reportTrue(ctx, value, `${name}({"DEBUG": ...})`);
    }
  }
}

function isSettingsModule(path: string): boolean {
  return /(^|\/)(settings|config)(\/[^/]+)?\.py$/.test(path) || /settings[^/]*\.py$/.test(path);
}

// Candidates from the text (the tree confirms): `debug=True` / `DEBUG=True` arguments, `{"DEBUG": True}`,
// and `x.debug = True`, `DEBUG = True`, `config["DEBUG"] = True` assignments.
const DEBUG_ARGUMENT = /\b(?:debug|DEBUG)\s*=\s*True\b|["']DEBUG["']\s*:\s*True\b/g;
const DEBUG_ASSIGNMENT = /(?:\.debug|\bDEBUG|\[\s*["']DEBUG["']\s*\])\s*=\s*True\b/g;

export const debugMode: Rule = {
  meta: {
    id: 'debug-mode',
    title: 'Debug mode hard-coded on',
    defaultSeverity: 'warning',
    summary:
      'FastAPI(debug=True), app.run(debug=True), app.debug = True, Flask app.config["DEBUG"] = True or Django ' +
      'DEBUG = True shipped to production.',
    checklistItem: 'debug-off',
    taxonomy: { cwe: [489, 215], owasp: 'A05', securitySeverity: 6.5 },
    languages: ['python'],
    messages: {
      debugOn:
        '{{what}} is hard-coded to True: anyone who can reach the server sees tracebacks (and with ' +
        'Flask/Werkzeug an interactive console). Read it from an environment variable that defaults to ' +
        'off.',
    },
  },
  keywords: ['debug', 'DEBUG'],
  python(ctx) {
    if (ctx.options.isTestFile) return;
    for (const call of nodesAt(ctx.root, ctx.text, DEBUG_ARGUMENT, 'call')) {
      const name = calleeName(call);
      const isFactory = APP_FACTORIES.has(lastSegment(name));
      const isRun =
        /(^|\.)run$/.test(name) && name !== 'run' && !name.startsWith('subprocess.') && !name.startsWith('asyncio.');
      if (/(^|\.)config\.(update|from_mapping)$/.test(name)) {
        flaskConfigUpdate(ctx, call, name);
        continue;
      }
      if (!isFactory && !isRun) continue;
      const value = keywordArg(call, 'debug');
      if (value?.type === 'true')
        reportTrue(ctx, value, isFactory ? `${lastSegment(name)}(debug=...)` : `${name}(debug=...)`);
    }
    for (const assign of nodesAt(ctx.root, ctx.text, DEBUG_ASSIGNMENT, 'assignment')) {
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (!left || right?.type !== 'true') continue;
      // Flask: app.config["DEBUG"] = True
      if (
        left.type === 'subscript' &&
        /(^|\.)config$/.test(dottedName(left.childForFieldName('value'))) &&
        stringValue(left.childForFieldName('subscript')) === 'DEBUG'
      ) {
        reportTrue(ctx, right, `${left.text}`);
        continue;
      }
      const isAppDebug = left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug';
      const isDjangoTopLevel =
        left.type === 'identifier' &&
        left.text === 'DEBUG' &&
        assign.parent?.type === 'expression_statement' &&
        assign.parent.parent?.type === 'module' &&
        isSettingsModule(ctx.file.path);
      if (isAppDebug || isDjangoTopLevel) reportTrue(ctx, right, isAppDebug ? `${left.text}` : 'Django DEBUG');
    }
  },
};

// code-exec: eval/exec/new Function (and string timers, vm) on values that are not constants: whoever
// controls the value runs code inside the server or page.
import type { Node, Rule, TreeContext } from '../core/types';
import { calleeName, kids, nodesAt } from '../syntax/tree';
import { importedNames, positionalArgs } from '../syntax/python';
import { callArgs } from '../syntax/js';
import { ensureSortedPythonImport } from '../syntax/pyedit';
import { jsIsInert, pyIsInert } from '../syntax/inert';
import { jsBinding } from '../syntax/values';
import { taintFor } from '../syntax/scopes';
import type { TaintScope } from '../syntax/taint';

const JS_VM = /^(vm\.)?(runInNewContext|runInThisContext|runInContext|compileFunction)$/;
// Candidates from the text (the tree confirms): the last segment of each callee / constructor name checked below.
const PY_NAMES = /\b(?:eval|exec)\b/g;
const JS_CALLS =
  /\b(?:eval|setTimeout|setInterval|runInNewContext|runInThisContext|runInContext|compileFunction|Function)\b/g;
const JS_CONSTRUCTORS = /\b(?:Function|Script)\b/g;

function report(
  ctx: TreeContext,
  at: Node,
  fixes: { title: string; edits: { start: number; end: number; newText: string }[] }[] = [],
): void {
  ctx.report({
    start: at.startIndex,
    end: at.endIndex,
    messageId: 'evaluated',
    fixes: fixes.map((f) => ({ ...f, preferred: false })),
  });
}

/** Every Python finding is a call of eval or exec: without one in the text, the file is not parsed. */
const PY_CALLED = /\b(?:eval|exec)\s*\(/;

function checkPython(ctx: TreeContext): void {
  if (!PY_CALLED.test(ctx.text)) return;
  const shadowed = new Set([...importedNames(ctx.root).keys()]);
  // Only a local `def eval` / `def exec` can shadow the names checked below: name -> function_definition is 1 level.
  for (const def of nodesAt(ctx.root, ctx.text, PY_NAMES, 'function_definition'))
    shadowed.add(def.childForFieldName('name')?.text ?? '');
  // eval -> call (1), or eval -> attribute -> call (2) for builtins.eval.
  for (const call of nodesAt(ctx.root, ctx.text, PY_NAMES, 'call')) {
    const name = calleeName(call);
    if (
      (name !== 'eval' && name !== 'exec' && name !== 'builtins.eval' && name !== 'builtins.exec') ||
      shadowed.has(name)
    )
      continue;
    const [code] = positionalArgs(call);
    if (!code || pyIsInert(code)) continue;
    const args = kids(call.childForFieldName('arguments') ?? call);
    const fn = call.childForFieldName('function');
    // literal_eval parses Python literals (numbers, strings, lists, dicts) and never runs code.
    const fixes =
      name.endsWith('eval') && args.length === 1 && fn
        ? [
            {
              title: 'Parse the value with ast.literal_eval (literals only, no code)',
              edits: [
                { start: fn.startIndex, end: fn.endIndex, newText: 'ast.literal_eval' },
                ...ensureSortedPythonImport(ctx.root, 'ast'),
              ],
            },
          ]
        : [];
    report(ctx, code, fixes);
  }
}

const BUILT_STRING = ['template_string', 'binary_expression', 'string'];

/**
 * A timer's first argument that is code text, not a function: a string built in place, request input (never a
 * function), or a name bound to a built string in an enclosing block.
 */
function stringTimer(arg: Node, taint: (node: Node) => TaintScope, depth = 0): boolean {
  if (BUILT_STRING.includes(arg.type)) return !jsIsInert(arg);
  if (arg.type === 'member_expression' || arg.type === 'subscript_expression') return taint(arg).isTainted(arg);
  if (arg.type !== 'identifier') return false; // functions, calls (`fn.bind(...)`), arrows
  const bound = jsBinding(arg, arg.text);
  // A name bound in an enclosing block is judged by its value (`const step = () => ...` is a function).
  if (bound) return depth < 2 && stringTimer(bound, taint, depth + 1);
  return taint(arg).isTainted(arg);
}

function checkJs(ctx: TreeContext): void {
  const taint = taintFor(ctx);
  // eval -> call_expression (1), or eval -> member_expression -> call_expression (2) for window.eval, vm.runIn*.
  for (const call of nodesAt(ctx.root, ctx.text, JS_CALLS, 'call_expression')) {
    const name = calleeName(call);
    const args = callArgs(call);
    const fn = call.childForFieldName('function');
    if ((name === 'eval' || name === 'window.eval' || name === 'globalThis.eval') && args[0] && !jsIsInert(args[0])) {
      const fixes =
        args.length === 1 && fn
          ? [
              {
                title: 'Parse the value with JSON.parse (data only, no code)',
                edits: [{ start: fn.startIndex, end: fn.endIndex, newText: 'JSON.parse' }],
              },
            ]
          : [];
      report(ctx, args[0], fixes);
    } else if (/^(window\.)?(setTimeout|setInterval)$/.test(name) && args[0] && stringTimer(args[0], taint)) {
      report(ctx, args[0]); // a string timer is eval in disguise; a function is not
    } else if ((JS_VM.test(name) || name === 'Function') && args[0] && !jsIsInert(args[0])) {
      report(ctx, args[0]);
    }
  }
  // Function / Script -> new_expression (1), or Script -> member_expression -> new_expression (2) for vm.Script.
  for (const expr of nodesAt(ctx.root, ctx.text, JS_CONSTRUCTORS, 'new_expression')) {
    const ctor = expr.childForFieldName('constructor')?.text ?? '';
    if (ctor !== 'Function' && ctor !== 'vm.Script' && ctor !== 'Script') continue;
    const bad = callArgs(expr).find((a) => !jsIsInert(a));
    if (bad) report(ctx, bad);
  }
}

export const codeExec: Rule = {
  meta: {
    id: 'code-exec',
    title: 'Code evaluated from a runtime value',
    defaultSeverity: 'error',
    summary: 'eval/exec, new Function, string setTimeout/setInterval or vm.run* on a value that is not a constant.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [95], owasp: 'A03', securitySeverity: 9.8 },
    languages: ['python', 'js'],
    messages: {
      evaluated:
        "Code evaluated from a runtime value: anyone who controls it runs arbitrary code with the app's " +
        'rights (read secrets, files, the database). Parse data instead of evaluating it.',
    },
  },
  keywords: ['eval', 'exec(', 'Function(', 'setTimeout', 'setInterval', 'runIn', 'Script(', 'compileFunction'],
  python: checkPython,
  js: checkJs,
};

// command-injection: a shell command line built from runtime values (shell=True, os.system, child_process
// exec). The fix turns a simply-split command into list/args form, where no shell parses the input.
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { calleeName, escapeRegExp, kids, lastSegment, nodesAt } from '../syntax/tree';
import { importedNames, keywordArg, keywordArgNode, positionalArgs, stringValue as pyString } from '../syntax/python';
import { taintFor } from '../syntax/scopes';
import type { TaintScope } from '../syntax/taint';
import { callArgs, objectProp, stringValue as jsString } from '../syntax/js';
import { ensureSortedPythonImport, removeKeywordEdit } from '../syntax/pyedit';
import { jsIsInert, pyIsInert } from '../syntax/inert';
import { jsBinding, pyBinding } from '../syntax/values';
import { splitCommand, type Part, type Token } from './command-injection/split';

const PY_SHELL_ALWAYS = new Set([
  'os.system',
  'os.popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'asyncio.create_subprocess_shell',
  'commands.getoutput',
]);
const PY_SUBPROCESS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);
/** Calls that take the program and its arguments (no shell unless the program is one). */
const PY_EXEC_FORMS = new Set(['create_subprocess_exec', 'exec_command', 'subprocess_shell', 'subprocess_exec']);
/** Programs that run their `-c`/`-e` argument as a script: a shell, or an interpreter. */
const SCRIPT_RUNNERS =
  /^(?:(?:\/usr)?(?:\/local)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh|python[0-9.]*|node|perl|ruby|php|deno|bun)$/;
const SCRIPT_FLAGS = new Set(['-c', '/c', '/C', '-e', '--eval', '-Command', '-command', '-p', '-lc', '-ic']);
const JS_SHELL_ALWAYS = new Set(['exec', 'execSync']);
const JS_SHELL_OPTION = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
/** `os.execvp(file, argv)`, `os.spawnl(mode, path, *args)`, `os.posix_spawn(path, argv, env)`: no shell either. */
const PY_OS_EXEC = /^os\.(?:(exec)|(spawn)|(posix_spawn))(?:([lv])(p?)(e?))?$/;
const PY_OS_EXEC_NAMES = ['exec', 'spawn']
  .flatMap((f) => ['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].map((s) => f + s))
  .concat(['posix_spawn', 'posix_spawnp']);
/** Last segments of the Python names checked below (an imported alias is added per file). */
const PY_LAST = new Set([
  ...[...PY_SHELL_ALWAYS].map(lastSegment),
  ...PY_SUBPROCESS,
  ...PY_EXEC_FORMS,
  ...PY_OS_EXEC_NAMES,
]);

/** In `[program, ..., "-c", script]`, the script when the program runs it as code and it is not a constant. */
function scriptArgument(
  items: Node[],
  str: (n: Node | undefined) => string | undefined,
  inert: (n: Node) => boolean,
): Node | undefined {
  const program = str(items[0]);
  if (program === undefined || !SCRIPT_RUNNERS.test(program)) return undefined;
  const flag = items.findIndex((n, i) => i > 0 && SCRIPT_FLAGS.has(str(n) ?? ''));
  const script = flag > 0 ? items[flag + 1] : undefined;
  return script && !inert(script) ? script : undefined;
}

/** A text search for any of the names as a whole identifier (`word` is what an identifier is made of). */
const namesPattern = (names: Iterable<string>, word: string) =>
  new RegExp(
    `(?<![${word}])(?:${[...new Set(names)].filter(Boolean).map(escapeRegExp).join('|') || '(?!)'})(?![${word}])`,
    'g',
  );

const pyQuoted = (call: Node) =>
  /(^|\.)(quote|join)$/.test(calleeName(call)) && /^(shlex|pipes)\.|^quote$/.test(calleeName(call));
const jsQuoted = (call: Node) =>
  /(^|\.)(quote|escape)$/.test(calleeName(call)) && /shell|quote|escape/i.test(calleeName(call));

// ---------- Python ----------

function pyTokens(cmd: Node): Token[] | undefined {
  if (cmd.type !== 'string' || !/^[fF]["']/.test(cmd.text)) return undefined;
  const parts: Part[] = [];
  for (const c of kids(cmd)) {
    if (c.type === 'string_content') parts.push({ text: c.text });
    else if (c.type === 'interpolation') {
      if (kids(c).length !== 1) return undefined;
      parts.push({ expr: kids(c)[0] });
    } else if (c.type !== 'string_start' && c.type !== 'string_end') return undefined;
  }
  return splitCommand(parts);
}

const pyList = (tokens: Token[]) =>
  `[${tokens.map((t) => ('literal' in t ? JSON.stringify(t.literal) : `str(${t.expr.text})`)).join(', ')}]`;

function pyFix(ctx: TreeContext, call: Node, name: string, cmd: Node): Fix | undefined {
  const tokens = pyTokens(cmd);
  if (!tokens) return undefined;
  const title = 'Run the command as an argument list, without a shell';
  const shell = keywordArgNode(call, 'shell');
  if (shell && PY_SUBPROCESS.has(lastSegment(name))) {
    return {
      title,
      preferred: true,
      edits: [{ start: cmd.startIndex, end: cmd.endIndex, newText: pyList(tokens) }, removeKeywordEdit(call, shell)],
    };
  }
  // os.system(...) as a statement: its exit status is unused, so subprocess.run is a drop-in.
  if (name === 'os.system' && call.parent?.type === 'expression_statement' && positionalArgs(call).length === 1) {
    const edits: TextEdit[] = [
      { start: call.startIndex, end: call.endIndex, newText: `subprocess.run(${pyList(tokens)})` },
      ...ensureSortedPythonImport(ctx.root, 'subprocess'),
    ];
    return { title, preferred: true, edits };
  }
  return undefined;
}

/** The items of a list or tuple, in place or bound to a name; undefined for anything else. */
function pyListItems(node: Node | undefined): Node[] | undefined {
  const bound = node?.type === 'identifier' ? pyBinding(node, node.text) : node;
  return bound && (bound.type === 'list' || bound.type === 'tuple') ? kids(bound) : undefined;
}

/**
 * `os.exec*` / `os.spawn*` / `os.posix_spawn`: the program and its argv, judged as the list form is. An argv taken
 * from the request as a whole, given to a shell or interpreter, lets the caller pass `-c` and any script.
 */
function checkOsExec(ctx: TreeContext, call: Node, name: string, taint: (n: Node) => TaintScope): boolean {
  const m = PY_OS_EXEC.exec(name);
  if (!m) return false;
  const inert = (n: Node) => pyIsInert(n, pyQuoted);
  const args = positionalArgs(call).slice(m[2] ? 1 : 0); // spawn*: the mode comes first
  const [program, ...rest] = args;
  if (!program) return true;
  const listForm = !!m[3] || m[4] === 'v';
  const argv = listForm ? rest[0] : undefined;
  // The l-forms with an `e` end with the environment, which is not an argument.
  const items = listForm ? pyListItems(argv) : m[6] ? rest.slice(0, -1) : rest;
  const script = items ? scriptArgument([program, ...items], pyString, inert) : undefined;
  if (script) ctx.report({ start: script.startIndex, end: script.endIndex, messageId: 'scriptArgument' });
  else if (!inert(program) && taint(call).isTainted(program))
    ctx.report({ start: program.startIndex, end: program.endIndex, messageId: 'programFromRequest' });
  else if (argv && !items && SCRIPT_RUNNERS.test(pyString(program) ?? '') && taint(call).isTainted(argv))
    ctx.report({ start: argv.startIndex, end: argv.endIndex, messageId: 'scriptArgument' });
  return true;
}

/** List-form and remote runs: `["sh", "-c", x]`, a program taken from the request, paramiko exec_command. */
function checkPythonExecForm(ctx: TreeContext, call: Node, name: string, taint: (n: Node) => TaintScope): void {
  if (checkOsExec(ctx, call, name, taint)) return;
  const last = lastSegment(name);
  const args = positionalArgs(call);
  const inert = (n: Node) => pyIsInert(n, pyQuoted);
  if (last === 'exec_command' || last === 'subprocess_shell') {
    // paramiko `client.exec_command(cmd)` runs a remote shell; `loop.subprocess_shell(factory, cmd)` a local one.
    const cmd = last === 'exec_command' ? (args[0] ?? keywordArg(call, 'command')) : args[1];
    if (cmd && !inert(cmd)) ctx.report({ start: cmd.startIndex, end: cmd.endIndex, messageId: 'shellCommand' });
    return;
  }
  const isSubprocess = /^subprocess\./.test(name) && PY_SUBPROCESS.has(last);
  const isExec = /^asyncio\.create_subprocess_exec$/.test(name) || last === 'subprocess_exec';
  if (!isSubprocess && !isExec) return;
  const first = isExec ? args[last === 'subprocess_exec' ? 1 : 0] : (args[0] ?? keywordArg(call, 'args'));
  if (!first) return;
  // `cmd = ["convert", src, dst]; subprocess.run(cmd)`: judge the list the name holds.
  const bound = first.type === 'identifier' ? pyBinding(first, first.text) : undefined;
  const list = bound && (bound.type === 'list' || bound.type === 'tuple') ? bound : first;
  const items = isExec
    ? args.slice(last === 'subprocess_exec' ? 1 : 0)
    : list.type === 'list' || list.type === 'tuple'
      ? kids(list)
      : [first];
  const script = scriptArgument(items, pyString, inert);
  if (script) {
    ctx.report({ start: script.startIndex, end: script.endIndex, messageId: 'scriptArgument' });
    return;
  }
  const program = items[0];
  if (program && !inert(program) && taint(call).isTainted(program))
    ctx.report({ start: program.startIndex, end: program.endIndex, messageId: 'programFromRequest' });
}

function checkPython(ctx: TreeContext): void {
  const taint = taintFor(ctx);
  const names = importedNames(ctx.root);
  // Candidates: the callee's last segment (name -> call, or name -> attribute -> call), or a single-segment
  // alias imported for one of the names (`from os import system as run`).
  const aliases = [...names]
    .filter(([local, full]) => PY_LAST.has(lastSegment(full)) && local !== full)
    .map(([local]) => local);
  for (const call of nodesAt(ctx.root, ctx.text, namesPattern([...PY_LAST, ...aliases], '\\w'), 'call')) {
    const raw = calleeName(call);
    const root = raw.split('.')[0];
    const name = names.has(root) && names.get(root) !== root ? `${names.get(root)}${raw.slice(root.length)}` : raw;
    const shellTrue = keywordArg(call, 'shell')?.type === 'true';
    const isSubprocess = /^subprocess\./.test(name) && PY_SUBPROCESS.has(lastSegment(name)) && shellTrue;
    if (!PY_SHELL_ALWAYS.has(name) && !isSubprocess) {
      checkPythonExecForm(ctx, call, name, taint);
      continue;
    }
    const cmd =
      positionalArgs(call)[0] ?? keywordArg(call, 'args') ?? keywordArg(call, 'cmd') ?? keywordArg(call, 'command');
    if (!cmd || pyIsInert(cmd, pyQuoted)) continue;
    const fix = pyFix(ctx, call, name, cmd);
    ctx.report({ start: cmd.startIndex, end: cmd.endIndex, messageId: 'shellCommand', fixes: fix ? [fix] : [] });
  }
}

// ---------- JavaScript / TypeScript ----------

interface ChildProcess {
  /** Local names of child_process functions: `exec` -> `exec`, or an alias. */
  functions: Map<string, string>;
  /** Names bound to the whole module (`cp`, `child_process`). */
  modules: Set<string>;
  /** Where to append a new named binding (after the last specifier / pattern entry). */
  appendAt?: number;
}

function childProcess(ctx: TreeContext): ChildProcess {
  const cp: ChildProcess = { functions: new Map(), modules: new Set() };
  const isCp = (s: string | undefined) => s === 'child_process' || s === 'node:child_process';
  for (const s of kids(ctx.root)) {
    if (s.type !== 'import_statement' || !isCp(jsString(s.childForFieldName('source')))) continue;
    for (const c of kids(kids(s).find((k) => k.type === 'import_clause') ?? s)) {
      if (c.type === 'identifier') cp.modules.add(c.text);
      else if (c.type === 'namespace_import') cp.modules.add(kids(c)[0]?.text ?? '');
      else if (c.type === 'named_imports') {
        for (const spec of kids(c))
          cp.functions.set(
            spec.childForFieldName('alias')?.text ?? spec.childForFieldName('name')?.text ?? '',
            spec.childForFieldName('name')?.text ?? '',
          );
        cp.appendAt = kids(c).at(-1)?.endIndex;
      }
    }
  }
  // require -> call_expression is 1 level.
  for (const call of nodesAt(ctx.root, ctx.text, /\brequire\b/g, 'call_expression')) {
    if (calleeName(call) !== 'require' || !isCp(jsString(callArgs(call)[0]))) continue;
    const target = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name') : undefined;
    if (target?.type === 'identifier') cp.modules.add(target.text);
    else if (target?.type === 'object_pattern') {
      for (const p of kids(target)) {
        if (p.type === 'shorthand_property_identifier_pattern') cp.functions.set(p.text, p.text);
        else if (p.type === 'pair_pattern')
          cp.functions.set(p.childForFieldName('value')?.text ?? '', p.childForFieldName('key')?.text ?? '');
      }
      cp.appendAt = kids(target).at(-1)?.endIndex;
    }
  }
  // `const run = util.promisify(exec)`, `promisify(cp.exec)`, `promisify(require('child_process').exec)`: the
  // promise form still runs its argument through a shell.
  for (const call of nodesAt(ctx.root, ctx.text, /\bpromisify\s*\(/g, 'call_expression')) {
    const arg = callArgs(call)[0];
    if (!/(^|\.)promisify$/.test(calleeName(call)) || !arg) continue;
    const object = arg.type === 'member_expression' ? arg.childForFieldName('object') : undefined;
    const fromModule =
      !!object &&
      (cp.modules.has(object.text) ||
        (object.type === 'call_expression' && calleeName(object) === 'require' && isCp(jsString(callArgs(object)[0]))));
    const fn =
      arg.type === 'identifier'
        ? cp.functions.get(arg.text)
        : fromModule
          ? arg.childForFieldName('property')?.text
          : undefined;
    const target = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name') : undefined;
    if (fn && target?.type === 'identifier') cp.functions.set(target.text, fn);
  }
  return cp;
}

function jsTokens(cmd: Node): Token[] | undefined {
  if (cmd.type === 'string') return splitCommand([{ text: jsString(cmd) ?? '' }]);
  if (cmd.type !== 'template_string') return undefined;
  const parts: Part[] = [];
  for (const c of cmd.children) {
    if (!c || c.type === '`') continue;
    if (c.type === 'string_fragment') parts.push({ text: c.text });
    else if (c.type === 'template_substitution' && kids(c).length === 1) parts.push({ expr: kids(c)[0] });
    else return undefined;
  }
  return splitCommand(parts);
}

function jsFix(cp: ChildProcess, call: Node, fn: string, cmd: Node): Fix | undefined {
  if (fn !== 'exec' && fn !== 'execSync') return undefined;
  const tokens = jsTokens(cmd);
  if (!tokens) return undefined;
  const [program, ...rest] = tokens;
  // execFile refuses anything but strings (a number, a query array throws ERR_INVALID_ARG_TYPE) where the
  // template literal converted the value: String() converts it the same way.
  const argument = (t: Token) => ('literal' in t ? `'${t.literal}'` : `String(${t.expr.text})`);
  const args = `'${'literal' in program ? program.literal : ''}', [${rest.map(argument).join(', ')}]`;
  const replacement = fn === 'exec' ? 'execFile' : 'execFileSync';
  const callee = call.childForFieldName('function');
  const nameNode = callee?.type === 'member_expression' ? callee.childForFieldName('property') : callee;
  if (!nameNode) return undefined;
  const edits: TextEdit[] = [
    { start: nameNode.startIndex, end: nameNode.endIndex, newText: replacement },
    { start: cmd.startIndex, end: cmd.endIndex, newText: args },
  ];
  if (callee?.type !== 'member_expression') {
    if (nameNode.text !== fn || cp.appendAt === undefined) return undefined; // aliased import: leave it to the user
    if (![...cp.functions.keys()].includes(replacement))
      edits.push({ start: cp.appendAt, end: cp.appendAt, newText: `, ${replacement}` });
  }
  return { title: `Use ${replacement} with an argument array (no shell)`, preferred: true, edits };
}

function checkJs(ctx: TreeContext): void {
  const cp = childProcess(ctx);
  if (!cp.functions.size && !cp.modules.size) return;
  const taint = taintFor(ctx);
  // Candidates: a local name bound to a shell-capable function (name -> call_expression), or the function's
  // own name as a property (name -> member_expression -> call_expression).
  const shellFunctions = [...JS_SHELL_ALWAYS, ...JS_SHELL_OPTION];
  const locals = [...cp.functions].filter(([, fn]) => shellFunctions.includes(fn)).map(([local]) => local);
  for (const call of nodesAt(
    ctx.root,
    ctx.text,
    namesPattern([...shellFunctions, ...locals], '\\w$'),
    'call_expression',
  )) {
    const callee = call.childForFieldName('function');
    let fn: string | undefined;
    if (callee?.type === 'identifier') fn = cp.functions.get(callee.text);
    else if (callee?.type === 'member_expression' && cp.modules.has(callee.childForFieldName('object')?.text ?? ''))
      fn = callee.childForFieldName('property')?.text;
    if (!fn) continue;
    const args = callArgs(call);
    const cmd = args[0];
    if (!cmd) continue;
    if (JS_SHELL_ALWAYS.has(fn)) {
      if (jsIsInert(cmd, jsQuoted)) continue;
    } else if (JS_SHELL_OPTION.has(fn)) {
      const options = args.find((a) => a.type === 'object');
      if (objectProp(options ?? cmd, 'shell')?.type !== 'true') {
        // spawn("sh", ["-c", x]) / execFile("python", ["-c", code]): the list form, with a program that parses code.
        // The list may be bound to a name first (`const args = ["-c", x]; spawn("sh", args)`).
        const argv = args[1]?.type === 'object' ? undefined : args[1];
        const bound = argv?.type === 'identifier' ? jsBinding(argv, argv.text) : argv;
        const list = bound?.type === 'array' ? bound : undefined;
        const script = list ? scriptArgument([cmd, ...kids(list)], jsString, (n) => jsIsInert(n, jsQuoted)) : undefined;
        const at = list && list !== argv ? argv : script;
        if (script && at) ctx.report({ start: at.startIndex, end: at.endIndex, messageId: 'scriptArgument' });
        else if (!jsIsInert(cmd) && taint(call).isTainted(cmd))
          ctx.report({ start: cmd.startIndex, end: cmd.endIndex, messageId: 'programFromRequest' });
        // spawn("sh", req.body.args): the caller writes the whole argument list, `-c` and the script included.
        else if (argv && !list && SCRIPT_RUNNERS.test(jsString(cmd) ?? '') && taint(call).isTainted(argv))
          ctx.report({ start: argv.startIndex, end: argv.endIndex, messageId: 'scriptArgument' });
        continue;
      }
      if (args.filter((a) => a.type !== 'object').every((a) => jsIsInert(a, jsQuoted))) continue;
    } else continue;
    const fix = jsFix(cp, call, fn, cmd);
    ctx.report({ start: cmd.startIndex, end: cmd.endIndex, messageId: 'shellCommand', fixes: fix ? [fix] : [] });
  }
}

// A command-line program (a `#!` script, or a Python module run as `__main__` that parses its arguments) that
// serves no requests: its input is the invoking user's own, so a shell command built from it is a note for
// the day it takes someone else's input, not an error on a server.
const SHEBANG = /^#!/;
const PY_MAIN = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;
const PY_ARGS = /\b(?:argparse|sys\.argv|click|typer)\b|\bfire\.Fire\(/;
const SERVES_REQUESTS =
  /^[ \t]*(?:from|import)[ \t]+(?:flask|fastapi|django|starlette|aiohttp|tornado|sanic|telegram|aiogram|discord|streamlit|gradio)\b|(?:require\(|from)\s*['"](?:express|fastify|koa|@hapi\/hapi|next\/server|socket\.io|telegraf|node:http|http|https)['"]|\bcreateServer\(/m;

function forCommandLine(ctx: TreeContext): TreeContext {
  const cli = SHEBANG.test(ctx.text) || (ctx.family === 'python' && PY_MAIN.test(ctx.text) && PY_ARGS.test(ctx.text));
  if (!cli || SERVES_REQUESTS.test(ctx.text)) return ctx;
  return {
    ...ctx,
    report: (r) =>
      ctx.report(r.messageId === 'shellCommand' ? { ...r, messageId: 'commandLineProgram', severity: 'info' } : r),
  };
}

export const commandInjection: Rule = {
  meta: {
    id: 'command-injection',
    title: 'Shell command built from runtime values',
    defaultSeverity: 'error',
    summary:
      'subprocess with shell=True, os.system/os.popen, asyncio/loop subprocess_shell, paramiko exec_command or ' +
      'Node exec/execSync running a command built from runtime values; sh -c/python -c scripts in list form; a ' +
      'program taken from the request.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [78], owasp: 'A03', securitySeverity: 9.8 },
    languages: ['python', 'js'],
    messages: {
      shellCommand:
        'Shell command built from runtime values: shell metacharacters in the input (; | $() `) run any ' +
        'command on the server. Pass the program and its arguments as a list, without a shell.',
      scriptArgument:
        'A shell or interpreter is given a script built from runtime values (`sh -c`, `bash -c`, `python ' +
        '-c`): the list form does not help when the program parses its argument as code. Run the program ' +
        'itself with the value as a separate argument.',
      commandLineProgram:
        'Shell command built from runtime values in a command-line program: harmless while only you run it ' +
        'with your own arguments, but if its input can come from someone else (a request, a bot message, a ' +
        'file you did not write), shell metacharacters in it run any command. Pass the program and its ' +
        'arguments as a list, without a shell.',
      programFromRequest:
        'The program to run comes from the request: the caller chooses any executable on the server. Map ' +
        'the request to an allow-list of commands instead.',
    },
  },
  keywords: [
    'shell',
    'os.system',
    'popen',
    'getoutput',
    'system(',
    'child_process',
    'subprocess',
    'exec_command',
    'execv',
    'execl',
    'spawnv',
    'spawnl',
    'posix_spawn',
  ],
  python: (ctx) => checkPython(forCommandLine(ctx)),
  js: (ctx) => checkJs(forCommandLine(ctx)),
};

// file-permissions: modes that let every local user change a file (chmod 0o777/0o666), a umask that stops
// masking anything, and secret files (keys, tokens, .env) written with the default, world-readable mode.
// On shared hosts, CI runners and containers with several processes, "other users" are real.
import type { Fix, Node, Rule, TreeContext } from '../core/types';
import { calleeName, codeText, lastSegment, nodesAt } from '../syntax/tree';
import { keywordArg, positionalArgs, pyCallArgsText, stringValue as pyString } from '../syntax/python';
import { callArgs, objectProp, stringValue as jsString } from '../syntax/js';
import { enclosingFn } from '../syntax/scopes';

/** Names of files that hold credentials. */
const SECRET_NAME =
  /(?:\.pem|\.key|\.p12|\.pfx|id_rsa|id_ed25519|id_ecdsa|\.env(?!\.(?:example|sample|template|dist))(?:\.\w+)?|credentials?\.json|token\.json|tokens?\.txt|secrets?\.(?:json|ya?ml|txt|toml)|\.netrc|\.pgpass|private[_-]?key|service[_-]?account\.json)/i;
const SECRET_PATH = new RegExp(`${SECRET_NAME.source}["'\`}]?\\)?$`, 'i');
const OTHER_WRITE = 0o002;
const PY_STAT_OTHER_WRITE = /\bS_IWOTH\b|\bS_IRWXO\b/;

/** The numeric value of a mode literal: `0o777`, `0777`, `511`, `'777'`; undefined when not a literal. */
function modeValue(node: Node | null | undefined, python: boolean): number | undefined {
  if (!node) return undefined;
  const text = python ? pyString(node) : jsString(node);
  if (text !== undefined) return /^0?[0-7]{3,4}$/.test(text) ? parseInt(text, 8) : undefined;
  const t = node.text.replace(/_/g, '');
  if (/^0[oO][0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  if (/^[1-9][0-9]*$|^0$/.test(t)) return parseInt(t, 10);
  return undefined;
}

/** The literal that replaces a too-open mode, in the same notation (number or string). */
function saferMode(node: Node, mode: number, secret: boolean, python: boolean): string {
  const exec = (mode & 0o111) !== 0;
  const safe = secret ? (exec ? 0o700 : 0o600) : exec ? 0o755 : 0o644;
  const octal = safe.toString(8);
  if ((python ? pyString(node) : jsString(node)) !== undefined) return `${node.text[0]}${octal}${node.text[0]}`;
  return `0o${octal}`;
}

function modeFix(node: Node, mode: number, secret: boolean, python: boolean): Fix[] {
  const text = saferMode(node, mode, secret, python);
  return [
    {
      title: `Use mode ${text} (no write access for other users)`,
      preferred: true,
      edits: [{ start: node.startIndex, end: node.endIndex, newText: text }],
    },
  ];
}

function reportMode(ctx: TreeContext, node: Node, pathText: string, python: boolean): void {
  const mode = modeValue(node, python);
  if (mode !== undefined) {
    if ((mode & OTHER_WRITE) === 0) return;
    ctx.report({
      start: node.startIndex,
      end: node.endIndex,
      messageId: 'worldWritable',
      fixes: modeFix(node, mode, SECRET_PATH.test(pathText), python),
    });
  } else if (python && PY_STAT_OTHER_WRITE.test(node.text)) {
    ctx.report({ start: node.startIndex, end: node.endIndex, messageId: 'worldWritable' });
  }
}

function reportUmask(ctx: TreeContext, node: Node, python: boolean): void {
  const mask = modeValue(node, python);
  if (mask === undefined || (mask & OTHER_WRITE) !== 0) return;
  ctx.report({
    start: node.startIndex,
    end: node.endIndex,
    messageId: 'umaskZero',
    fixes: [
      {
        title: 'Keep the default umask 0o022',
        preferred: true,
        edits: [{ start: node.startIndex, end: node.endIndex, newText: '0o022' }],
      },
    ],
  });
}

/** The scope already restricts the file: chmod to 0o600/0o400, an explicit mode, or a tight umask. */
function restricted(scope: Node): boolean {
  return /0o?[46]00\b|\b(?:384|256)\b|S_IRUSR|S_IWUSR|umask\(\s*0o?077\s*\)|mode\s*[:=]\s*0o?[46]00|opener\s*=/.test(
    codeText(scope),
  );
}

// ---------- Python ----------

const PY_CANDIDATES = /\b(?:chmod|fchmod|lchmod|umask|open|write_text|write_bytes)\s*\(/g;

const PY_MODE_CALLS = /\b(?:chmod|fchmod|lchmod|umask)\s*\(/g;
/** A mode this rule reports is a literal (it has a digit: `0o777`, `'666'`, `0`) or a stat constant. */
const PY_REPORTED_MODE = /\d|S_IWOTH|S_IRWXO/;

/**
 * Whether some chmod or umask call may pass a mode this rule reports, read from the text: in most code
 * that changes modes the mode is a variable (`os.chmod(path, mode)`), and such a file needs no parse.
 */
function mayPassReportedMode(text: string): boolean {
  for (const m of text.matchAll(PY_MODE_CALLS)) {
    const args = pyCallArgsText(text, m.index + m[0].length);
    if (args === undefined || PY_REPORTED_MODE.test(args)) return true;
  }
  return false;
}

/**
 * A secret file's name where a written path ends: the last text of `open(...)`'s first argument (then a
 * comma or the call's end) or of `write_text`'s receiver. `SECRET_NAME` alone matches `d.keys()`.
 */
const PY_SECRET_PATH_END = new RegExp(
  `(?:${SECRET_NAME.source})["'\`}]?\\)?(?:\\s|#[^\\n]*\\n)*(?:[,)]|\\.\\s*write_(?:text|bytes)\\b)`,
  'i',
);

function checkPython(ctx: TreeContext): void {
  // Every Python finding is a reported mode (above) or a secret file's name being written.
  if (!PY_SECRET_PATH_END.test(ctx.text) && !mayPassReportedMode(ctx.text)) return;
  for (const call of nodesAt(ctx.root, ctx.text, PY_CANDIDATES, 'call')) {
    const name = calleeName(call);
    // `Path(p).chmod(...)` has no plain dotted name: the method is the attribute.
    const last = lastSegment(name) || (call.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '');
    const args = positionalArgs(call);
    if (last === 'chmod' || last === 'fchmod' || last === 'lchmod') {
      // os.chmod(path, mode) / Path(...).chmod(mode)
      const isOs = /^(os\.)?(chmod|fchmod|lchmod)$/.test(name);
      const mode = keywordArg(call, 'mode') ?? (isOs ? args[1] : args[0]);
      const path = isOs ? (args[0]?.text ?? '') : (call.childForFieldName('function')?.text ?? '');
      if (mode) reportMode(ctx, mode, path, true);
    } else if (name === 'os.umask' || name === 'umask') {
      if (args[0]) reportUmask(ctx, args[0], true);
    } else if (name === 'open' || name === 'io.open') {
      const path = args[0];
      const mode = pyString(args[1] ?? keywordArg(call, 'mode'));
      if (!path || !mode || !/[wax]/.test(mode) || !SECRET_PATH.test(path.text)) continue;
      if (restricted(enclosingFn(call) ?? ctx.root)) continue;
      ctx.report({ start: path.startIndex, end: path.endIndex, messageId: 'secretFileMode' });
    } else if (last === 'write_text' || last === 'write_bytes') {
      const receiver = call.childForFieldName('function')?.childForFieldName('object');
      if (!receiver || !SECRET_PATH.test(receiver.text.replace(/\)$/, ''))) continue;
      if (restricted(enclosingFn(call) ?? ctx.root)) continue;
      ctx.report({ start: receiver.startIndex, end: receiver.endIndex, messageId: 'secretFileMode' });
    }
  }
}

// ---------- JavaScript / TypeScript ----------

const JS_CANDIDATES = /\b(?:chmod|chmodSync|fchmod|fchmodSync|lchmod|lchmodSync|umask|writeFile|writeFileSync)\s*\(/g;

function checkJs(ctx: TreeContext): void {
  for (const call of nodesAt(ctx.root, ctx.text, JS_CANDIDATES, 'call_expression')) {
    const name = calleeName(call);
    const last = lastSegment(name);
    const args = callArgs(call);
    if (/^l?f?chmod(Sync)?$/.test(last)) {
      if (args[1]) reportMode(ctx, args[1], args[0]?.text ?? '', false);
    } else if (last === 'umask' && /^process\.umask$/.test(name)) {
      if (args[0]) reportUmask(ctx, args[0], false);
    } else if (last === 'writeFile' || last === 'writeFileSync') {
      const path = args[0];
      if (!path || !SECRET_PATH.test(path.text)) continue;
      const options = args[2];
      if (options?.type === 'object' && objectProp(options, 'mode')) {
        const mode = modeValue(objectProp(options, 'mode'), false);
        if (mode === undefined || (mode & 0o077) === 0) continue;
      } else if (restricted(enclosingFn(call) ?? ctx.root)) continue;
      ctx.report({ start: path.startIndex, end: path.endIndex, messageId: 'secretFileMode' });
    }
  }
}

export const filePermissions: Rule = {
  meta: {
    id: 'file-permissions',
    title: 'World-writable mode or world-readable secret file',
    defaultSeverity: 'warning',
    summary:
      'chmod to a world-writable mode (0o777, 0o666), a umask of 0, or a key/token/.env file written with the ' +
      'default world-readable mode.',
    checklistItem: 'production-config',
    taxonomy: { cwe: [732], owasp: 'A01', securitySeverity: 5.5 },
    languages: ['python', 'js'],
    messages: {
      worldWritable:
        'Mode lets every user on the machine modify this file (world-writable): another process or user ' +
        'can replace its content, or the code it runs. Use 0o600 for secrets, 0o644 for other files ' +
        '(0o755 for programs and folders).',
      umaskZero:
        'umask no longer removes write access for other users: every file and folder the process creates ' +
        'afterwards is world-writable. Keep the default umask (0o022), or 0o077 for processes that write ' +
        'secrets.',
      secretFileMode:
        'Secret file written with the default mode, usually readable by every user on the machine ' +
        '(0o644). Create it with mode 0o600 (os.open(path, flags, 0o600) / { mode: 0o600 }) or chmod it ' +
        'to 0o600 before writing.',
    },
  },
  keywords: ['chmod', 'umask', 'open(', 'write_text', 'write_bytes', 'writeFile'],
  python: checkPython,
  js: checkJs,
};

// tls-verify-off for Python: requests/httpx/aiohttp/urllib3 verification switched off, unverified
// ssl contexts, CERT_NONE with check_hostname = False, and environment tricks that disable checks.
import type { Fix, Node, TextEdit, TreeContext } from '../../core/types';
import { calleeName, dottedName, escapeRegExp, lastSegment, nodesAt } from '../../syntax/tree';
import { importedNames, keywordArgNode, stringValue } from '../../syntax/python';
import { deleteStatements, removeListItem, statementOf } from '../../syntax/edits';
import { ensurePythonFromImport } from '../../syntax/fixes';

// Calls whose `verify=` is about something other than TLS (old PyJWT's signature check, serializers).
const NOT_TLS = /(^|\.)(jwt|jose|jws)(\.|$)|(^|\.)(decode|encode|loads|dumps)$/i;
const HTTP_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'request',
  'ws_connect',
  'TCPConnector',
  'ClientSession',
]);
const SESSION_FACTORIES = /(^|\.)(Session|session|Client|AsyncClient)$/;
// Environment variables whose values switch verification off: name -> the disabling value.
const ENV_SWITCHES: Record<string, string> = {
  PYTHONHTTPSVERIFY: '0',
  CURL_CA_BUNDLE: '',
  REQUESTS_CA_BUNDLE: '',
  NODE_TLS_REJECT_UNAUTHORIZED: '0',
};

function fix(title: string, edits: TextEdit[]): Fix[] {
  return [{ title, preferred: true, edits }];
}

function isCertNone(n: Node | null | undefined): boolean {
  if (!n) return false;
  const s = stringValue(n);
  if (s !== undefined) return s === 'CERT_NONE' || s.toLowerCase() === 'none';
  return n.text === 'CERT_NONE' || n.text.endsWith('.CERT_NONE');
}

function kwarg(ctx: TreeContext, call: Node, name: string, messageId: string, removable = true): void {
  const kw = keywordArgNode(call, name);
  if (!kw) return;
  ctx.report({
    start: kw.startIndex,
    end: kw.endIndex,
    messageId,
    fixes: removable ? fix(`Remove ${name}=... (verify certificates)`, [removeListItem(ctx.text, kw)]) : undefined,
  });
}

/** `s.verify = False` only on something that is a session/client: named so, or created as one here. */
function isSessionLike(ctx: TreeContext, object: Node): boolean {
  if (/(^|_)(session|sess|client|http|s)$/i.test(lastSegment(dottedName(object)))) return true;
  // Candidates: every occurrence of the object's text, and the assignment around it.
  const text = object.text;
  const occurrences = new RegExp(
    `${/^\w/.test(text) ? '(?<!\\w)' : ''}${escapeRegExp(text)}${/\w$/.test(text) ? '(?!\\w)' : ''}`,
    'g',
  );
  return nodesAt(ctx.root, ctx.text, occurrences, 'assignment').some(
    (a) =>
      a.childForFieldName('left')?.text === object.text &&
      a.childForFieldName('right')?.type === 'call' &&
      SESSION_FACTORIES.test(calleeName(a.childForFieldName('right')!)),
  );
}

// Candidates from the text: the keyword arguments the call loop tests.
const KEYWORDS = /\b(?:verify|verify_certs|verify_ssl|ssl|cert_reqs)\s*=/g;

function calls(ctx: TreeContext, aiohttp: boolean): void {
  for (const call of nodesAt(ctx.root, ctx.text, KEYWORDS, 'call')) {
    const name = calleeName(call);
    const value = (k: string) => keywordArgNode(call, k)?.childForFieldName('value');
    if (value('verify')?.type === 'false' && !NOT_TLS.test(name)) kwarg(ctx, call, 'verify', 'verifyFalse');
    if (value('verify_certs')?.type === 'false') kwarg(ctx, call, 'verify_certs', 'verifyCertsFalse');
    if (value('verify_ssl')?.type === 'false') kwarg(ctx, call, 'verify_ssl', 'verifySslFalse');
    if (aiohttp && value('ssl')?.type === 'false' && HTTP_METHODS.has(lastSegment(name)))
      kwarg(ctx, call, 'ssl', 'aiohttpSslFalse');
    if (isCertNone(value('cert_reqs')))
      kwarg(ctx, call, 'cert_reqs', 'certReqsNone', lastSegment(name) !== 'wrap_socket');
  }
}

/** `ssl.wrap_socket(sock)`: the module-level helper defaults to cert_reqs=CERT_NONE and checks no hostname. */
function wrapSocket(ctx: TreeContext): void {
  for (const call of nodesAt(ctx.root, ctx.text, /\bwrap_socket\s*\(/g, 'call')) {
    const name = calleeName(call);
    if (
      name !== 'ssl.wrap_socket' &&
      !(name === 'wrap_socket' && /from\s+ssl\s+import[^\n]*\bwrap_socket\b/.test(ctx.text))
    )
      continue;
    const reqs = keywordArgNode(call, 'cert_reqs')?.childForFieldName('value');
    const server = keywordArgNode(call, 'server_side')?.childForFieldName('value');
    if ((reqs && !isCertNone(reqs)) || server?.type === 'true') continue;
    if (reqs) continue; // an explicit CERT_NONE is reported by the keyword check
    ctx.report({
      start: call.startIndex,
      end: call.endIndex,
      messageId: 'wrapSocket',
    });
  }
}

const UNVERIFIED = '_create_unverified_context';

/** Found by text then mapped to the tree: cheaper than visiting every identifier of the file. */
function unverifiedContexts(ctx: TreeContext): void {
  for (let at = ctx.text.indexOf(UNVERIFIED); at >= 0; at = ctx.text.indexOf(UNVERIFIED, at + UNVERIFIED.length)) {
    const ident = ctx.root.descendantForIndex(at, at + UNVERIFIED.length);
    if (ident?.type !== 'identifier' || ident.text !== UNVERIFIED) continue; // in a string or comment
    const parent = ident.parent;
    if (parent?.type === 'dotted_name' || parent?.type === 'aliased_import' || parent?.type === 'import_from_statement')
      continue;
    const node =
      parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === ident.startIndex
        ? parent
        : ident;
    if (node === ident && parent?.type === 'attribute') continue; // `_create_unverified_context.x`
    const outer = node.parent;
    let edits: TextEdit[] | undefined;
    let title = '';
    if (outer?.type === 'call' && outer.childForFieldName('function')?.startIndex === node.startIndex) {
      edits = [{ start: ident.startIndex, end: ident.endIndex, newText: 'create_default_context' }];
      if (node === ident) edits.push(...ensurePythonFromImport(ctx.root, 'ssl', 'create_default_context'));
      title = 'Use ssl.create_default_context() (verifies certificates)';
    } else if (
      outer?.type === 'assignment' &&
      outer.childForFieldName('right')?.startIndex === node.startIndex &&
      /_create_default_https_context$/.test(outer.childForFieldName('left')?.text ?? '')
    ) {
      edits = deleteStatements(ctx.text, [statementOf(outer)], true);
      title = 'Remove the global override (verify certificates)';
    }
    ctx.report({
      start: node.startIndex,
      end: node.endIndex,
      messageId: 'unverifiedContext',
      fixes: edits ? fix(title, edits) : undefined,
    });
  }
}

// Candidates from the text: the attributes assigned to (`x.verify`, `.check_hostname`, `.verify_mode`) and the
// environment variables set through `os.environ["NAME"]`.
const ASSIGNED = new RegExp(`\\b(?:verify|check_hostname|verify_mode|${Object.keys(ENV_SWITCHES).join('|')})\\b`, 'g');

function assignments(ctx: TreeContext): void {
  const contextOverrides: Node[] = [];
  for (const a of nodesAt(ctx.root, ctx.text, ASSIGNED, 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'attribute') {
      const attr = left.childForFieldName('attribute')?.text;
      const object = left.childForFieldName('object');
      if (attr === 'verify' && right.type === 'false' && object && isSessionLike(ctx, object)) {
        ctx.report({
          start: a.startIndex,
          end: a.endIndex,
          messageId: 'sessionVerifyFalse',
          data: { target: left.text },
          fixes: fix('Remove the override (verify certificates)', deleteStatements(ctx.text, [statementOf(a)], true)),
        });
      } else if (
        (attr === 'check_hostname' && right.type === 'false') ||
        (attr === 'verify_mode' && isCertNone(right))
      ) {
        contextOverrides.push(a);
      }
    } else if (left.type === 'subscript' && dottedName(left.childForFieldName('value')) === 'os.environ') {
      const name = stringValue(left.childForFieldName('subscript'));
      const value = stringValue(right);
      if (name && name in ENV_SWITCHES && value !== undefined && value.trim() === ENV_SWITCHES[name]) {
        ctx.report({
          start: a.startIndex,
          end: a.endIndex,
          messageId: 'environmentSwitch',
          data: { name, value },
          fixes: fix('Remove the override (verify certificates)', deleteStatements(ctx.text, [statementOf(a)], true)),
        });
      }
    }
  }
  // check_hostname = False and verify_mode = CERT_NONE come in pairs (CPython refuses CERT_NONE while
  // check_hostname is on), so the fix removes every override of the same context together.
  for (const a of contextOverrides) {
    const object = a.childForFieldName('left')?.childForFieldName('object')?.text;
    const scope = a.parent?.parent;
    const group = contextOverrides.filter(
      (b) =>
        b.childForFieldName('left')?.childForFieldName('object')?.text === object &&
        b.parent?.parent?.startIndex === scope?.startIndex,
    );
    const attr = a.childForFieldName('left')?.childForFieldName('attribute')?.text;
    ctx.report({
      start: a.startIndex,
      end: a.endIndex,
      messageId: attr === 'check_hostname' ? 'checkHostnameFalse' : 'verifyModeNone',
      fixes: fix(
        'Remove the overrides (verify certificates and host names)',
        deleteStatements(
          ctx.text,
          group.map((g) => statementOf(g)),
          true,
        ),
      ),
    });
  }
}

export function checkPython(ctx: TreeContext): void {
  if (ctx.options.isTestFile) return; // tests talk to local servers with throwaway certificates
  const imports = importedNames(ctx.root);
  const aiohttp = [...imports.values()].some((m) => m === 'aiohttp' || m.startsWith('aiohttp.'));
  calls(ctx, aiohttp);
  unverifiedContexts(ctx);
  assignments(ctx);
  if (ctx.text.includes('wrap_socket')) wrapSocket(ctx);
}

// tls-verify-off for JavaScript/TypeScript: `rejectUnauthorized: false` (https.Agent, tls.connect,
// axios/got/undici options), request's `strictSSL: false`, a no-op `checkServerIdentity`, and
// NODE_TLS_REJECT_UNAUTHORIZED=0 set from code.
import type { Node, TreeContext } from '../../core/types';
import { dottedName, kids, nodesAt } from '../../syntax/tree';
import { stringValue } from '../../syntax/js';
import { deleteStatements, removeListItem, statementOf } from '../../syntax/edits';

const ENV_NAME = 'NODE_TLS_REJECT_UNAUTHORIZED';

function keyName(key: Node | null | undefined): string | undefined {
  if (!key) return undefined;
  return key.type === 'property_identifier' || key.type === 'identifier' ? key.text : stringValue(key);
}

/**
 * An object that becomes an environment: `{ env: {...} }` options or `{ ...process.env, ... }` (not a lookup table).
 */
function isEnvObject(obj: Node | null): boolean {
  if (!obj) return false;
  const parent = obj.parent;
  return (
    kids(obj).some((k) => k.type === 'spread_element' && /process\.env/.test(k.text)) ||
    (parent?.type === 'pair' && keyName(parent.childForFieldName('key')) === 'env')
  );
}

function isFalse(n: Node | null | undefined): boolean {
  return n?.type === 'false' || (n?.type === 'unary_expression' && n.text.replace(/\s/g, '') === '!1');
}

function isZero(n: Node | null | undefined): boolean {
  return n?.type === 'number' ? Number(n.text) === 0 : stringValue(n)?.trim() === '0';
}

/** `() => undefined`, `() => {}`, `function () { return undefined; }`: accepts every host name. */
function acceptsAnyHost(fn: Node | null | undefined): boolean {
  if (!fn || !['arrow_function', 'function_expression', 'function'].includes(fn.type)) return false;
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (body.type !== 'statement_block') return ['undefined', 'null'].includes(body.text);
  const statements = kids(body).filter((k) => k.type !== 'comment');
  if (statements.length === 0) return true;
  return (
    statements.length === 1 &&
    statements[0].type === 'return_statement' &&
    ['return;', 'return undefined;', 'return null;', 'return', 'return undefined', 'return null'].includes(
      statements[0].text.trim(),
    )
  );
}

// Candidates from the text: the keys the pair loop tests (property name -> pair is 1 level, a quoted key's
// fragment -> string -> pair is 2).
const PAIR_KEYS = new RegExp(`\\b(?:rejectUnauthorized|strictSSL|checkServerIdentity|${ENV_NAME})\\b`, 'g');
// The assignment targets: `x.rejectUnauthorized` and `process.env.NODE_TLS_REJECT_UNAUTHORIZED` (property ->
// member_expression -> assignment_expression is 2), `process.env["NODE_TLS_..."]` (fragment -> string ->
// subscript_expression -> assignment_expression is 3).
const ASSIGNED = new RegExp(`\\b(?:rejectUnauthorized|${ENV_NAME})\\b`, 'g');

function pairs(ctx: TreeContext): void {
  for (const pair of nodesAt(ctx.root, ctx.text, PAIR_KEYS, 'pair')) {
    const key = keyName(pair.childForFieldName('key'));
    const value = pair.childForFieldName('value');
    let messageId: string | undefined;
    if (key === 'rejectUnauthorized' && isFalse(value)) messageId = 'rejectUnauthorizedOption';
    else if (key === 'strictSSL' && isFalse(value)) messageId = 'strictSslOption';
    else if (key === 'checkServerIdentity' && acceptsAnyHost(value)) messageId = 'anyServerIdentity';
    else if (key === ENV_NAME && isZero(value) && isEnvObject(pair.parent)) messageId = 'childProcessEnvironment';
    if (messageId)
      ctx.report({
        start: pair.startIndex,
        end: pair.endIndex,
        messageId,
        fixes: [
          {
            title: 'Remove the override (verify certificates)',
            preferred: true,
            edits: [removeListItem(ctx.text, pair)],
          },
        ],
      });
  }
}

function assignments(ctx: TreeContext): void {
  for (const a of nodesAt(ctx.root, ctx.text, ASSIGNED, 'assignment_expression')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right) continue;
    let override: { messageId: string; data?: Record<string, string> } | undefined;
    const target = dottedName(left);
    const isEnvTarget =
      target === `process.env.${ENV_NAME}` ||
      (left.type === 'subscript_expression' &&
        dottedName(left.childForFieldName('object')) === 'process.env' &&
        stringValue(left.childForFieldName('index')) === ENV_NAME);
    if (isEnvTarget && isZero(right)) override = { messageId: 'processEnvironment' };
    else if (
      left.type === 'member_expression' &&
      left.childForFieldName('property')?.text === 'rejectUnauthorized' &&
      isFalse(right)
    )
      override = { messageId: 'rejectUnauthorizedAssignment', data: { target: left.text } };
    if (!override) continue;
    const stmt = statementOf(a);
    const fixes =
      stmt.type === 'expression_statement'
        ? [
            {
              title: 'Remove the override (verify certificates)',
              preferred: true,
              edits: deleteStatements(ctx.text, [stmt], false),
            },
          ]
        : undefined;
    ctx.report({ start: a.startIndex, end: a.endIndex, ...override, fixes });
  }
}

export function checkJs(ctx: TreeContext): void {
  if (ctx.options.isTestFile) return; // tests talk to local servers with throwaway certificates
  pairs(ctx);
  assignments(ctx);
}

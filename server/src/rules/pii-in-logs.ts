// pii-in-logs: logs are copied to hosting dashboards, error trackers and support chats; passwords, tokens
// and whole request bodies printed there leak to everyone who can read them.
import type { Node, Rule, TreeContext } from '../core/types';
import { callArgs } from '../syntax/js';
import { calleeName, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';

const SENSITIVE_NAMES =
  'password|passwd|pwd|new_password|token|access_token|refresh_token|api_key|apikey|secret|client_secret|' +
  'authorization|auth_header|credit_card|card_number|cvv|ssn|otp';
const SENSITIVE_NAME = new RegExp(`^(?:${SENSITIVE_NAMES})$`, 'i');
const WHOLE_BODY =
  /^(await\s+)?(request\.(json|body|form|data|get_json)(\(\))?|req\.body|req\.headers|request\.headers|ctx\.request\.body)$/;
const PY_LOGGERS =
  /^(print|pprint|(logger|log|logging|app\.logger|current_app\.logger)\.(debug|info|warning|warn|error|critical|exception|log))$/;
const JS_LOGGERS = /^(console\.(log|info|warn|error|debug|dir)|(logger|log)\.(debug|info|warn|error|trace|fatal))$/;

// Every finding is a sensitive name (an identifier, attribute or key: a word in the text) or a whole request
// body (`request.json`, `req.body`, ...): a file with neither is not parsed for this rule.
const SENSITIVE_WORD = new RegExp(
  `\\b(?:${SENSITIVE_NAMES})\\b|\\breq(?:uest)?\\s*\\.\\s*(?:json|body|form|data|get_json|headers)\\b`,
  'i',
);

const PY_CANDIDATES =
  /\b(?:print|pprint|logger|log|logging|app\s*\.\s*logger|current_app\s*\.\s*logger)\s*(?:\.\s*\w+\s*)?\(/g;
const JS_CANDIDATES = /\b(?:console|logger|log)\s*\.\s*\w+\s*\(/g;

/** Identifiers/attributes inside an argument that name a secret; strings only count through interpolations. */
// Text gate before walking an argument's nodes: no sensitive word, no finding.
const SENSITIVE_TEXT =
  /pass|pwd|token|api_?key|secret|authoriz|auth_header|card|cvv|ssn|otp|body|headers|json|form|data/i;

function sensitiveIn(arg: Node): Node | undefined {
  const text = arg.text;
  if (WHOLE_BODY.test(text)) return arg;
  if (!SENSITIVE_TEXT.test(text)) return undefined;
  const ids = [
    arg,
    ...descendants(arg, [
      'identifier',
      'attribute',
      'member_expression',
      'property_identifier',
      'subscript',
      'subscript_expression',
    ]),
  ];
  return ids.find((n) => {
    if (
      n.type === 'string' ||
      (n.parent?.type === 'keyword_argument' && n.parent.childForFieldName('name')?.startIndex === n.startIndex)
    )
      return false;
    if (n.type === 'subscript' || n.type === 'subscript_expression')
      return SENSITIVE_NAME.test(n.text.replace(/^.*\[\s*["']?|["']?\s*\]$/g, ''));
    // A whole body only counts as the argument itself: `req.body.email` is one field, not the body.
    return ['identifier', 'property_identifier'].includes(n.type)
      ? SENSITIVE_NAME.test(n.text)
      : SENSITIVE_NAME.test(lastSegment(n.text));
  });
}

function check(ctx: TreeContext, args: Node[]): void {
  for (const arg of args) {
    const hit = sensitiveIn(arg);
    if (!hit) continue;
    ctx.report({
      start: hit.startIndex,
      end: hit.endIndex,
      messageId: 'logged',
      data: { value: hit.text.slice(0, 40) },
    });
    return;
  }
}

export const piiInLogs: Rule = {
  meta: {
    id: 'pii-in-logs',
    title: 'Secrets or request bodies written to logs',
    defaultSeverity: 'info',
    summary: 'print/logger/console.log of passwords, tokens, Authorization headers or whole request bodies.',
    checklistItem: 'logs-clean',
    taxonomy: { cwe: [532], owasp: 'A09', securitySeverity: 4.3 },
    languages: ['python', 'js'],
    messages: {
      logged:
        '"{{value}}" goes to the logs: passwords, tokens and raw request bodies in logs end up in ' +
        'dashboards, error trackers and screenshots. Log an id or a redacted form instead.',
    },
  },
  keywords: ['print', 'log', 'console'],
  python(ctx) {
    if (!SENSITIVE_WORD.test(ctx.text)) return;
    for (const call of nodesAt(ctx.root, ctx.text, PY_CANDIDATES, 'call')) {
      if (!PY_LOGGERS.test(calleeName(call))) continue;
      const args = call.childForFieldName('arguments');
      check(ctx, args ? kids(args).filter((a) => a.type !== 'keyword_argument') : []);
    }
  },
  js(ctx) {
    if (!SENSITIVE_WORD.test(ctx.text)) return;
    for (const call of nodesAt(ctx.root, ctx.text, JS_CANDIDATES, 'call_expression'))
      if (JS_LOGGERS.test(calleeName(call))) check(ctx, callArgs(call));
  },
};

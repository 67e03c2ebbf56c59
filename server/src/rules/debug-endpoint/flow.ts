// debug-endpoint: does a value reach the HTTP response? Follows it outwards through containers,
// copies and serializers to a `return` or a response call, stopping at anything that narrows it
// (`os.environ["X"]`, `.get("X")`, a filtered comprehension, `Object.keys`). One assignment hop.
import type { Node } from '../../core/types';
import { calleeName, descendants, lastSegment } from '../../syntax/tree';

export interface Lang {
  /** Parent types a value passes through unchanged (containers, argument lists, spreads). */
  through: ReadonlySet<string>;
  /** Calls that copy or serialise their argument (dict, jsonify, JSON.stringify...). */
  wrappers: ReadonlySet<string>;
  /** Methods that send their argument to the client (res.json, reply_text...). */
  senders: ReadonlySet<string>;
  /** Methods on the value itself that keep all of it (`os.environ.copy()`, `.items()`). */
  keepers: ReadonlySet<string>;
  memberTypes: ReadonlySet<string>;
  callType: string;
  argsType: string;
  identifierType: string;
}

export const PYTHON: Lang = {
  through: new Set([
    'expression_list',
    'parenthesized_expression',
    'list',
    'tuple',
    'set',
    'dictionary',
    'pair',
    'dictionary_splat',
    'list_splat',
    'keyword_argument',
    'argument_list',
    'for_in_clause',
    'interpolation',
    'string',
    'await',
  ]),
  wrappers: new Set([
    'dict',
    'list',
    'str',
    'repr',
    'sorted',
    'vars',
    'jsonify',
    'dumps',
    'JSONResponse',
    'ORJSONResponse',
    'UJSONResponse',
    'PlainTextResponse',
    'HTMLResponse',
    'Response',
    'make_response',
    'TemplateResponse',
    'render_template',
    'render',
    'JsonResponse',
    'HttpResponse',
    'copy',
    'deepcopy',
    'format',
    'join',
  ]),
  senders: new Set(['send_json', 'send_text', 'send', 'reply_text', 'reply', 'answer', 'send_message', 'write']),
  keepers: new Set(['copy', 'items', 'values', 'dict', 'model_dump', 'to_dict', '__dict__']),
  memberTypes: new Set(['attribute']),
  callType: 'call',
  argsType: 'argument_list',
  identifierType: 'identifier',
};

export const JS: Lang = {
  through: new Set([
    'object',
    'pair',
    'spread_element',
    'array',
    'arguments',
    'parenthesized_expression',
    'template_substitution',
    'template_string',
    'await_expression',
    'as_expression',
    'satisfies_expression',
  ]),
  wrappers: new Set([
    'stringify',
    'assign',
    'entries',
    'values',
    'structuredClone',
    'fromEntries',
    'String',
    'inspect',
  ]),
  senders: new Set([
    'json',
    'send',
    'end',
    'write',
    'jsonp',
    'reply',
    'replyWithHTML',
    'replyWithMarkdown',
    'sendMessage',
    'Response',
    'NextResponse',
  ]),
  keepers: new Set(['map', 'join', 'toString']),
  memberTypes: new Set(['member_expression']),
  callType: 'call_expression',
  argsType: 'arguments',
  identifierType: 'identifier',
};

/** Last name of a callee, also through chains: `res.status(500).json` -> `json`. */
function calleeLast(call: Node): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  const member = fn.childForFieldName('property') ?? fn.childForFieldName('attribute');
  return member?.text ?? lastSegment(calleeName(call)) ?? fn.text;
}

const COMPREHENSIONS = new Set([
  'dictionary_comprehension',
  'list_comprehension',
  'set_comprehension',
  'generator_expression',
]);

/** True when `node` (inside handler function `fn`) is sent to the client whole. */
export function reachesResponse(node: Node, fn: Node, lang: Lang, hop = 0): boolean {
  let n = node;
  while (n.parent && n.startIndex >= fn.startIndex && n.endIndex <= fn.endIndex) {
    const p = n.parent;
    if (p.type === 'return_statement' || p.type === 'arrow_function') return true; // `() => process.env` returns it too
    if (p.type === 'pair' && p.childForFieldName('value')?.startIndex !== n.startIndex) return false; // used as a key
    if (lang.through.has(p.type)) {
      n = p;
      continue;
    }
    if (p.type === lang.callType) {
      const name = calleeLast(p);
      if (n.type === lang.argsType) {
        if (lang.senders.has(name)) return true;
        if (lang.wrappers.has(name)) {
          n = p;
          continue;
        }
        return false;
      }
      n = p; // a kept method's result (`os.environ.copy()`): the member step below approved it
      continue;
    }
    if (p.type === 'new_expression') return lang.senders.has(p.childForFieldName('constructor')?.text ?? '');
    if (lang.memberTypes.has(p.type)) {
      const attr = (p.childForFieldName('attribute') ?? p.childForFieldName('property'))?.text ?? '';
      if (p.childForFieldName('object')?.startIndex === n.startIndex && lang.keepers.has(attr)) {
        n = p;
        continue;
      }
      return false;
    }
    if (COMPREHENSIONS.has(p.type)) {
      if (p.namedChildren.some((c) => c?.type === 'if_clause')) return false; // filtered: only some keys
      n = p;
      continue;
    }
    // Koa: ctx.body = process.env
    if (p.type === 'assignment_expression' && /\.body$/.test(p.childForFieldName('left')?.text ?? '')) return true;
    const target =
      p.type === 'assignment' || p.type === 'assignment_expression'
        ? p.childForFieldName('left')
        : p.type === 'variable_declarator'
          ? p.childForFieldName('name')
          : undefined;
    if (target?.type === lang.identifierType && hop === 0) return variableReaches(target.text, p.endIndex, fn, lang);
    return false;
  }
  return false;
}

function variableReaches(name: string, after: number, fn: Node, lang: Lang): boolean {
  return descendants(fn, lang.identifierType).some(
    (id) => id.text === name && id.startIndex >= after && reachesResponse(id, fn, lang, 1),
  );
}

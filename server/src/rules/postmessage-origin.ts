// postmessage-origin: any window can postMessage to yours; a listener that acts on event.data without
// checking event.origin runs commands from whatever page embeds or opens it.
import type { Node, Rule } from '../core/types';
import { callArgs, stringValue } from '../syntax/js';
import { indentAt } from '../syntax/python';
import { calleeName, descendants, kids, nodesAt } from '../syntax/tree';

const FUNCTION_TYPES = ['arrow_function', 'function_expression', 'function'];
// Candidates from the text: the callee's / assigned property's last segment.
const CALL_CANDIDATES = /\b(?:addEventListener|postMessage)\b/g;
const ASSIGN_CANDIDATES = /\bonmessage\b/g;
const SENSITIVE = /token|jwt|session|auth|password|secret|user|email|cookie|credential|key/i;

/**
 * `addEventListener("message", onMessage)`: the function declared (or assigned) under that name in the file;
 * `this.onMessage` (or `this.onMessage.bind(this)`): the method or arrow-function field of the enclosing class.
 */
function namedFunction(root: Node, ref: Node): Node | undefined {
  if (ref.type === 'call_expression' && /\.bind$/.test(calleeName(ref)))
    return namedFunction(root, ref.childForFieldName('function')?.childForFieldName('object') ?? ref);
  if (ref.type === 'member_expression' && ref.childForFieldName('object')?.type === 'this')
    return classMember(ref, ref.childForFieldName('property')?.text ?? '');
  if (ref.type !== 'identifier') return undefined;
  for (const f of descendants(root, 'function_declaration'))
    if (f.childForFieldName('name')?.text === ref.text) return f;
  for (const d of descendants(root, 'variable_declarator')) {
    const value = d.childForFieldName('value');
    if (d.childForFieldName('name')?.text === ref.text && value && FUNCTION_TYPES.includes(value.type)) return value;
  }
  return undefined;
}

function classMember(at: Node, name: string): Node | undefined {
  let body: Node | null = at.parent;
  while (body && body.type !== 'class_body') body = body.parent;
  for (const member of body ? kids(body) : []) {
    if (member.childForFieldName('name')?.text !== name && member.childForFieldName('property')?.text !== name)
      continue;
    if (member.type === 'method_definition') return member;
    const value = member.childForFieldName('value');
    if (value && FUNCTION_TYPES.includes(value.type)) return value;
  }
  return undefined;
}

/** The listener's first parameter: its name, or the destructuring pattern (`({ data }) => ...`). */
function eventParam(fn: Node): Node | undefined {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return undefined;
  if (params.type === 'identifier') return params;
  const first = kids(params)[0];
  const pattern = first?.childForFieldName('pattern') ?? first;
  return pattern?.type === 'identifier' || pattern?.type === 'object_pattern' ? pattern : undefined;
}

/** `({ data })` / `({ data: msg })`: a destructured event that takes `data`; whether it also takes `origin`. */
function destructures(pattern: Node, prop: string): boolean {
  return kids(pattern).some(
    (p) =>
      (p.type === 'shorthand_property_identifier_pattern' && p.text === prop) ||
      ((p.type === 'pair_pattern' || p.type === 'object_assignment_pattern') &&
        (p.childForFieldName('key') ?? kids(p)[0])?.text === prop),
  );
}

/** Whether the listener reads `event.<prop>` or destructures `<prop>` (by tree, so comments never count). */
function reads(fn: Node, event: string, prop: string): boolean {
  return (
    descendants(fn, 'member_expression').some(
      (m) => m.childForFieldName('object')?.text === event && m.childForFieldName('property')?.text === prop,
    ) ||
    descendants(fn, ['shorthand_property_identifier_pattern', 'shorthand_property_identifier']).some(
      (p) => p.text === prop,
    )
  );
}

const ALLOW_LIST_NOTE = '// add trusted origins here';

function originCheckEdit(text: string, fn: Node, event: string): { start: number; end: number; newText: string }[] {
  const body = fn.childForFieldName('body');
  if (body?.type !== 'statement_block') return [];
  // A comment after the `{` stays on its line: the check goes below it, indented like the first statement.
  const brace = body.startIndex + 1;
  const lineEnd = text.indexOf('\n', brace);
  const at = lineEnd >= 0 && /^\s*\/\/.*$/.test(text.slice(brace, lineEnd)) ? lineEnd : brace;
  const first = kids(body).find((k) => k.startIndex > at);
  const indent = first ? indentAt(text, first.startIndex) : `${indentAt(text, fn.startIndex)}  `;
  return [
    {
      start: at,
      end: at,
      newText: `\n${indent}if (![window.location.origin].includes(${event}.origin)) return; ${ALLOW_LIST_NOTE}`,
    },
  ];
}

export const postmessageOrigin: Rule = {
  meta: {
    id: 'postmessage-origin',
    title: 'postMessage without origin checks',
    defaultSeverity: 'warning',
    summary: 'A "message" listener that uses event.data without checking event.origin, or postMessage(sensitive, "*").',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [346], owasp: 'A07', securitySeverity: 6.1 },
    languages: ['js'],
    messages: {
      originNotChecked:
        'This message listener uses {{event}}.data without checking {{event}}.origin: any page that can ' +
        'reach this window can send it commands. Compare {{event}}.origin with an allow-list first.',
      anyTargetOrigin:
        'postMessage(..., "*") hands this data to whatever page is in that window now (it may have ' +
        'navigated). Pass the exact target origin.',
    },
  },
  keywords: ['message', 'postMessage'],
  js(ctx) {
    // VS Code webview scripts only receive messages from their own extension host.
    if (ctx.text.includes('acquireVsCodeApi')) return;
    const listeners: Node[] = [];
    for (const call of nodesAt(ctx.root, ctx.text, CALL_CANDIDATES, 'call_expression')) {
      const name = calleeName(call);
      const args = callArgs(call);
      if (/(^|\.)addEventListener$/.test(name) && stringValue(args[0]) === 'message' && args[1]) {
        const handler = FUNCTION_TYPES.includes(args[1].type) ? args[1] : namedFunction(ctx.root, args[1]);
        if (handler) listeners.push(handler);
      }
      if (
        /(^|\.)postMessage$/.test(name) &&
        args.length >= 2 &&
        stringValue(args[1]) === '*' &&
        SENSITIVE.test(args[0].text)
      ) {
        ctx.report({
          start: args[1].startIndex,
          end: args[1].endIndex,
          messageId: 'anyTargetOrigin',
        });
      }
    }
    for (const a of nodesAt(ctx.root, ctx.text, ASSIGN_CANDIDATES, 'assignment_expression')) {
      const right = a.childForFieldName('right');
      if (
        /(^|\.)onmessage$/.test(a.childForFieldName('left')?.text ?? '') &&
        right &&
        FUNCTION_TYPES.includes(right.type) &&
        !/worker|port|socket|ws\b/i.test(a.childForFieldName('left')?.text ?? '')
      )
        listeners.push(right);
    }
    for (const fn of listeners) {
      const param = eventParam(fn);
      if (param?.type === 'object_pattern') {
        // The event object itself is gone, so there is nothing to check its origin on: no automatic fix.
        if (destructures(param, 'data') && !destructures(param, 'origin'))
          ctx.report({
            start: fn.startIndex,
            end: (fn.childForFieldName('body') ?? fn).startIndex,
            messageId: 'originNotChecked',
            data: { event: 'event' },
          });
        continue;
      }
      const event = param?.text;
      if (!event || !reads(fn, event, 'data') || reads(fn, event, 'origin')) continue;
      const edits = originCheckEdit(ctx.text, fn, event);
      ctx.report({
        start: fn.startIndex,
        end: (fn.childForFieldName('body') ?? fn).startIndex,
        messageId: 'originNotChecked',
        data: { event },
        fixes: edits.length
          ? // Not preferred: messages from the other origins the page talks to (embeds, pop-ups) would be dropped.
            [{ title: 'Accept messages only from this origin (edit the allow-list)', preferred: false, edits }]
          : undefined,
      });
    }
  },
};

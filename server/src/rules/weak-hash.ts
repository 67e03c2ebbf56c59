// weak-hash: MD5 and SHA-1 in auth code. For passwords they are far too fast to resist guessing; for tokens
// and signatures they are broken or weak. Checksums that say `usedforsecurity=False` are fine.
import type { Node, Rule } from '../core/types';
import { callArgs, stringValue as jsString } from '../syntax/js';
import { keywordArg, positionalArgs, stringValue as pyString } from '../syntax/python';
import { calleeName, nodesAt } from '../syntax/tree';

const SENSITIVE = /pass(word|wd)?|pwd|token|secret|api_?key|session|otp|pin\b|signature|credential/i;
// Candidates from the text (the tree confirms): the callee's last segment, name -> call (1) or
// name -> attribute / member_expression -> call (2).
const PY_CALLS = /\b(?:md5|sha1|new)\b/g;
const JS_CALLS = /\bcreateHash\b/g;
const AUTH_FUNCTION =
  /pass(word|wd)|login|auth|token|session|signup|sign_up|register|verify|reset|credential|api_?key/i;

/** The function the call sits in, by name; auth-ish names make weak hashes a finding even on other data. */
function inAuthCode(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    const name = p.childForFieldName?.('name')?.text;
    if (name && ['function_definition', 'function_declaration', 'method_definition'].includes(p.type))
      return AUTH_FUNCTION.test(name);
  }
  return false;
}

function report(
  ctx: Parameters<NonNullable<Rule['python']>>[0],
  call: Node,
  algo: string,
  algoNode: Node | undefined,
  data: string,
): void {
  const password = /pass(word|wd)?|pwd/i.test(data) || /pass(word|wd)/i.test(algoNode?.parent?.parent?.text ?? '');
  const fixes =
    !password && algoNode
      ? [
          {
            title: `Use SHA-256 instead of ${algo.toUpperCase()}`,
            // Not preferred: the digest changes, so hashes already stored or compared elsewhere stop matching.
            preferred: false,
            edits: [
              {
                start: algoNode.startIndex,
                end: algoNode.endIndex,
                newText: algoNode.type === 'string' ? algoNode.text.replace(/md5|sha1/i, 'sha256') : 'sha256',
              },
            ],
          },
        ]
      : undefined;
  ctx.report({
    start: call.startIndex,
    end: call.endIndex,
    messageId: password ? 'passwordHash' : 'weakForSecurity',
    data: { algorithm: algo.toUpperCase() },
    fixes,
  });
}

export const weakHash: Rule = {
  meta: {
    id: 'weak-hash',
    title: 'MD5/SHA-1 used for passwords or tokens',
    defaultSeverity: 'warning',
    summary:
      'hashlib.md5/sha1 or crypto.createHash("md5"/"sha1") on passwords, tokens or in auth code, without ' +
      'usedforsecurity=False.',
    checklistItem: 'auth-sound',
    taxonomy: { cwe: [328, 916], owasp: 'A02', securitySeverity: 7.5 },
    languages: ['python', 'js'],
    messages: {
      passwordHash:
        '{{algorithm}} is not a password hash: it is fast enough to try billions of guesses per second. ' +
        'Use argon2 (argon2-cffi), bcrypt or scrypt with a per-user salt.',
      weakForSecurity:
        '{{algorithm}} is weak for security use (collisions, fast brute force). Use SHA-256 or an HMAC; ' +
        'for passwords use argon2/bcrypt.',
    },
  },
  keywords: ['md5', 'sha1', 'MD5', 'SHA1'],
  python(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, PY_CALLS, 'call')) {
      const name = calleeName(call);
      let algo: string | undefined;
      let algoNode: Node | undefined;
      let dataArgs = positionalArgs(call);
      if (
        /^(hashlib\.)?(md5|sha1)$/.test(name) &&
        (name.startsWith('hashlib.') || /from hashlib import/.test(ctx.text))
      ) {
        algo = name.replace('hashlib.', '');
        algoNode =
          call.childForFieldName('function')?.childForFieldName('attribute') ??
          call.childForFieldName('function') ??
          undefined;
      } else if (name === 'hashlib.new' && /^(md5|sha1)$/i.test(pyString(dataArgs[0]) ?? '')) {
        algo = pyString(dataArgs[0])!.toLowerCase();
        algoNode = dataArgs[0];
        dataArgs = dataArgs.slice(1);
      }
      if (!algo || keywordArg(call, 'usedforsecurity')?.type === 'false') continue;
      const data = dataArgs.map((a) => a.text).join(' ');
      if (!SENSITIVE.test(data) && !inAuthCode(call)) continue;
      report(ctx, call, algo, algoNode, data);
    }
  },
  js(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, JS_CALLS, 'call_expression')) {
      if (!/(^|\.)createHash$/.test(calleeName(call))) continue;
      const algoNode = callArgs(call)[0];
      const algo = jsString(algoNode)?.toLowerCase();
      if (algo !== 'md5' && algo !== 'sha1') continue;
      const chain = call.parent?.parent?.type === 'call_expression' ? call.parent.parent.text : '';
      if (!SENSITIVE.test(chain) && !inAuthCode(call)) continue;
      report(ctx, call, algo, algoNode, chain);
    }
  },
};

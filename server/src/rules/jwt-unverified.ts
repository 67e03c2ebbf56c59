// jwt-unverified: a JWT read without checking its signature (or accepting alg "none") is just a JSON blob
// anyone can write: `{"sub": "admin"}` signs itself in.
import { isTypeScript } from '../core/languages';
import type { Node, Rule } from '../core/types';
import { callArgs, objectPair } from '../syntax/js';
import { keywordArg, keywordArgNode, positionalArgs } from '../syntax/python';
import { calleeName, nodesAt } from '../syntax/tree';

const NONE_ALG = /["']none["']/i;
/** The file trades an authorization code for tokens itself (OAuth code flow): its ID tokens come from the provider. */
const CODE_EXCHANGE = /["']authorization_code["']|\.fetch_token\s*\(|["']token_uri["']/;
/** The decoded value is an OpenID Connect ID token by name (`id_token`, `self.id_token`, `tokens["id_token"]`). */
const ID_TOKEN = /(?:^|[.\["'])id_token["'\]]*$/;
/** An ID token by name that is not read from the request (a client could send any token there). */
const fromTokenEndpoint = (source: string) => ID_TOKEN.test(source) && !/\b(?:request|req)\b/.test(source);
// Candidates from the text (the tree confirms): the callee's last segment, name -> call (1) or
// name -> attribute / member_expression -> call (2).
const PY_CALLS = /\b(?:decode|encode)\b/g;
const JS_CALLS = /\b(?:verify|decode|sign)\b/g;

export const jwtUnverified: Rule = {
  meta: {
    id: 'jwt-unverified',
    title: 'JWT accepted without signature verification',
    defaultSeverity: 'error',
    summary:
      'jwt.decode with verify_signature False or verify=False, algorithms ["none"], or jsonwebtoken decode() ' +
      'where verify() is needed.',
    checklistItem: 'auth-sound',
    taxonomy: { cwe: [347], owasp: 'A02', securitySeverity: 9.1 },
    languages: ['python', 'js'],
    messages: {
      signsWithNone:
        'Tokens signed with algorithm "none" carry no signature: anyone can write their own, and the ' +
        'code that accepts them must accept forgeries too. Sign with HS256 or RS256 and a real key.',
      acceptsNone:
        'Accepting the "none" algorithm means unsigned tokens pass: list only the algorithm you sign ' + 'with.',
      idTokenFromProvider:
        'This reads an ID token without checking its signature. OpenID Connect allows that only for a token ' +
        "the code fetched itself from the provider's token endpoint over TLS, as this file does: low risk, as " +
        'long as no token taken from a request ever reaches this call.',
      signatureNotChecked:
        'This decodes the JWT without checking its signature: anyone can forge the claims. Verify with ' +
        'your key and an explicit algorithms list.',
      decodeNotVerify:
        'jwt.decode() does not check the signature: in auth code use jwt.verify(token, secret, { ' +
        'algorithms: [...] }).',
    },
  },
  keywords: ['jwt', 'jose', 'JWT'],
  python(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, PY_CALLS, 'call')) {
      const name = calleeName(call);
      // jwt.encode(..., algorithm="none") mints unsigned tokens: whoever verifies them must accept "none".
      const algorithm = /(^|\.)(jwt|jose\.jwt|jws)\.encode$/.test(name) ? keywordArg(call, 'algorithm') : undefined;
      if (algorithm && NONE_ALG.test(algorithm.text)) {
        ctx.report({
          start: algorithm.startIndex,
          end: algorithm.endIndex,
          messageId: 'signsWithNone',
        });
        continue;
      }
      if (
        !/(^|\.)(jwt|jose\.jwt|jws)\.decode$|^decode$/.test(name) ||
        (name === 'decode' && !/\bfrom\s+jwt\s+import\b/.test(ctx.text))
      )
        continue;
      const options = keywordArg(call, 'options');
      const verifyOff =
        (options && /["']verify_signature["']\s*:\s*False/.test(options.text)) ||
        keywordArg(call, 'verify')?.type === 'false';
      const algorithms = keywordArg(call, 'algorithms');
      const noneAlg = !!algorithms && NONE_ALG.test(algorithms.text);
      if (!verifyOff && !noneAlg) continue;
      const token = positionalArgs(call)[0] ?? keywordArg(call, 'jwt') ?? keywordArg(call, 'token');
      const fromProvider =
        !noneAlg && !!token && fromTokenEndpoint(idTokenSource(token, call)) && CODE_EXCHANGE.test(ctx.text);
      const hasKey = positionalArgs(call).length >= 2 || !!keywordArg(call, 'key');
      const offArg = keywordArgNode(call, options && /verify_signature/.test(options.text) ? 'options' : 'verify');
      const fixes =
        verifyOff && hasKey && !algorithms && offArg
          ? [
              {
                title: 'Verify the signature (algorithms=["HS256"])',
                // Not preferred: tokens signed with another algorithm (RS256 from an identity provider) would fail.
                preferred: false,
                edits: [{ start: offArg.startIndex, end: offArg.endIndex, newText: 'algorithms=["HS256"]' }],
              },
            ]
          : undefined;
      ctx.report({
        start: call.startIndex,
        end: call.endIndex,
        messageId: noneAlg ? 'acceptsNone' : fromProvider ? 'idTokenFromProvider' : 'signatureNotChecked',
        severity: fromProvider ? 'info' : undefined,
        fixes,
      });
    }
  },
  js(ctx) {
    const usesJsonwebtoken = /["']jsonwebtoken["']/.test(ctx.text);
    for (const call of nodesAt(ctx.root, ctx.text, JS_CALLS, 'call_expression')) {
      const name = calleeName(call);
      const args = callArgs(call);
      // jsonwebtoken `jwt.sign(payload, key, { algorithm: 'none' })` mints unsigned tokens.
      if (/(^|\.)sign$/.test(name) && /jwt|jsonwebtoken/i.test(name)) {
        const options = args[2];
        const algorithm = options?.type === 'object' ? objectPair(options, 'algorithm') : undefined;
        if (algorithm && NONE_ALG.test(algorithm.text))
          ctx.report({ start: algorithm.startIndex, end: algorithm.endIndex, messageId: 'signsWithNone' });
        continue;
      }
      if (/(^|\.)verify$/.test(name) && /jwt/i.test(name)) {
        const options = args[2];
        const algorithms = options?.type === 'object' ? objectPair(options, 'algorithms') : undefined;
        if (algorithms && NONE_ALG.test(algorithms.text))
          ctx.report({
            start: algorithms.startIndex,
            end: algorithms.endIndex,
            messageId: 'acceptsNone',
          });
        continue;
      }
      if (!usesJsonwebtoken || !/^(jwt|jsonwebtoken)\.decode$/.test(name) || !args[0]) continue;
      if (!isAuthContext(call)) continue;
      const callee = call.childForFieldName('function')?.childForFieldName('property');
      // TypeScript: `!` keeps the key a string under strict (type-only).
      const secret = `process.env.JWT_SECRET${isTypeScript(ctx.file.languageId) ? '!' : ''}`;
      ctx.report({
        start: call.startIndex,
        end: call.endIndex,
        messageId: 'decodeNotVerify',
        fixes:
          callee && args.length === 1
            ? [
                {
                  title: 'Use jwt.verify with JWT_SECRET and HS256',
                  // Not preferred: the secret's name and the algorithm are guesses the code may not share.
                  preferred: false,
                  edits: [
                    { start: callee.startIndex, end: callee.endIndex, newText: 'verify' },
                    {
                      start: args[0].endIndex,
                      end: args[0].endIndex,
                      newText: `, ${secret}, { algorithms: ["HS256"] }`,
                    },
                  ],
                },
              ]
            : undefined,
      });
    }
  },
};

/** What a decoded name holds: `id_token = self.id_token` in the same function is followed once. */
function idTokenSource(token: Node, call: Node): string {
  if (token.type !== 'identifier') return token.text;
  let fn: Node | null = call.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const assigned = new RegExp(`^[ \\t]*${token.text}[ \\t]*=[ \\t]*([^\\n]+)$`, 'm').exec(fn?.text ?? '');
  return assigned ? assigned[1].trim() : token.text;
}

/** Inside middleware or a handler (req/res/next parameters) or code that sets a user from the token. */
function isAuthContext(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (['arrow_function', 'function_declaration', 'function_expression', 'method_definition'].includes(p.type)) {
      const params = p.childForFieldName('parameters')?.text ?? p.childForFieldName('parameter')?.text ?? '';
      if (
        /\breq\b|\brequest\b|\bctx\b/.test(params) ||
        /auth|user|session|verify|guard/i.test(p.childForFieldName('name')?.text ?? '')
      )
        return true;
    }
  }
  return false;
}

// Construction-site arguments (`new Assistant(new LlmGateway(client))`, `Bot(llm=OpenAI())`), Python and JS,
// as the plain facts resolution follows: the objects a constructor keeps in fields decide what its methods call.
import type { Node } from '../core/types';
import { calleeName, dottedName, kids } from '../syntax/tree';
import type { ArgFact } from './types';

const MAX_DEPTH = 3;

function argOf(node: Node, depth: number): ArgFact {
  let n = node;
  if (n.type === 'await_expression' || n.type === 'await') n = kids(n)[0] ?? n;
  if (n.type === 'new_expression') {
    const ctor = dottedName(n.childForFieldName('constructor'));
    return ctor ? { ctor, args: constructionArgs(n, depth + 1) } : {};
  }
  if (n.type === 'call_expression' || n.type === 'call') {
    const ctor = calleeName(n);
    return ctor ? { ctor, args: constructionArgs(n, depth + 1) } : {};
  }
  const ref = dottedName(n);
  return ref ? { ref } : {};
}

/** The arguments of a call or `new` as facts; objects built inside them are followed a few levels deep. */
export function constructionArgs(call: Node, depth = 0): ArgFact[] | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || depth > MAX_DEPTH) return undefined;
  const out: ArgFact[] = [];
  for (const a of kids(list)) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const value = a.childForFieldName('value');
      out.push({ ...(value ? argOf(value, depth) : {}), key: a.childForFieldName('name')?.text });
    } else out.push(argOf(a, depth));
  }
  // Arguments that say nothing followable are not worth keeping.
  return out.some((a) => a.ref || a.ctor) ? out : undefined;
}

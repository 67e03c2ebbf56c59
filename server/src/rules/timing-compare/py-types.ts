// What a Python operand of a secret comparison holds, when the code says so: `str`, `bytes`, or `str` that may
// be None ('optional'). `hmac.compare_digest` raises TypeError on None, on str with non-ASCII characters and on
// str against bytes, where `==` just answers False: the fix keeps the program's behaviour only when it knows.
import type { Node } from '../../core/types';
import { enclosingFunction } from '../../syntax/python';
import { kids } from '../../syntax/tree';
import { pyAssignedAnywhere, pyBinding } from '../../syntax/values';

export type PyStrType = 'str' | 'bytes' | 'optional';

const ENV_GET = /^(?:os\.)?(?:getenv|environ\.get)$/;
const ENV_INDEX = /^(?:os\.)?environ$/;
/** Request containers whose values are str: Flask, Django, Starlette (not path_params: converters make ints). */
const REQUEST_MAP =
  /^(?:self\.)?(?:request|req)\.(?:headers|args|form|values|cookies|query_params|GET|POST|META|COOKIES)$/;
const STR_METHODS = /\.(?:strip|lstrip|rstrip|lower|upper|casefold|removeprefix|removesuffix|replace)$/;

function strLiteral(node: Node | undefined): PyStrType | undefined {
  if (node?.type === 'concatenated_string') return /^[rRuUfF]*["']/.test(node.text) ? 'str' : undefined;
  if (node?.type !== 'string') return undefined;
  return /^[rR]?[bB]/.test(node.text) ? 'bytes' : 'str';
}

/** `x.get("k")` -> optional; `x.get("k", "dflt")` / `default="dflt"` -> str; another default -> unknown. */
function getWithDefault(call: Node): PyStrType | undefined {
  const args = kids(call.childForFieldName('arguments') ?? call).filter((a) => a.type !== 'comment');
  const keyword = (name: string) =>
    args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
  if (keyword('type')) return undefined; // Flask converts: `request.args.get("n", type=int)`
  const fallback = keyword('default')?.childForFieldName('value') ?? args[1];
  if (!fallback) return args.length === 1 ? 'optional' : undefined;
  if (fallback.type === 'none') return 'optional';
  return strLiteral(fallback) === 'str' ? 'str' : undefined;
}

/** FastAPI parameter markers whose value is the request's own (str when required); Depends/Security are not. */
const REQUEST_PARAM = /^(?:fastapi\.)?(?:Header|Query|Cookie|Form|Path|Body)$/;

/**
 * A parameter's type from its annotation and default: `key: str = Header()` is str, `key: str = Header(None)`
 * optional, `key: str = Security(scheme)` unknown (a scheme with auto_error=False hands over None). Null when
 * `name` is a parameter of `fn` whose type is unknown (it shadows outer names), undefined when it is none.
 */
function parameterType(fn: Node, name: string): PyStrType | null | undefined {
  for (const p of kids(fn.childForFieldName('parameters') ?? fn)) {
    const id =
      p.type === 'identifier' ? p : (p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier'));
    if (id?.text !== name) continue;
    let annotation = p.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    const annotated = /^Annotated\[(.+?),(.*)\]$/.exec(annotation);
    if (annotated && /\b(?:Depends|Security)\(/.test(annotated[2])) return null;
    if (annotated) annotation = annotated[1];
    const base =
      annotation === 'str' || annotation === 'bytes'
        ? annotation
        : /^(?:Optional\[str\]|str\|None|None\|str|Union\[str,None\])$/.test(annotation)
          ? 'optional'
          : null;
    const value = p.childForFieldName('value');
    if (!base || !value) return base;
    if (value.type === 'none') return base === 'bytes' ? null : 'optional';
    if (strLiteral(value)) return strLiteral(value) === base ? base : null;
    if (value.type !== 'call' || !REQUEST_PARAM.test(value.childForFieldName('function')?.text ?? '')) return null;
    const noneDefault =
      /^\(\s*None\s*[,)]/.test(value.childForFieldName('arguments')?.text ?? '') ||
      /\bdefault\s*=\s*None\b/.test(value.text);
    return noneDefault && base === 'str' ? 'optional' : base;
  }
  return undefined;
}

export function pyStrType(node: Node, depth = 0): PyStrType | undefined {
  if (depth > 4) return undefined;
  const next = (n: Node | null | undefined) => (n ? pyStrType(n, depth + 1) : undefined);
  switch (node.type) {
    case 'string':
    case 'concatenated_string':
      return strLiteral(node);
    case 'parenthesized_expression':
      return next(kids(node)[0]);
    case 'subscript': {
      const value = node.childForFieldName('value')?.text ?? '';
      return ENV_INDEX.test(value) || REQUEST_MAP.test(value) ? 'str' : undefined;
    }
    case 'boolean_operator': {
      // `x or ""`: str whenever the left side is str or None.
      if (node.childForFieldName('operator')?.text !== 'or') return undefined;
      const left = next(node.childForFieldName('left'));
      const right = next(node.childForFieldName('right'));
      return right === 'str' && (left === 'str' || left === 'optional') ? 'str' : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const callee = fn?.text.replace(/\s+/g, '') ?? '';
      if (ENV_GET.test(callee)) return getWithDefault(node);
      if (callee === 'str') return 'str';
      const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (/\.get$/.test(callee) && receiver && REQUEST_MAP.test(receiver.text.replace(/\s+/g, '')))
        return getWithDefault(node);
      if (/\.hexdigest$/.test(callee)) return 'str';
      if (/\.digest$/.test(callee)) return 'bytes';
      // A method of str: the call raises on None, so when the comparison runs the value is str.
      const own = next(receiver);
      if (/\.encode$/.test(callee)) return own === 'str' || own === 'optional' ? 'bytes' : undefined;
      if (/\.decode$/.test(callee)) return own === 'bytes' ? 'str' : undefined;
      if (STR_METHODS.test(callee)) return own === 'optional' ? 'str' : own;
      return undefined;
    }
    case 'identifier': {
      const bound = pyBinding(node, node.text);
      if (bound) return next(bound);
      for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
        const typed = parameterType(fn, node.text);
        if (typed === null) return undefined;
        if (typed) return pyAssignedAnywhere(node) ? undefined : typed;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// The "Move to environment variable" fix: replaces the string literal holding a secret with the
// language's env read, imports what that needs, and declares the name in `.env.example`.
import type { Fix, Node, OtherFileEdit, TextEdit } from '../core/types';
import { ensurePythonImport } from '../syntax/fixes';
import { envNameFor } from './generic';
import type { SecretHit } from './types';

const STRING_TYPES: Record<'python' | 'js', readonly string[]> = {
  python: ['string'],
  js: ['string', 'template_string'],
};
/** Assignment names too vague to name a variable when the provider suggests a better one. */
const VAGUE = new Set([
  'KEY',
  'TOKEN',
  'SECRET',
  'PASSWORD',
  'API_KEY',
  'APIKEY',
  'AUTH',
  'AUTH_TOKEN',
  'ACCESS_TOKEN',
  'SECRET_KEY',
  'VALUE',
  'CREDENTIALS',
  'BEARER',
]);

/** The whole string literal around a hit, or undefined (comment, interpolated string, …). */
function enclosingString(root: Node, family: 'python' | 'js', start: number, end: number): Node | undefined {
  for (let n: Node | null = root.descendantForIndex(start, end); n; n = n.parent) {
    if (!STRING_TYPES[family].includes(n.type)) continue;
    const interpolated = n.namedChildren.some(
      (c) => c?.type === 'interpolation' || c?.type === 'template_substitution',
    );
    const tripleQuoted = /^[A-Za-z]*("""|''')/.test(n.text);
    return interpolated || tripleQuoted ? undefined : n;
  }
  return undefined;
}

function keyText(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.replace(/^[A-Za-z]*["'`]|["'`]$/g, '');
  return node.text;
}

/** The name the literal is assigned to: variable, attribute, keyword argument, dict/object key. */
function assignedName(literal: Node): string | undefined {
  const parent = literal.parent;
  if (!parent) return undefined;
  const field = (name: string) => parent.childForFieldName(name);
  switch (parent.type) {
    case 'assignment':
    case 'assignment_expression':
    case 'augmented_assignment': {
      if (field('right')?.id !== literal.id) return undefined;
      const left = field('left');
      if (!left) return undefined;
      if (left.type === 'attribute') return left.childForFieldName('attribute')?.text;
      if (left.type === 'member_expression') return left.childForFieldName('property')?.text;
      if (left.type === 'subscript' || left.type === 'subscript_expression')
        return keyText(left.childForFieldName('subscript') ?? left.childForFieldName('index'));
      return left.type === 'identifier' ? left.text : undefined;
    }
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      return field('name')?.text;
    case 'pair':
      return field('value')?.id === literal.id ? keyText(field('key')) : undefined;
    case 'variable_declarator':
      return field('value')?.id === literal.id ? field('name')?.text : undefined;
    case 'public_field_definition':
    case 'field_definition':
      return (field('name') ?? field('property'))?.text;
    case 'assignment_pattern':
      return field('left')?.text;
    default:
      return undefined;
  }
}

const JS_ENV_READ = /^(?:process\.env|import\.meta\.env)(?:\.([A-Za-z_]\w*)|\[\s*["'`]([A-Za-z_]\w*)["'`]\s*\])$/;
const PY_ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'getenv', 'environ.get']);

/** `os.getenv("NAME")` / `os.environ.get("NAME", …)`: the variable's name, when the call reads one. */
function pythonEnvReadName(call: Node | null): string | undefined {
  if (call?.type !== 'call' || !PY_ENV_GETTERS.has(call.childForFieldName('function')?.text ?? '')) return undefined;
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  return first?.type === 'string' ? /^["']([A-Za-z_]\w*)["']$/.exec(first.text)?.[1] : undefined;
}

/**
 * A secret written as the fallback of an env read (`process.env.KEY || "sk-…"`, `os.getenv("KEY", "sk-…")`):
 * the whole expression becomes the plain read, so the fix never writes `process.env.KEY || process.env.KEY`.
 * Behaviour is kept whenever the variable is set; only the hard-coded fallback goes.
 */
function envFallback(literal: Node, family: 'python' | 'js'): { node: Node; name: string } | undefined {
  const parent = literal.parent;
  if (!parent) return undefined;
  if (family === 'js') {
    const op = parent.childForFieldName('operator')?.text;
    const left = parent.childForFieldName('left');
    if (parent.type !== 'binary_expression' || (op !== '||' && op !== '??') || !left) return undefined;
    if (parent.childForFieldName('right')?.id !== literal.id) return undefined;
    const m = JS_ENV_READ.exec(left.text);
    return m ? { node: parent, name: m[1] ?? m[2] } : undefined;
  }
  if (parent.type === 'argument_list' && parent.namedChildren[1]?.id === literal.id) {
    const name = pythonEnvReadName(parent.parent);
    return name && parent.parent ? { node: parent.parent, name } : undefined;
  }
  if (parent.type === 'boolean_operator' && parent.childForFieldName('right')?.id === literal.id) {
    const name = pythonEnvReadName(parent.childForFieldName('left'));
    return name ? { node: parent, name } : undefined;
  }
  return undefined;
}

/** The env variable name: the assignment's own name, unless it is vague and the provider's is specific. */
function chooseEnvName(hit: SecretHit, assigned: string | undefined): string {
  const own = assigned ? envNameFor(assigned) : undefined;
  if (own && !(VAGUE.has(own) && hit.kind !== 'generic-secret' && hit.envName)) return own;
  return hit.envName ?? own ?? 'SECRET_VALUE';
}

/** `.env.example` gains `NAME=` (created when missing); nothing when the name is already declared. */
function envExampleEdit(
  name: string,
  current: string | undefined,
  declared: ReadonlySet<string>,
): OtherFileEdit | undefined {
  const path = '.env.example';
  const line = `${name}=\n`;
  if (current === undefined) return { path, edits: [{ start: 0, end: 0, newText: line }], createWith: line };
  if (declared.has(name)) return undefined;
  const glue = current.length && !current.endsWith('\n') ? '\n' : '';
  return { path, edits: [{ start: current.length, end: current.length, newText: `${glue}${line}` }] };
}

/** Names `.env.example` declares (`NAME=` or `export NAME=`). */
function declaredNames(text: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const m of (text ?? '').matchAll(/^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm)) names.add(m[1]);
  return names;
}

/**
 * The move-to-env fix builder for one parsed Python or JS-family file. What every fix shares (the `os`
 * import edit, `.env.example` and its names) is computed once, on first use, so each hit costs only the
 * walk up from its literal: a file with thousands of secrets is not rescanned per secret.
 * In TypeScript the read gets a non-null assertion (`process.env.NAME!`): `process.env.NAME` alone is
 * `string | undefined`, which a `string` declaration or parameter refuses under `strict`, while the
 * assertion is type-only, so the program runs exactly as the JavaScript fix does.
 */
export function envFixer(
  root: Node,
  family: 'python' | 'js',
  readFile?: (path: string) => string | undefined,
  typescript = false,
): (hit: SecretHit) => Fix | undefined {
  const nonNull = typescript ? '!' : '';
  let shared: { imports: TextEdit[]; example: string | undefined; declared: Set<string> } | undefined;
  const once = () => {
    if (!shared) {
      const example = readFile?.('.env.example');
      shared = {
        imports: family === 'python' ? ensurePythonImport(root, 'os') : [],
        example,
        declared: declaredNames(example),
      };
    }
    return shared;
  };
  return (hit) => {
    const literal = enclosingString(root, family, hit.start, hit.end);
    if (!literal) return undefined;
    const fallback = envFallback(literal, family);
    const name = fallback?.name ?? chooseEnvName(hit, assignedName(literal));
    const target = fallback?.node ?? literal;
    const { imports, example: current, declared } = once();
    const edits: TextEdit[] =
      family === 'python'
        ? [
            { start: target.startIndex, end: target.endIndex, newText: `os.environ["${name}"]` },
            ...imports.map((e) => ({ ...e })),
          ]
        : [
            {
              start: target.startIndex,
              end: target.endIndex,
              newText: `${fallback ? fallback.node.childForFieldName('left')!.text : `process.env.${name}`}${nonNull}`,
            },
          ];
    const example = envExampleEdit(name, current, declared);
    return {
      title: `Move to environment variable ${name}`,
      preferred: true,
      edits,
      otherFiles: example ? [example] : undefined,
    };
  };
}

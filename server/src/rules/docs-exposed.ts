// docs-exposed: a FastAPI app that serves /docs, /redoc and /openapi.json unconditionally in a module
// that clearly knows about production (reads ENV/ENVIRONMENT, compares with "production"): the API's
// whole surface is published in production, usually by oversight.
import type { Node, Rule, TextEdit, TreeContext } from '../core/types';
import { calleeName, dottedName, kids, nodesAt } from '../syntax/tree';
import { importedNames, indentAt, keywordArg, stringValue } from '../syntax/python';
import { appendArguments } from '../syntax/edits';
import { pythonOsImport } from '../syntax/envList';

const ENV_NAMES = new Set([
  'ENV',
  'ENVIRONMENT',
  'APP_ENV',
  'APP_ENVIRONMENT',
  'FASTAPI_ENV',
  'PYTHON_ENV',
  'STAGE',
  'DEPLOY_ENV',
  'RUNTIME_ENV',
]);
const ENV_ATTRS = /^(env|environment|app_env|stage|is_prod|is_production|production)$/i;
const ENV_READERS = new Set(['os.getenv', 'os.environ.get', 'getenv', 'environ.get']);
const DEFAULTS: Record<string, string> = { docs_url: '"/docs"', redoc_url: '"/redoc"', openapi_url: '"/openapi.json"' };

interface Hints {
  envName?: string;
  prodWord?: string;
  found: boolean;
}

/** The tree node at a text offset: hints are found by text, then confirmed on the tree (no full-tree walk). */
function nodeAt(ctx: TreeContext, at: number, length: number): Node | undefined {
  return ctx.root.descendantForIndex(at, at + length) ?? undefined;
}

/** The environment variable the module reads to know where it runs, and its word for production. */
function productionHints(ctx: TreeContext): Hints {
  const hints: Hints = { found: false };
  for (const m of ctx.text.matchAll(/(["'])([A-Z_]+)\1/g)) {
    if (!ENV_NAMES.has(m[2])) continue;
    const str = nodeAt(ctx, (m.index ?? 0) + 1, m[2].length)?.parent;
    if (str?.type !== 'string') continue;
    const holder = str.parent?.type === 'argument_list' ? str.parent.parent : str.parent;
    const isRead =
      (holder?.type === 'call' && ENV_READERS.has(calleeName(holder))) ||
      (holder?.type === 'subscript' && dottedName(holder.childForFieldName('value')) === 'os.environ');
    if (isRead) {
      hints.envName ??= m[2];
      hints.found = true;
    }
  }
  for (const m of ctx.text.matchAll(/(["'])(production|prod)\1/gi)) {
    const str = nodeAt(ctx, (m.index ?? 0) + 1, m[2].length)?.parent;
    // Docstrings describe, they do not decide.
    if (str?.type !== 'string' || str.parent?.type === 'expression_statement') continue;
    const word = m[2].toLowerCase();
    if (hints.prodWord !== 'production') hints.prodWord = word;
    hints.found = true;
  }
  if (!hints.found) {
    for (const m of ctx.text.matchAll(/\.([A-Za-z_]+)\b/g)) {
      if (!ENV_ATTRS.test(m[1])) continue;
      const id = nodeAt(ctx, (m.index ?? 0) + 1, m[1].length);
      if (id?.type === 'identifier' && id.parent?.type === 'attribute') {
        hints.found = true;
        break;
      }
    }
  }
  return hints;
}

function isFastApi(call: Node, imports: Map<string, string>): boolean {
  const name = calleeName(call);
  return (
    name === 'fastapi.FastAPI' ||
    (name === 'FastAPI' && imports.get('FastAPI') === 'fastapi.FastAPI') ||
    imports.get(name) === 'fastapi.FastAPI'
  );
}

function fixEdits(ctx: TreeContext, call: Node, hints: Hints): TextEdit[] {
  const condition = `os.environ.get("${hints.envName ?? 'ENV'}") == "${hints.prodWord ?? 'production'}"`;
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const key of Object.keys(DEFAULTS)) {
    const value = keywordArg(call, key);
    if (value?.type === 'none') continue;
    if (value)
      edits.push({ start: value.startIndex, end: value.endIndex, newText: `None if ${condition} else ${value.text}` });
    else missing.push(`${key}=None if ${condition} else ${DEFAULTS[key]}`);
  }
  const args = call.childForFieldName('arguments');
  if (missing.length && args) {
    // Three long conditionals do not fit one line: lay a one-line call out one argument per line.
    const oneLine = !args.text.includes('\n');
    if (oneLine && missing.length > 1 && edits.length === 0) {
      const indent = indentAt(ctx.text, call.startIndex);
      const all = [...kids(args).map((a) => a.text), ...missing];
      edits.push({
        start: args.startIndex,
        end: args.endIndex,
        newText: `(\n${all.map((a) => `${indent}    ${a},\n`).join('')}${indent})`,
      });
    } else {
      edits.push(appendArguments(ctx.text, args, missing));
    }
  }
  return [...edits, ...pythonOsImport(ctx.root)];
}

export const docsExposed: Rule = {
  meta: {
    id: 'docs-exposed',
    title: 'API docs served in production',
    defaultSeverity: 'info',
    summary:
      'A FastAPI app serves /docs, /redoc and /openapi.json regardless of environment, in a module that knows ' +
      'about production.',
    checklistItem: 'production-config',
    taxonomy: { cwe: [200], owasp: 'A05', securitySeverity: 3.7 },
    languages: ['python'],
    messages: {
      docsServed:
        'This FastAPI app serves interactive API docs (/docs, /redoc) and its OpenAPI schema in every ' +
        'environment, including production, handing a map of every endpoint to anyone. Decide them by ' +
        'environment.',
      schemaServed:
        'This FastAPI app still serves its OpenAPI schema (/openapi.json) in every environment, which ' +
        'lists every endpoint and parameter. Turn it off in production with openapi_url=None there.',
    },
  },
  keywords: ['FastAPI'],
  python(ctx) {
    if (ctx.options.isTestFile) return;
    const imports = importedNames(ctx.root);
    const aliases = [...imports].filter(([, full]) => full === 'fastapi.FastAPI').map(([alias]) => alias);
    const factory = new RegExp(`\\b(?:${['FastAPI', ...aliases].join('|')})\\s*\\(`, 'g');
    const apps = nodesAt(ctx.root, ctx.text, factory, 'call').filter((c) => isFastApi(c, imports));
    if (!apps.length) return;
    let hints: Hints | undefined;
    for (const call of apps) {
      const args = call.childForFieldName('arguments');
      if (!args || kids(args).some((a) => a.type === 'dictionary_splat')) continue;
      const values = Object.keys(DEFAULTS).map((k) => keywordArg(call, k));
      // Any of them computed (from env or settings) means the author decided per environment.
      if (values.some((v) => v && v.type !== 'none' && stringValue(v) === undefined)) continue;
      if (values[2]?.type === 'none') continue; // no schema: no docs either
      hints ??= productionHints(ctx);
      if (!hints.found) return;
      const docsOff = values[0]?.type === 'none' && values[1]?.type === 'none';
      const lineEnd = ctx.text.indexOf('\n', call.startIndex);
      ctx.report({
        start: call.startIndex,
        end: lineEnd >= 0 && lineEnd < call.endIndex ? lineEnd : call.endIndex,
        messageId: docsOff ? 'schemaServed' : 'docsServed',
        fixes: [
          { title: 'Serve API docs only outside production', preferred: true, edits: fixEdits(ctx, call, hints) },
        ],
      });
    }
  },
};

// insecure-deserialization: formats whose loaders run code (pickle, marshal, dill, jsonpickle, unsafe YAML
// loaders, node-serialize) applied to data that may come from outside.
import { jsIsInert, pyIsInert } from '../syntax/inert';
import type { Fix, Node, Rule, TextEdit, TreeContext } from '../core/types';
import { calleeName, escapeRegExp, kids, lastSegment, nodesAt } from '../syntax/tree';
import { importedNames, keywordArg, keywordArgNode, positionalArgs } from '../syntax/python';
import { callArgs, stringValue as jsString } from '../syntax/js';
import { ensureSortedPythonImport, removeKeywordEdit } from '../syntax/pyedit';
import { readsProjectFile } from '../syntax/values';
import { taintFor } from '../syntax/scopes';

const PICKLES = /^(pickle|cPickle|_pickle|dill|cloudpickle|marshal)\.(loads?|Unpickler)$/;
const PICKLE_DUMPS = /^(pickle|cPickle|_pickle|dill|cloudpickle|marshal)\.dumps$/;
/** Loaders built on pickle: `joblib.load(f)`, `torch.load(f)` (unless `weights_only=True`). */
const MODEL_LOADERS = /^(joblib|sklearn\.externals\.joblib|torch)\.load$/;
const SAFE_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;
/** Last segments of the Python names checked below (an imported alias is added per file). */
const PY_LAST = ['load', 'loads', 'Unpickler', 'unsafe_load', 'unsafe_load_all', 'load_all', 'decode'];

/** A text search for any of the names as a whole identifier (`word` is what an identifier is made of). */
const namesPattern = (names: Iterable<string>, word: string) =>
  new RegExp(
    `(?<![${word}])(?:${[...new Set(names)].filter(Boolean).map(escapeRegExp).join('|') || '(?!)'})(?![${word}])`,
    'g',
  );

/** `pickle.load(open("model.pkl", "rb"))`: the app's own artefact, not input. */
function ownFile(arg: Node | undefined): boolean {
  if (!arg) return false;
  if (arg.type === 'call' && /^(open|io\.open)$/.test(calleeName(arg))) return readsProjectFile(arg);
  const fn = arg.type === 'call' ? arg.childForFieldName('function') : undefined;
  if (fn?.type === 'attribute' && /^(read|read_bytes)$/.test(fn.childForFieldName('attribute')?.text ?? ''))
    return readsProjectFile(fn.childForFieldName('object'));
  return arg.type === 'identifier' && readsProjectFile(arg);
}

const STOCK_LOADER = /^(?:yaml\.)?C?(?:Full|Unsafe|Safe)?Loader$/;
/** Tags of the project's own: a custom constructor or YAMLObject class that only the unsafe loaders know. */
const OWN_TAGS = /\b(?:add_constructor|add_multi_constructor|YAMLObject)\b/;

/**
 * `yaml.safe_load` reads the same plain data as the other loaders, but refuses tags the project may use on
 * purpose (its own constructors, a custom Loader class): there the fix is offered, not preferred.
 */
function yamlFix(ctx: TreeContext, call: Node, fnNode: Node): Fix {
  const edits: TextEdit[] = [
    {
      start: fnNode.startIndex,
      end: fnNode.endIndex,
      newText: fnNode.text.replace(/(unsafe_load|load)(_all)?$/, 'safe_load$2'),
    },
  ];
  const loaderKw = keywordArgNode(call, 'Loader');
  const loaderPos = positionalArgs(call)[1];
  if (loaderKw) edits.push(removeKeywordEdit(call, loaderKw));
  else if (loaderPos) edits.push(removeKeywordEdit(call, loaderPos));
  const loader = (loaderKw?.childForFieldName('value') ?? loaderPos)?.text;
  const preferred = (!loader || STOCK_LOADER.test(loader)) && !OWN_TAGS.test(ctx.text);
  return { title: 'Use yaml.safe_load (plain data only)', preferred, edits };
}

/** The modules of every loader above (`sklearn`: `from sklearn.externals import joblib`). */
const PY_MODULES = 'pickle|cPickle|_pickle|dill|cloudpickle|marshal|yaml|joblib|torch|jsonpickle|sklearn';
const GAP = String.raw`[\s\\]*`; // whitespace, or a backslash line continuation
/**
 * What the text of every Python finding holds: a loader called through its module (`pickle.loads(`,
 * `yaml.load(`), or one of those modules imported under another name or by function (`import pickle as p`,
 * `from yaml import load`). Checked before the imports are read, which needs the tree.
 */
const PY_FINDING_TEXT = new RegExp(
  `\\b(?:${PY_MODULES})(?:${GAP}\\.${GAP}\\w+)*?${GAP}\\.${GAP}` +
    `(?:loads?|Unpickler|unsafe_load(?:_all)?|load_all|decode)${GAP}\\(` +
    `|\\bfrom[\\s\\\\]+(?:${PY_MODULES})\\b[\\w.]*[\\s\\\\]+import\\b` +
    `|\\bimport\\b[^\\n]*(?:\\\\\\n[^\\n]*)*\\b(?:${PY_MODULES})\\b[\\w.]*[\\s\\\\]+as\\b`,
);

function checkPython(ctx: TreeContext): void {
  if (!PY_FINDING_TEXT.test(ctx.text)) return;
  const names = importedNames(ctx.root);
  const taint = taintFor(ctx);
  // Candidates: the callee's last segment (name -> call, or name -> attribute -> call), or a single-segment
  // alias imported for one of the names (`from pickle import loads as unpack`).
  const aliases = [...names]
    .filter(([local, full]) => PY_LAST.includes(lastSegment(full)) && local !== full)
    .map(([local]) => local);
  for (const call of nodesAt(ctx.root, ctx.text, namesPattern([...PY_LAST, ...aliases], '\\w'), 'call')) {
    const raw = calleeName(call);
    const root = raw.split('.')[0];
    const name = names.has(root) && names.get(root) !== root ? `${names.get(root)}${raw.slice(root.length)}` : raw;
    const fnNode = call.childForFieldName('function');
    const arg = positionalArgs(call)[0];
    // A constant payload (a literal, an UPPER_CASE constant) is written by the program itself, not an attacker.
    if (!fnNode || !arg || pyIsInert(arg)) continue;
    let fixes: Fix[] = [];
    if (PICKLES.test(name)) {
      // `pickle.loads(pickle.dumps(obj))` (a deep copy): the bytes were written by this process a moment ago.
      if (ownFile(arg) || (arg.type === 'call' && PICKLE_DUMPS.test(calleeName(arg)))) continue;
      const method = lastSegment(name);
      if (raw.startsWith('pickle.') && (method === 'loads' || method === 'load')) {
        // Only right when the payload is plain data that was (or can be) written as JSON instead.
        fixes = [
          {
            title: `Use json.${method} (data only; the writer must produce JSON too)`,
            preferred: false,
            edits: [
              { start: fnNode.startIndex, end: fnNode.endIndex, newText: `json.${method}` },
              ...ensureSortedPythonImport(ctx.root, 'json'),
            ],
          },
        ];
      }
    } else if (/^yaml\.(unsafe_load|unsafe_load_all)$/.test(name)) {
      fixes = raw.startsWith('yaml.') ? [yamlFix(ctx, call, fnNode)] : [];
    } else if (/^yaml\.(load|load_all)$/.test(name)) {
      const loader = keywordArg(call, 'Loader') ?? positionalArgs(call)[1];
      if (loader && SAFE_LOADERS.test(loader.text)) continue;
      fixes = raw.startsWith('yaml.') ? [yamlFix(ctx, call, fnNode)] : [];
    } else if (MODEL_LOADERS.test(name)) {
      // joblib/torch read pickles too; model files are the app's own, so only a request-supplied file counts.
      if (keywordArg(call, 'weights_only')?.type === 'true' || !taint(call).isTainted(arg)) continue;
    } else if (name !== 'jsonpickle.decode') continue;
    ctx.report({ start: fnNode.startIndex, end: call.endIndex, messageId: 'codeRunningFormat', fixes });
  }
}

function checkJs(ctx: TreeContext): void {
  const modules = new Set<string>();
  const functions = new Set<string>();
  for (const s of kids(ctx.root)) {
    if (s.type !== 'import_statement' || jsString(s.childForFieldName('source')) !== 'node-serialize') continue;
    for (const c of kids(kids(s).find((k) => k.type === 'import_clause') ?? s)) {
      if (c.type === 'identifier') modules.add(c.text);
      else if (c.type === 'namespace_import') modules.add(kids(c)[0]?.text ?? '');
      else if (c.type === 'named_imports')
        for (const spec of kids(c))
          if (spec.childForFieldName('name')?.text === 'unserialize')
            functions.add(spec.childForFieldName('alias')?.text ?? 'unserialize');
    }
  }
  // require -> call_expression is 1 level.
  for (const call of nodesAt(ctx.root, ctx.text, /\brequire\b/g, 'call_expression')) {
    if (calleeName(call) !== 'require' || jsString(callArgs(call)[0]) !== 'node-serialize') continue;
    const target = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name') : undefined;
    if (target?.type === 'identifier') modules.add(target.text);
    else if (target?.type === 'object_pattern' && target.text.includes('unserialize')) functions.add('unserialize');
  }
  if (!modules.size && !functions.size) return;
  // Candidates: a local name bound to unserialize (name -> call_expression), or `.unserialize` on the module
  // (name -> member_expression -> call_expression).
  for (const call of nodesAt(
    ctx.root,
    ctx.text,
    namesPattern(['unserialize', ...functions], '\\w$'),
    'call_expression',
  )) {
    const callee = call.childForFieldName('function');
    const isUnserialize =
      callee?.type === 'identifier'
        ? functions.has(callee.text)
        : callee?.type === 'member_expression' &&
          modules.has(callee.childForFieldName('object')?.text ?? '') &&
          callee.childForFieldName('property')?.text === 'unserialize';
    if (isUnserialize && callee && !jsIsInert(callArgs(call)[0] ?? null))
      ctx.report({ start: callee.startIndex, end: call.endIndex, messageId: 'codeRunningFormat' });
  }
}

export const insecureDeserialization: Rule = {
  meta: {
    id: 'insecure-deserialization',
    title: 'Deserialization that can run code',
    defaultSeverity: 'error',
    summary:
      'pickle/marshal/dill loads, yaml.load without SafeLoader, yaml.unsafe_load, jsonpickle.decode, ' +
      'joblib/torch.load of an uploaded file or node-serialize unserialize.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [502], owasp: 'A08', securitySeverity: 9.8 },
    languages: ['python', 'js'],
    messages: {
      codeRunningFormat:
        'Deserializing with a format that can run code: a crafted payload executes commands when it is ' +
        'loaded (pickle, marshal, unsafe YAML tags, node-serialize functions). Use JSON or ' +
        'yaml.safe_load for data that crosses a trust boundary.',
    },
  },
  keywords: ['pickle', 'marshal', 'dill', 'yaml', 'jsonpickle', 'node-serialize', 'joblib', 'torch'],
  python: checkPython,
  js: checkJs,
};

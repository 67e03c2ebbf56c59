// What the project's package.json `engines.node` allows, and `randomUUID` written to suit it: the global
// `crypto` exists only from Node 19, so older allowed versions get an import from node:crypto.
import type { Node, TextEdit, TreeContext } from '../core/types';
import { perTree } from './memo';
import { kids } from './tree';

/** Whether a semver range (`>=16`, `^18.2`, `16.x || >=20`, `>=14 <21`) admits a Node major below `major`. */
export function rangeAllowsBelow(range: string, major: number): boolean {
  return range.split('||').some((alt) => {
    const lower = [...alt.matchAll(/(>=|>|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(?:\d+|x|\*))?(?:-[\w.]+)?/g)].filter(
      (m) => !/<\s*$/.test(alt.slice(0, m.index)),
    );
    const bounds = lower.map((m) => Number(m[2]) + (m[1] === '>' && m[3] === undefined ? 1 : 0));
    return !bounds.length || Math.min(...bounds) < major;
  });
}

/** engines.node of the workspace's package.json, when there is one. */
function enginesNode(readFile: TreeContext['options']['readFile']): string | undefined {
  const text = readFile?.('package.json');
  if (!text) return undefined;
  try {
    const node = (JSON.parse(text) as { engines?: { node?: unknown } }).engines?.node;
    return typeof node === 'string' ? node : undefined;
  } catch {
    return undefined;
  }
}

/** How to call randomUUID here: the file's own import, the global (Node >= 19), or a new node:crypto import. */
export function randomUUIDCall(ctx: TreeContext): { call: string; edits: TextEdit[] } {
  // Once per parse, not once per leak: the import searches read the whole file.
  const found = perTree(ctx.root, 'randomUUIDCall', () => {
    const own =
      /\b(?:const|let|var)\s*\{[^}]*\brandomUUID\b[^}]*\}\s*=\s*require\(\s*['"](?:node:)?crypto['"]\s*\)|\bimport\s*\{[^}]*\brandomUUID\b[^}]*\}\s*from\s*['"](?:node:)?crypto['"]/;
    if (own.test(ctx.text)) return { call: 'randomUUID()', edits: [] };
    const cryptoModule =
      /\b(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](?:node:)?crypto['"]\s*\)|\bimport\s+(?:\*\s+as\s+)?(\w+)\s+from\s*['"](?:node:)?crypto['"]/;
    const module = cryptoModule.exec(ctx.text);
    if (module) return { call: `${module[1] ?? module[2]}.randomUUID()`, edits: [] };
    const engines = enginesNode(ctx.options.readFile);
    if (!engines || !rangeAllowsBelow(engines, 19)) return { call: 'crypto.randomUUID()', edits: [] };
    return { call: 'randomUUID()', edits: [importEdit(ctx.root, ctx.file.path)] };
  });
  return { call: found.call, edits: found.edits.map((e) => ({ ...e })) };
}

function importEdit(root: Node, path: string): TextEdit {
  const statements = kids(root);
  const esm =
    statements.some((s) => s.type === 'import_statement' || s.type === 'export_statement') ||
    /\.(mjs|mts|ts|tsx)$/.test(path);
  const anchors = statements.filter((s) =>
    esm
      ? s.type === 'import_statement'
      : s.type !== 'expression_statement' && /^\s*(const|let|var)\b[^;]*\brequire\(/.test(s.text),
  );
  const line = esm ? "import { randomUUID } from 'node:crypto';" : "const { randomUUID } = require('node:crypto');";
  const last = anchors[anchors.length - 1];
  if (last) return { start: last.endIndex, end: last.endIndex, newText: `\n${line}` };
  // After a shebang and 'use strict' directives, which must stay first.
  let at = 0;
  for (const s of statements) {
    if (s.type === 'hash_bang_line' || (s.type === 'expression_statement' && /^['"]use \w+['"];?$/.test(s.text)))
      at = s.endIndex;
    else break;
  }
  return at ? { start: at, end: at, newText: `\n${line}` } : { start: 0, end: 0, newText: `${line}\n` };
}

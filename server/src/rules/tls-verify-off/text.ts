// tls-verify-off in plain-text configuration (.env, shell, Dockerfile, compose/CI YAML, TOML, package.json
// scripts): `NODE_TLS_REJECT_UNAUTHORIZED=0` / `PYTHONHTTPSVERIFY=0`. These formats have no syntax tree
// here, and the setting is one token on one line, so a line scan is exact enough.
import type { TextContext, TextEdit } from '../../core/types';

const LANGUAGES = new Set([
  'dotenv',
  'shellscript',
  'dockerfile',
  'yaml',
  'json',
  'jsonc',
  'toml',
  'ini',
  'properties',
]);
const PLAIN_NAMES = /(^|\/)(procfile|makefile|\.envrc)$/i;
const SETTING = /(?<![\w$.-])(NODE_TLS_REJECT_UNAUTHORIZED|PYTHONHTTPSVERIFY)(\s*[=:]\s*|[ \t]+)(["']?)0\3(?![\w.])/g;
const WHOLE_LINE_REST = /^(export|env|set|ENV|-)?$/i;

export function checkText(ctx: TextContext): void {
  const lang = ctx.file.languageId;
  if (!LANGUAGES.has(lang) && !(lang === 'plaintext' && PLAIN_NAMES.test(ctx.file.path))) return;
  const json = lang === 'json' || lang === 'jsonc';
  let lineStart = 0;
  for (const line of ctx.text.split('\n')) {
    for (const m of line.matchAll(SETTING)) {
      const at = m.index ?? 0;
      if (/^[ \t]+$/.test(m[2]) && lang !== 'dockerfile') continue; // `ENV NAME 0` is Dockerfile-only syntax
      if (!json && /(^|\s)#/.test(line.slice(0, at))) continue; // commented out
      const token = m[0];
      const rest = `${line.slice(0, at)}${line.slice(at + token.length)}`
        .replace(json ? /$^/ : /\s+#.*$/, '')
        .replace(/\r$/, '')
        .trim();
      let edit: TextEdit;
      if (WHOLE_LINE_REST.test(rest)) {
        edit = { start: lineStart, end: Math.min(lineStart + line.length + 1, ctx.text.length), newText: '' };
      } else {
        const after = /^[ \t]*/.exec(line.slice(at + token.length))?.[0].length ?? 0;
        edit = { start: lineStart + at, end: lineStart + at + token.length + after, newText: '' };
      }
      ctx.report({
        start: lineStart + at,
        end: lineStart + at + token.length,
        messageId: 'environmentFile',
        data: { name: m[1] },
        fixes: [{ title: `Remove ${m[1]}=0 (verify certificates)`, preferred: true, edits: [edit] }],
      });
    }
    lineStart += line.length + 1;
  }
}

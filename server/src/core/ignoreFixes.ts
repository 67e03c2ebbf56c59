// The "Ignore on this line" / "Ignore in this file" fixes, written in the file's own comment syntax.
import type { Finding, Fix, SourceFile } from './types';

function commentFor(languageId: string, body: string): string {
  switch (languageId) {
    case 'python':
    case 'dotenv':
    case 'yaml':
    case 'toml':
    case 'shellscript':
    case 'dockerfile':
    case 'properties':
    case 'ini':
      return `# ${body}`;
    case 'html':
    case 'markdown':
    case 'xml':
    case 'vue':
    case 'svelte':
      return `<!-- ${body} -->`;
    case 'json':
    case 'jsonc':
      return ''; // JSON has no comments: only .preflightignore or the baseline can silence it.
    default:
      return `// ${body}`;
  }
}

/** True when the offset sits inside a Vue/Svelte <script> block (so // comments apply there). */
function inScriptBlock(text: string, offset: number): boolean {
  const open = text.lastIndexOf('<script', offset);
  return open !== -1 && text.lastIndexOf('</script', offset) < open;
}

// Whether the line starts inside JSX markup, where only brace-wrapped block comments are valid.
function inJsx(text: string, lineStart: number): boolean {
  return /^\s*</.test(text.slice(lineStart, text.indexOf('\n', lineStart) >>> 0));
}

export function ignoreFixes(file: SourceFile, finding: Finding): Fix[] {
  const { text, languageId } = file;
  const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const scriptLike = (languageId === 'vue' || languageId === 'svelte') && inScriptBlock(text, finding.start);
  const lang = scriptLike ? 'typescript' : languageId;
  const lineBody = `preflight-ignore: ${finding.ruleId} -- reason`;
  let lineComment = commentFor(lang, lineBody);
  if ((languageId === 'javascriptreact' || languageId === 'typescriptreact') && inJsx(text, lineStart))
    lineComment = `{/* ${lineBody} */}`;
  const fileComment = commentFor(
    languageId === 'vue' || languageId === 'svelte' ? 'html' : languageId,
    `preflight-ignore-file: ${finding.ruleId} -- reason`,
  );
  const fixes: Fix[] = [];
  if (lineComment)
    fixes.push({
      title: `Ignore ${finding.ruleId} on this line`,
      edits: [{ start: lineStart, end: lineStart, newText: `${indent}${lineComment}\n` }],
    });
  if (fileComment) {
    // After a shebang or encoding line, which must stay first.
    const firstLineEnd = text.indexOf('\n') + 1;
    const at = /^(#!|# -\*-|# vim:)/.test(text) && firstLineEnd > 0 ? firstLineEnd : 0;
    fixes.push({
      title: `Ignore ${finding.ruleId} in this file`,
      edits: [{ start: at, end: at, newText: `${fileComment}\n` }],
    });
  }
  return fixes;
}

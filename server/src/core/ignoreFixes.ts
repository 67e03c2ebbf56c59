// The "Ignore on this line" / "Ignore in this file" fixes, in the comment syntax of the language at the
// exact position (see commentPlace.ts). Where no comment can go, `.preflightignore` takes the file instead.
import { commentSyntaxOf, fileCommentOffset, placeLineComment, wrap } from './commentPlace';
import type { Finding, Fix, SourceFile } from './types';

/** The file-level comment's syntax: a Vue/Svelte file's top level is markup. */
function fileSyntaxLanguage(languageId: string): string {
  return languageId === 'vue' || languageId === 'svelte' ? 'html' : languageId;
}

/** Appends the file's path to `.preflightignore` (created when missing). */
function preflightIgnoreFix(file: SourceFile, readFile?: (path: string) => string | undefined): Fix {
  const entry = `/${file.path.replace(/^\/+/, '')}\n`;
  const current = readFile?.('.preflightignore');
  const glue = current && !current.endsWith('\n') ? '\n' : '';
  const end = current?.length ?? 0;
  return {
    title: `Ignore ${file.path} in .preflightignore`,
    edits: [],
    otherFiles: [
      { path: '.preflightignore', edits: [{ start: end, end, newText: `${glue}${entry}` }], createWith: entry },
    ],
  };
}

export function ignoreFixes(
  file: SourceFile,
  finding: Finding,
  readFile?: (path: string) => string | undefined,
): Fix[] {
  const { text, languageId } = file;
  const fixes: Fix[] = [];
  const place = placeLineComment(languageId, text, finding.start);
  if (place) {
    const comment = wrap(place.syntax, `preflight-ignore: ${finding.ruleId} -- reason`);
    fixes.push({
      title: `Ignore ${finding.ruleId} on this line`,
      edits: [{ start: place.at, end: place.at, newText: `${place.indent}${comment}\n${place.after ?? ''}` }],
    });
  }
  const fileLanguage = fileSyntaxLanguage(languageId);
  const fileSyntax = commentSyntaxOf(fileLanguage);
  if (fileSyntax) {
    const at = fileCommentOffset(fileLanguage, text);
    const comment = wrap(fileSyntax, `preflight-ignore-file: ${finding.ruleId} -- reason`);
    const after = fileLanguage === 'restructuredtext' ? '\n' : '';
    fixes.push({
      title: `Ignore ${finding.ruleId} in this file`,
      edits: [{ start: at, end: at, newText: `${comment}\n${after}` }],
    });
  } else {
    fixes.push(preflightIgnoreFix(file, readFile)); // JSON, plain text: no comment syntax at all
  }
  return fixes;
}

// upload-unvalidated: saving an upload without checking its type and size lets users store HTML/JS on your
// domain, overwrite files via crafted names, or fill the disk.
import type { Node, Rule, TreeContext } from '../core/types';
import { callArgs, objectProp } from '../syntax/js';
import { handlersOf } from '../syntax/scopes';
import { calleeName, codeText, nodesAt } from '../syntax/tree';

const SAVES =
  /\.save\(|copyfileobj\(|\.write\(\s*(await\s+)?\w+\.read\(\)|write_bytes\(|aiofiles\.open|open\([^)]*["']wb["']/;
const TYPE_CHECK =
  /content_type|mimetype|\.endswith\(|splitext|\.suffix|ALLOWED_|allowed_|secure_filename|imghdr|filetype|magic\./;
const SIZE_CHECK = /\.size\b|len\(|MAX_|max_|content_length|spool_max|\.tell\(\)/;

function pythonCheck(ctx: TreeContext): void {
  for (const h of handlersOf(ctx)) {
    const fn = h.fn;
    if (!fn || h.kind !== 'http') continue;
    const code = codeText(fn);
    const takesUpload = /UploadFile|request\.files|FileStorage/.test(code);
    if (!takesUpload || !SAVES.test(code)) continue;
    const missing = [!TYPE_CHECK.test(code) && 'type/extension', !SIZE_CHECK.test(code) && 'size'].filter(Boolean);
    if (!missing.length) continue;
    ctx.report({
      start: h.anchor.startIndex,
      end: h.anchor.endIndex,
      messageId: 'uploadUnchecked',
      data: { route: `${h.method} ${h.path}`, missing: missing.join(' or ') },
    });
  }
}

function multerWithoutLimits(call: Node): boolean {
  const options = callArgs(call)[0];
  if (!options || options.type !== 'object') return true;
  return !objectProp(options, 'limits') || !objectProp(options, 'fileFilter');
}

export const uploadUnvalidated: Rule = {
  meta: {
    id: 'upload-unvalidated',
    title: 'Upload saved without type or size checks',
    defaultSeverity: 'info',
    summary:
      'A handler that saves an uploaded file without extension/content-type and size checks; multer without ' +
      'limits and fileFilter.',
    checklistItem: 'uploads-validated',
    taxonomy: { cwe: [434], owasp: 'A04', securitySeverity: 4.3 },
    languages: ['python', 'js'],
    messages: {
      uploadUnchecked:
        '{{route}} saves an uploaded file without checking its {{missing}}: check the extension/content ' +
        "type against an allow-list, cap the size, and never use the client's file name as the path.",
      multerUnbounded:
        'multer is set up without `limits` (file size/count) and a `fileFilter` (allowed types): any ' +
        'client can upload any file of any size.',
    },
  },
  keywords: ['UploadFile', 'files', 'multer', 'FileStorage'],
  python: pythonCheck,
  js(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, /\bmulter\b/g, 'call_expression')) {
      // identifier -> call
      if (calleeName(call) !== 'multer' || !multerWithoutLimits(call)) continue;
      ctx.report({
        start: call.startIndex,
        end: call.endIndex,
        messageId: 'multerUnbounded',
      });
    }
  },
};

// tmp-path: predictable temp names (`tempfile.mktemp()`, hard-coded `/tmp/...`) that another local user or
// a concurrent request can pre-create or race, and that collide between requests.
import type { Node, Rule } from '../core/types';
import { ensurePythonImport } from '../syntax/fixes';
import { indentAt } from '../syntax/python';
import { calleeName, kids, lastSegment, nodesAt } from '../syntax/tree';

const TMP_TEXT = /\/(?:tmp|var\/tmp|dev\/shm)\//g;
const RANDOM_PART = /uuid|random|token_hex|mkstemp|getpid|randomUUID|nanoid|Date\.now/;

/** A string literal that names a fixed path under /tmp (or /var/tmp, /dev/shm). */
function fixedTmpPath(node: Node): boolean {
  const content = node.text.replace(/^[rbfuRBFU]*("""|'''|"|'|`)/, '');
  if (!/^\/(tmp|var\/tmp|dev\/shm)\/[^\s"'`]/.test(content)) return false;
  return !RANDOM_PART.test(node.text);
}

function isDocOrDisplay(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'expression_statement') return true; // docstring
  const call = parent?.parent;
  return call?.type === 'call' || call?.type === 'call_expression'
    ? /(^|\.)(print|log|info|debug|warn|warning|error)$/.test(calleeName(call))
    : false;
}

export const tmpPath: Rule = {
  meta: {
    id: 'tmp-path',
    title: 'Predictable temporary path',
    defaultSeverity: 'warning',
    summary: 'tempfile.mktemp() or a hard-coded /tmp/... name: race-prone and shared between requests and users.',
    checklistItem: 'temp-files-cleaned',
    taxonomy: { cwe: [377], owasp: 'A01', securitySeverity: 4.7 },
    languages: ['python', 'js'],
    messages: {
      mktemp:
        'tempfile.mktemp() only returns a name: another process can create that file first (a classic ' +
        'race). Use mkstemp() or NamedTemporaryFile().',
      fixedTmpPathPython:
        'A fixed path under /tmp is shared by every request and every local user: use tempfile ' +
        '(mkstemp/NamedTemporaryFile/TemporaryDirectory) for a private, unique name.',
      fixedTmpPathJs:
        'A fixed path under /tmp is shared by every request and every local user: create a private ' +
        'directory with fs.mkdtemp(path.join(os.tmpdir(), "app-")) instead.',
    },
  },
  keywords: ['mktemp', '/tmp/', '/var/tmp/', '/dev/shm/'],
  python(ctx) {
    for (const call of nodesAt(ctx.root, ctx.text, /\bmktemp\b/g, 'call')) {
      // identifier -> attribute -> call
      if (lastSegment(calleeName(call)) !== 'mktemp' || !/^(tempfile\.)?mktemp$/.test(calleeName(call))) continue;
      const assign = call.parent;
      const target = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
      const statement = assign?.parent?.type === 'expression_statement' ? assign.parent : undefined;
      const fixes =
        target?.type === 'identifier' && statement
          ? [
              {
                title: 'Use tempfile.mkstemp() (creates the file atomically)',
                preferred: true,
                edits: [
                  {
                    start: target.startIndex,
                    end: call.childForFieldName('function')!.endIndex,
                    newText: `fd, ${target.text} = tempfile.mkstemp`,
                  },
                  {
                    start: statement.endIndex,
                    end: statement.endIndex,
                    newText: `\n${indentAt(ctx.text, statement.startIndex)}os.close(fd)`,
                  },
                  ...ensurePythonImport(ctx.root, 'os'),
                ],
              },
            ]
          : undefined;
      ctx.report({
        start: call.startIndex,
        end: call.endIndex,
        messageId: 'mktemp',
        fixes,
      });
    }
    for (const s of nodesAt(ctx.root, ctx.text, TMP_TEXT, 'string')) {
      if (s.parent?.type === 'concatenated_string' || !fixedTmpPath(s) || isDocOrDisplay(s)) continue;
      ctx.report({
        start: s.startIndex,
        end: s.endIndex,
        messageId: 'fixedTmpPathPython',
      });
    }
  },
  js(ctx) {
    {
      for (const s of nodesAt(ctx.root, ctx.text, TMP_TEXT, ['string', 'template_string'])) {
        if (
          !fixedTmpPath(s) ||
          isDocOrDisplay(s) ||
          kids(s).some((c) => c.type === 'template_substitution' && RANDOM_PART.test(c.text))
        )
          continue;
        ctx.report({
          start: s.startIndex,
          end: s.endIndex,
          messageId: 'fixedTmpPathJs',
        });
      }
    }
  },
};

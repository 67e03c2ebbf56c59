// Hover over a finding: the rule's title, its CWE ids and OWASP category, and its documentation page, so the
// same mapping shows in the editor as in SARIF and the rule docs.
import type { Hover } from 'vscode-languageserver/node';
import { taxonomyMarkdown } from '../core/taxonomy';
import { RULES } from '../rules';
import { docLink } from './diagnostics';
import type { Feature, Services } from './services';

const META = new Map(RULES.map((r) => [r.meta.id, r.meta]));

function describe(ruleId: string): string | undefined {
  const meta = META.get(ruleId);
  if (!meta) return undefined;
  const href = docLink(ruleId);
  const doc = href ? ` · [rule documentation](${href})` : '';
  return `**Preflight: ${meta.title}** (\`${ruleId}\`)\n\n${taxonomyMarkdown(meta)}${doc}`;
}

export const hover: Feature = {
  name: 'hover',

  capabilities() {
    return { hoverProvider: true };
  },

  register(s: Services) {
    s.connection.onHover(async (params, token): Promise<Hover | null> => {
      const d = s.documents.get(params.textDocument.uri);
      if (!d) return null;
      const a = await s.analyzer.analyze(d, token);
      if (!a || token.isCancellationRequested) return null;
      const offset = d.doc.offsetAt(params.position);
      const ids = [...new Set(a.findings.filter((f) => f.start <= offset && offset <= f.end).map((f) => f.ruleId))];
      const parts = ids.map(describe).filter((p): p is string => !!p);
      return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
    });
  },
};

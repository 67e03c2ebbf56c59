// SARIF 2.1.0 output of `preflight lint`, for GitHub code scanning and other CI viewers.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { sarifTags } from '../core/taxonomy';
import type { Rule, Severity } from '../core/types';
import packageJson from '../../../package.json';
import type { LintFinding } from './lintBatch';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifInput {
  findings: readonly LintFinding[];
  /** Absolute path of every finding's file, by display path. */
  absPathOf: (finding: LintFinding) => string;
  rules: readonly Rule[];
  /** Repository root (or cwd): artifact URIs are relative to it. */
  srcRoot: string;
  /** Folder holding `<rule-id>.md` rule docs (may be missing). */
  docsDir: string;
  notifications?: readonly string[];
}

const { version } = packageJson;

/** The tool's home page: the package's repository once it has a public one (SARIF leaves it out until then). */
function informationUri(): string | undefined {
  const repository: string | { url: string } | undefined = (packageJson as { repository?: string | { url: string } })
    .repository;
  const url = typeof repository === 'string' ? repository : repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** Markdown to readable plain text: enough for SARIF's `text` fields. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The doc's "What it flags" section, else its first prose paragraph (skipping title and metadata lines). */
function introOf(markdown: string): string | undefined {
  const section = /^##\s*What it flags\s*\n([\s\S]*?)(?=^#{1,6}\s|(?![\s\S]))/m.exec(markdown)?.[1]?.trim();
  if (section) return section;
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#{1,6}\s.*\n?/gm, '').trim())
    .find((p) => p && !p.startsWith('**Severity') && !p.startsWith('```'));
}

function readDoc(docsDir: string, id: string): string | undefined {
  try {
    return readFileSync(join(docsDir, `${id}.md`), 'utf8');
  } catch {
    return undefined; // docs ship with the extension; a CLI run from elsewhere still works without them
  }
}

function pascalCase(id: string): string {
  return id
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function descriptor(rule: Rule, docsDir: string): ReportingDescriptor {
  const { id, title, summary, defaultSeverity, checklistItem } = rule.meta;
  const doc = readDoc(docsDir, id);
  const intro = doc ? introOf(doc) : undefined;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: summary },
    fullDescription: { text: intro ? plainText(intro) : `${title}. ${summary}` },
    help: doc ? { text: plainText(doc), markdown: doc } : { text: summary, markdown: `**${title}**\n\n${summary}` },
    defaultConfiguration: { level: LEVEL[defaultSeverity] },
    properties: {
      tags: [...sarifTags(rule.meta), `checklist:${checklistItem}`],
      // GitHub ranks security alerts by this 0-10 score: Critical from 9, High from 7, Medium from 4.
      'security-severity': rule.meta.taxonomy.securitySeverity.toFixed(1),
    },
  };
}

function uriSegments(rel: string): string {
  return rel.split(sep).map(encodeURIComponent).join('/');
}

export function buildSarif(input: SarifInput): Log {
  const rules = input.rules.map((r) => descriptor(r, input.docsDir));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = input.findings.map((f) => {
    const abs = input.absPathOf(f);
    const rel = relative(input.srcRoot, abs);
    const inside = rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
    const artifactLocation = inside ? { uri: uriSegments(rel), uriBaseId: SRCROOT } : { uri: pathToFileURL(abs).href };
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex === undefined ? {} : { ruleIndex }),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      partialFingerprints: { 'preflightFindingHash/v1': f.fingerprint },
    };
  });
  const rootUri = pathToFileURL(input.srcRoot).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'Preflight', version, semanticVersion: version, informationUri: informationUri(), rules },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (input.notifications ?? []).map((text) => ({
              level: 'warning' as const,
              message: { text },
            })),
          },
        ],
        results,
      },
    ],
  };
}

// Checklist items: loads checklist/<id>.md (YAML front-matter + markdown body) and validates them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AppKind } from '../model/stacks';
import { RULES } from '../rules';

/** App kinds an item may be limited to with `evidence.appliesTo`. */
const APP_KINDS: readonly AppKind[] = ['web-server', 'front-end', 'streamlit', 'bot', 'other'];

export const PHASES = ['before-coding', 'every-endpoint', 'before-commit', 'before-deploy'] as const;
export type Phase = (typeof PHASES)[number];
export const ITEM_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type ItemSeverity = (typeof ITEM_SEVERITIES)[number];

/** Every evidence kind the engine knows; `manual` items are ticked by hand. */
export const EVIDENCE_KINDS = [
  'gitignore-covers',
  'env-example-complete',
  'no-tracked-secret-files',
  'endpoints-auth',
  'rule-findings',
  'hook-or-staged-scan',
  'dependency-audit',
  'history-scan',
  'security-headers',
  'manual',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface EvidenceSpec {
  kind: EvidenceKind;
  /** Kind-specific parameters (validated by the kind's evaluator through the helpers below). */
  params: Readonly<Record<string, unknown>>;
}

export interface ChecklistItem {
  id: string;
  phase: Phase;
  title: string;
  severity: ItemSeverity;
  evidence: EvidenceSpec;
  /** Markdown (why it matters, how to fix, examples per stack); rendered with markdown-it, HTML off. */
  body: string;
  /** The file it came from, for error messages. */
  file: string;
}

export class ItemError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(file: string, value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ItemError(
      file,
      `"${field}" must be one of ${allowed.join(', ')} (got ${JSON.stringify(value) ?? 'nothing'})`,
    );
  }
  return value as T;
}

/** A string-array parameter, or [] when absent; anything else is an authoring error. */
export function stringList(item: Pick<ChecklistItem, 'file' | 'evidence'>, name: string): string[] {
  const v = item.evidence.params[name];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new ItemError(item.file, `evidence.${name} must be a list of strings`);
  return v;
}

function checkParams(file: string, evidence: EvidenceSpec): void {
  const item = { file, evidence };
  if (evidence.kind === 'rule-findings' && !stringList(item, 'rules').length)
    throw new ItemError(file, 'evidence.rules must name at least one rule for kind rule-findings');
  if (evidence.kind === 'gitignore-covers' && !stringList(item, 'mustIgnore').length)
    throw new ItemError(file, 'evidence.mustIgnore must list probe paths for kind gitignore-covers');
  if (evidence.kind === 'no-tracked-secret-files' && !stringList(item, 'patterns').length)
    throw new ItemError(file, 'evidence.patterns must list file patterns for kind no-tracked-secret-files');
  stringList(item, 'mustNotIgnore');
  stringList(item, 'allow');
  const kinds = stringList(item, 'appliesTo');
  const bad = kinds.filter((k) => !APP_KINDS.includes(k as AppKind));
  if (bad.length)
    throw new ItemError(
      file,
      `evidence.appliesTo lists unknown app kinds ${bad.join(', ')} (known: ${APP_KINDS.join(', ')})`,
    );
}

/** Parses one item file; throws ItemError with the file name and what is wrong. */
export function parseItem(text: string, file: string): ChecklistItem {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new ItemError(file, 'missing YAML front-matter (a block between two "---" lines at the top)');
  let meta: unknown;
  try {
    meta = parseYaml(m[1]);
  } catch (error) {
    throw new ItemError(
      file,
      `invalid YAML front-matter: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (!isRecord(meta)) throw new ItemError(file, 'front-matter must be a YAML mapping');
  const id = meta.id;
  if (typeof id !== 'string' || !ID.test(id)) throw new ItemError(file, '"id" must be a kebab-case string');
  const title = meta.title;
  if (typeof title !== 'string' || !title.trim()) throw new ItemError(file, '"title" must be a non-empty string');
  const ev = meta.evidence;
  if (!isRecord(ev)) throw new ItemError(file, '"evidence" must be a mapping with a "kind"');
  const { kind, ...params } = ev;
  // A rule names its item (meta.checklistItem), so adding a rule never edits an item file: the list is derived.
  if (kind === 'rule-findings' && params.rules === undefined) {
    const own = RULES.filter((r) => r.meta.checklistItem === id).map((r) => r.meta.id);
    if (own.length) params.rules = own;
  }
  const evidence: EvidenceSpec = { kind: oneOf(file, kind, EVIDENCE_KINDS, 'evidence.kind'), params };
  checkParams(file, evidence);
  const body = m[2].trim();
  if (!body) throw new ItemError(file, 'the body (why it matters, how to fix) is empty');
  return {
    id,
    phase: oneOf(file, meta.phase, PHASES, 'phase'),
    title: title.trim(),
    severity: oneOf(file, meta.severity, ITEM_SEVERITIES, 'severity'),
    evidence,
    body,
    file,
  };
}

export interface LoadedItems {
  items: ChecklistItem[];
  /** One message per broken file; the other items still load. */
  errors: string[];
}

/** Loads every `*.md` in the folder, sorted by phase then file order; broken files become errors. */
export function loadItems(dir: string): LoadedItems {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.md'))
      .sort();
  } catch (error) {
    return {
      items: [],
      errors: [`cannot read the checklist folder ${dir}: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const items: ChecklistItem[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    try {
      const item = parseItem(readFileSync(join(dir, name), 'utf8'), name);
      if (`${item.id}.md` !== name) throw new ItemError(name, `id "${item.id}" does not match the file name`);
      if (seen.has(item.id)) throw new ItemError(name, `duplicate id "${item.id}"`);
      seen.add(item.id);
      items.push(item);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  items.sort(
    (a, b) =>
      PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
      ORDER.indexOf(a.id) - ORDER.indexOf(b.id) ||
      a.id.localeCompare(b.id),
  );
  return { items, errors };
}

/** Display order inside a phase (items not listed come after, alphabetically). */
const ORDER = [
  'gitignore-secrets',
  'env-example-complete',
  'no-tracked-secrets-files',
  'endpoint-auth',
  'errors-generic',
  'rate-limits',
  'cors-restricted',
  'debug-off',
  'secrets-fail-hard',
  'output-escaped',
  'injection-safe',
  'auth-sound',
  'tls-verified',
  'uploads-validated',
  'webhooks-verified',
  'temp-files-cleaned',
  'logs-clean',
  'staged-scan',
  'no-hardcoded-secrets',
  'dependencies-audited',
  'history-clean',
  'security-headers',
  'production-config',
  'accounts-mfa',
  'keys-least-privilege',
];

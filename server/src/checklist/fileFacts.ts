// Everything the checklist needs from one file, from a single parse: rule findings, env reads, endpoint
// facts and security-header signals. Plain data: the tree is deleted before returning.
import { analyze } from '../core/analyze';
import { RULES } from '../rules';
import { familyOf, languageIdForPath } from '../core/languages';
import type { AnalyzeOptions, Tree } from '../core/types';
import { parse, ParseTimeout } from '../parse/parser';
import { extractEnvReads, type EnvRead } from '../workspace/envReads';
import { headerSignals, type HeaderSignal } from '../syntax/securityHeaders';
import { moduleFacts } from '../model/facts';
import type { ModuleFacts } from '../model/types';

export interface FindingFact {
  ruleId: string;
  severity: string;
  /** 1-based. */
  line: number;
  message: string;
}

export interface FileFacts {
  /** Workspace-relative, forward slashes. */
  path: string;
  findings: FindingFact[];
  envReads: EnvRead[];
  /**
   * The file's facts for the project model (imports, routers, mounts, functions), when the checklist builds its
   * own model from them (the CLI); the language server's worker shares the model it already holds instead.
   */
  model?: ModuleFacts;
  /** Security headers set here (helmet, Talisman, a CSP header...). */
  headers: HeaderSignal[];
  /** 1-based line where code names a key or certificate file, if it does. */
  keyFileRef?: number;
  /** 1-based line of an Express-style error middleware `(err, req, res, next) =>`, if there is one. */
  errorMiddleware?: number;
  /** Rules that threw on this file (reported, never fatal). */
  ruleErrors: string[];
}

/** A code file that names a key or certificate file ("cert.pem", "server.key"): such files must be ignored. */
const KEY_FILE_REF = /['"`][^'"`\n]*\.(pem|key|p12|pfx)['"`]/;

/** Express error middleware: four parameters, the error first. */
const ERROR_MIDDLEWARE =
  /\(\s*(err|error|e|ex|exception)\s*(:\s*[\w.]+)?\s*,\s*_?req\w*\s*(:\s*[\w.]+)?\s*,\s*_?res\w*\s*(:\s*[\w.]+)?\s*,\s*_?next\w*\s*(:\s*[\w.]+)?\s*\)/;

const ENV_HINT = /environ|getenv|BaseSettings|process\.env|import\.meta\.env|\benv[.(]|\bconfig\(/;

function lineOfOffset(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Analyses one file's text; `modelFacts`: also the file's facts for the project model. Synchronous;
 * `initParsers()` must have resolved. Never throws on bad input.
 */
export function scanFile(path: string, text: string, options: AnalyzeOptions = {}, modelFacts = true): FileFacts {
  const languageId = languageIdForPath(path);
  const family = familyOf(languageId);
  const facts: FileFacts = { path, findings: [], envReads: [], headers: headerSignals(text), ruleErrors: [] };
  const keyRef = family ? KEY_FILE_REF.exec(text) : null;
  if (keyRef) facts.keyFileRef = text.slice(0, keyRef.index).split('\n').length;
  const errorMiddleware = family === 'js' ? ERROR_MIDDLEWARE.exec(text) : null;
  if (errorMiddleware) facts.errorMiddleware = text.slice(0, errorMiddleware.index).split('\n').length;
  let tree: Tree | undefined;
  try {
    let timedOut = false;
    // Cheap prefilter: most files read no environment at all.
    const envHint = ENV_HINT.test(text);
    try {
      // Without model facts or env reads to take, analyze() parses only if a rule finds a candidate.
      tree = family && (modelFacts || envHint) ? parse(languageId, text) : undefined;
    } catch (error) {
      if (!(error instanceof ParseTimeout)) throw error;
      timedOut = true; // text rules (secrets) still run below
    }
    const result = analyze(RULES, { path, languageId, text }, options, undefined, timedOut ? null : tree);
    if (result.findings.length) {
      const starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      // A finding that replaced another rule's on the same text (core/supersede.ts) counts for that rule too.
      facts.findings = result.findings.flatMap((f) =>
        [f.ruleId, ...(f.alsoFor ?? [])].map((ruleId) => ({
          ruleId,
          severity: f.severity,
          line: lineOfOffset(starts, f.start),
          message: f.message,
        })),
      );
    }
    facts.ruleErrors = result.ruleErrors.map((e) => e.ruleId);
    if (tree && family) {
      if (envHint) facts.envReads = extractEnvReads(family, tree.rootNode);
      if (modelFacts) facts.model = moduleFacts(family, tree.rootNode, text, path);
    }
  } catch (error) {
    facts.ruleErrors.push(`parse: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    tree?.delete();
  }
  return facts;
}

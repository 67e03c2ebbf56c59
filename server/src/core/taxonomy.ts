// Where a rule sits in the catalogues security teams use: CWE weaknesses, the OWASP Top 10 (2021), and a
// CVSS-like score that GitHub code scanning turns into Critical/High/Medium/Low. SARIF, hovers and the rule docs
// all print it from here, so they cannot disagree.
import type { RuleMeta } from './types';

export const OWASP_2021 = {
  A01: 'Broken Access Control',
  A02: 'Cryptographic Failures',
  A03: 'Injection',
  A04: 'Insecure Design',
  A05: 'Security Misconfiguration',
  A06: 'Vulnerable and Outdated Components',
  A07: 'Identification and Authentication Failures',
  A08: 'Software and Data Integrity Failures',
  A09: 'Security Logging and Monitoring Failures',
  A10: 'Server-Side Request Forgery',
} as const;

export type Owasp2021 = keyof typeof OWASP_2021;

export interface RuleTaxonomy {
  /** CWE ids, most specific first. */
  cwe: readonly number[];
  owasp: Owasp2021;
  /** 0.1–10 (GitHub: ≥ 9 Critical, ≥ 7 High, ≥ 4 Medium, else Low): the worst plausible case of the finding. */
  securitySeverity: number;
}

const cweUrl = (id: number): string => `https://cwe.mitre.org/data/definitions/${id}.html`;
const owaspLabel = (id: Owasp2021): string => `${id}:2021 ${OWASP_2021[id]}`;
/** The page of each category on owasp.org (A10's name carries its abbreviation there). */
const owaspUrl = (id: Owasp2021): string =>
  `https://owasp.org/Top10/${id}_2021-` +
  `${id === 'A10' ? 'Server-Side_Request_Forgery_%28SSRF%29' : OWASP_2021[id].replace(/ /g, '_')}/`;

/** SARIF `properties.tags`, in the forms GitHub code scanning groups by (`external/cwe/cwe-089`). */
export function sarifTags(meta: RuleMeta): string[] {
  const { cwe, owasp } = meta.taxonomy;
  return [
    'security',
    ...cwe.map((id) => `external/cwe/cwe-${String(id).padStart(3, '0')}`),
    `external/owasp/owasp-${owasp.toLowerCase()}`,
  ];
}

export function githubSeverityName(score: number): 'Critical' | 'High' | 'Medium' | 'Low' {
  return score >= 9 ? 'Critical' : score >= 7 ? 'High' : score >= 4 ? 'Medium' : 'Low';
}

/** One markdown line naming the CWE ids and the OWASP category with links (rule docs and hovers). */
export function taxonomyMarkdown(meta: RuleMeta): string {
  const { cwe, owasp, securitySeverity } = meta.taxonomy;
  const cwes = cwe.map((id) => `[CWE-${id}](${cweUrl(id)})`).join(', ');
  return (
    `${cwes} · OWASP [${owaspLabel(owasp)}](${owaspUrl(owasp)}) · ${githubSeverityName(securitySeverity)} (` +
    `${securitySeverity.toFixed(1)})`
  );
}

// Entry point of the secret engine: finds credentials in a text (a whole file or the added lines of a
// diff). Cheap prefilters decide which detectors run; overlapping hits keep the most specific one.
import type { Severity } from '../core/types';
import { languageIdForPath } from '../core/languages';
import { shannon } from './entropy';
import { findGeneric } from './generic';
import { isTokenPlaceholder, type Provider } from './patterns';
import { buildPrefilter } from './prefilter';
import { PROVIDERS } from './providers';
import { findConnectionStrings, findJwts, findPrivateKeys } from './structured';
import type { DetectOptions, SecretHit } from './types';

const PREFILTER = buildPrefilter(PROVIDERS);

/** Lockfiles hold integrity hashes and registry URLs, never hand-written credentials. */
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|Cargo\.lock|composer\.lock|Gemfile\.lock|go\.sum|flake\.lock|packages\.lock\.json)$/;

// Which detector wins when two hits overlap: a provider format says more than a JWT, a JWT more than a
// connection string, and a recognised format always more than a generic name-based guess.
const PRIORITY = { privateKey: 90, provider: 100, jwt: 70, connection: 60, bearer: 20, generic: 10 } as const;

interface Ranked {
  hit: SecretHit;
  priority: number;
}

function runProvider(p: Provider, text: string, path: string, out: Ranked[]): void {
  p.pattern.lastIndex = 0;
  for (const m of text.matchAll(p.pattern)) {
    const span = m.indices?.groups?.v ?? m.indices?.[0];
    if (!span) continue;
    const value = text.slice(span[0], span[1]);
    if (shannon(value) < (p.minEntropy ?? 2.5)) continue;
    const verdict = p.check ? p.check(value, text, span[0], path) : true;
    if (verdict === false) continue;
    const override: Severity | undefined = verdict === true ? undefined : verdict;
    if (!override && isTokenPlaceholder(value)) continue;
    out.push({
      hit: {
        kind: p.id,
        title: p.title,
        severity: override ?? p.severity ?? 'error',
        start: span[0],
        end: span[1],
        value,
        envName: p.envName,
      },
      priority: p.id === 'authorization-header' ? PRIORITY.bearer : PRIORITY.provider,
    });
  }
}

/** Spans of `data:…;base64,` payloads (inline images, fonts): random-looking but never secrets. */
function dataUriSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (
    let i = text.indexOf(';base64,');
    i !== -1;
    i = text.indexOf(';base64,', Math.max(i + 8, spans[spans.length - 1][1]))
  ) {
    let end = i + 8;
    while (end < text.length && /[A-Za-z0-9+/=\\\n\r]/.test(text[end])) end++;
    spans.push([i, end]);
  }
  return spans;
}

/** True when offset lies in one of the sorted, disjoint spans (binary search). */
function insideSpan(spans: readonly [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid][0]) hi = mid - 1;
    else if (offset >= spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Keeps, among overlapping hits, the one of highest priority (then the longest). */
function resolveOverlaps(ranked: Ranked[]): SecretHit[] {
  ranked.sort(
    (a, b) =>
      b.priority - a.priority || b.hit.end - b.hit.start - (a.hit.end - a.hit.start) || a.hit.start - b.hit.start,
  );
  const kept: SecretHit[] = [];
  for (const { hit } of ranked) {
    // kept is sorted by start: binary-search the first kept hit ending after this one starts.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid].end <= hit.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < kept.length && kept[lo].start < hit.end) continue;
    kept.splice(lo, 0, hit);
  }
  return kept;
}

export function detectSecrets(text: string, options: DetectOptions): SecretHit[] {
  if (!text) return [];
  const path = options.path.replace(/\\/g, '/');
  const ranked: Ranked[] = [];
  const add = (hits: SecretHit[], priority: number) => {
    for (const hit of hits) ranked.push({ hit, priority });
  };
  if (text.includes('PRIVATE KEY')) add(findPrivateKeys(text), PRIORITY.privateKey);
  if (!LOCKFILE.test(path)) {
    const scan = PREFILTER.scan(text);
    for (const i of scan.providers) runProvider(PROVIDERS[i], text, path, ranked);
    if (text.includes('://')) add(findConnectionStrings(text), PRIORITY.connection);
    if (text.includes('eyJ')) add(findJwts(text), PRIORITY.jwt);
    if (scan.anchors.length) add(findGeneric(text, path, languageIdForPath(path), scan.anchors), PRIORITY.generic);
  }
  const images = text.includes(';base64,') ? dataUriSpans(text) : [];
  return resolveOverlaps(images.length ? ranked.filter(({ hit }) => !insideSpan(images, hit.start)) : ranked);
}

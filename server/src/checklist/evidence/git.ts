// Evidence from git and tooling: hook / last staged scan, history scan, dependency lockfiles and audits.
import { declaresDependencies, LOCKFILE_NAMES, pinnedRequirements, requirementsText } from '../../model/stacks';
import { baseName, capped, dirName, notApplicable, plural, type EvalContext } from '../context';
import type { ChecklistItem } from '../items';
import type { EvidenceEntry, Verdict } from '../types';

const noGit = (ctx: EvalContext): Verdict => ({
  state: 'unknown',
  summary: `Cannot check: ${ctx.repo.gitProblem ?? 'no git repository'}.`,
  evidence: [{ message: ctx.repo.gitProblem ?? 'no git repository', level: 'info' }],
});

export function hookOrStagedScan(_item: ChecklistItem, ctx: EvalContext): Verdict {
  const git = ctx.repo.git;
  if (!git) return noGit(ctx);
  const hook = git.hook;
  const fixes = [
    { id: 'hook-install' as const, title: 'Install the pre-commit hook' },
    { id: 'staged-scan' as const, title: 'Scan staged changes now' },
  ];
  if (hook?.installed && !hook.stale)
    return {
      state: 'pass',
      summary: 'The pre-commit hook scans every commit.',
      evidence: [{ message: `Hook ${hook.message}`, level: 'info' }],
    };
  const evidence: EvidenceEntry[] = [];
  if (hook) evidence.push({ message: `Pre-commit hook: ${hook.message}`, level: 'problem' });
  else if (git.hookError)
    evidence.push({ message: `Pre-commit hook status unknown: ${git.hookError}`, level: 'problem' });
  const staged = ctx.repo.records.staged;
  const fresh = !!staged && staged.indexMtimeMs >= git.indexMtimeMs;
  if (staged && fresh && staged.findings === 0) {
    return {
      state: 'pass',
      summary: 'The last staged scan was clean and nothing was staged since.',
      evidence: [
        ...evidence.map((e) => ({ ...e, level: 'info' as const })),
        { message: `Staged scan at ${staged.at}: no secrets.`, level: 'info' },
      ],
    };
  }
  if (staged && fresh)
    evidence.push({
      message: `The staged scan at ${staged.at} found ${plural(staged.findings, 'secret')}; unstage or fix them.`,
      level: 'problem',
    });
  else if (staged)
    evidence.push({
      message: `The last staged scan (${staged.at}) is older than the last change to the index.`,
      level: 'problem',
    });
  else evidence.push({ message: 'No staged scan has been run in this clone.', level: 'problem' });
  return {
    state: 'fail',
    summary: hook?.stale
      ? 'The hook points to a Preflight that no longer exists.'
      : 'No hook and no clean staged scan since the last change.',
    evidence,
    fixes,
  };
}

export function historyScan(_item: ChecklistItem, ctx: EvalContext): Verdict {
  const git = ctx.repo.git;
  if (!git) return noGit(ctx);
  if (!git.head) return { state: 'pass', summary: 'No commits yet.', evidence: [] };
  const fixes = [{ id: 'history-scan' as const, title: 'Scan the git history' }];
  const rec = ctx.repo.records.history;
  if (!rec)
    return {
      state: 'unknown',
      summary: 'The history has not been scanned in this clone.',
      evidence: [{ message: 'Run the history scan to check every commit.', level: 'info' }],
      fixes,
    };
  if (rec.findings.length) {
    return {
      state: 'fail',
      summary: `${plural(rec.findings.length, 'secret')} in history (scan of ${rec.at}).`,
      evidence: capped(
        rec.findings.map((f) => ({
          message:
            `${f.ruleId} added in ${f.commit.slice(0, 10)}${f.inHead ? ', still in HEAD' : ''}: rotate it, ` +
            `then rewrite history`,
          path: f.path,
          line: f.line,
          level: 'problem' as const,
        })),
      ),
      fixes,
    };
  }
  if (rec.head !== git.head)
    return {
      state: 'unknown',
      summary: 'New commits since the last history scan.',
      evidence: [{ message: `Last clean scan at ${rec.at} (HEAD was ${rec.head.slice(0, 10)}).`, level: 'info' }],
      fixes,
    };
  return {
    state: 'pass',
    summary: `History is clean (${plural(rec.commits, 'commit')} scanned ${rec.at}).`,
    evidence: [],
  };
}

const CI_FILES = [
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  'Jenkinsfile',
  '.travis.yml',
];
const AUDIT_CMD =
  /\b(npm audit|yarn (?:npm )?audit|pnpm audit|bun audit|pip-audit|pip_audit|osv-scanner|safety (?:check|scan)|snyk test|trivy fs|audit-ci|dependency-review-action|pypa\/gh-action-pip-audit|google\/osv-scanner)/;
const UPDATE_BOTS = [
  '.github/dependabot.yml',
  '.github/dependabot.yaml',
  'renovate.json',
  'renovate.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
];
const MANIFEST = /^(package\.json|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile)$/;
/**
 * Requirements for development, tests, docs or linting are not deployed: `requirements-dev.txt`,
 * `requirements/test.txt`.
 */
const DEV_REQUIREMENTS =
  /(^|\/)requirements[-_](dev|test|tests|docs?|lint|ci)\b[^/]*$|(^|\/)requirements\/(dev|test|tests|docs?|lint|ci)\b[^/]*$/;
/** Manifests of examples, tests and docs are not the project's dependencies. */
const NOT_DEPLOYED = /(^|\/)(examples?|samples?|fixtures?|docs?|tests?|__tests__|e2e|playwright[\w-]*|cypress)(\/|$)/;
const NODE_LOCKS = LOCKFILE_NAMES.filter((n) => /^(package-lock|npm-shrinkwrap|yarn|pnpm-lock|bun)\./.test(n));
const PY_LOCKS = LOCKFILE_NAMES.filter((n) => !NODE_LOCKS.includes(n));

/** The lockfile that pins a manifest: next to it or in a folder above (npm/yarn/bun/uv workspaces). */
function lockFor(ctx: EvalContext, manifest: string): string | undefined {
  const node = baseName(manifest) === 'package.json';
  const names = node ? NODE_LOCKS : PY_LOCKS;
  const start = baseName(dirName(manifest)) === 'requirements' ? dirName(dirName(manifest)) : dirName(manifest);
  for (let d = start; ; d = dirName(d)) {
    const hit = names.map((n) => (d ? `${d}/${n}` : n)).find((p) => ctx.repo.exists(p));
    if (hit) return hit;
    if (!d) return undefined;
  }
}

function ciAudits(ctx: EvalContext): EvidenceEntry[] {
  const files = [
    ...ctx.repo
      .list('.github/workflows')
      .filter((n) => /\.ya?ml$/.test(n))
      .map((n) => `.github/workflows/${n}`),
    ...CI_FILES,
  ];
  const out: EvidenceEntry[] = [];
  for (const f of files) {
    const text = ctx.repo.read(f);
    const m = text ? AUDIT_CMD.exec(text) : undefined;
    if (text && m)
      out.push({ message: `CI runs ${m[1]}`, path: f, line: text.slice(0, m.index).split('\n').length, level: 'info' });
  }
  for (const f of UPDATE_BOTS) {
    if (ctx.repo.exists(f))
      out.push({
        message: `${f.includes('dependabot') ? 'Dependabot' : 'Renovate'} is configured`,
        path: f,
        level: 'info',
      });
  }
  return out;
}

export function dependencyAudit(_item: ChecklistItem, ctx: EvalContext): Verdict {
  const paths = ctx.files.map((f) => f.path);
  const manifests = paths.filter(
    (p) =>
      MANIFEST.test(baseName(p)) &&
      !NOT_DEPLOYED.test(dirName(p)) &&
      !DEV_REQUIREMENTS.test(p) &&
      declaresDependencies(baseName(p), ctx.repo.read(p) ?? ''),
  );
  if (!manifests.length)
    return notApplicable(
      'no dependency manifests (package.json, requirements.txt, pyproject.toml, Pipfile) declare dependencies',
    );
  const evidence: EvidenceEntry[] = [];
  const lockfiles: string[] = [];
  for (const m of manifests) {
    const node = baseName(m) === 'package.json';
    const lock = lockFor(ctx, m);
    const requirements = !node && /^requirements/.test(baseName(m));
    const text = requirements ? requirementsText({ read: ctx.repo.read }, m) : '';
    if (lock) lockfiles.push(lock);
    else if (requirements && pinnedRequirements(text)) lockfiles.push(m);
    else if (requirements && !/^\s*[A-Za-z0-9]/m.test(text))
      continue; // only includes files that are not here
    else if (
      !node &&
      baseName(m) === 'pyproject.toml' &&
      manifests.some((o) => o !== m && dirName(o) === dirName(m) && /^requirements/.test(baseName(o)))
    )
      continue; // pinned through its requirements file
    else {
      evidence.push({
        message: `${m} has no lockfile${
          node
            ? ' (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock, here or in a folder above)'
            : requirements
              ? ' (pin every requirement with == or --hash, or use uv.lock / poetry.lock)'
              : ' (uv.lock, poetry.lock, Pipfile.lock or pdm.lock)'
        }`,
        path: m,
        level: 'problem',
      });
    }
  }
  const ci = ciAudits(ctx);
  const audit = ctx.repo.records.audit;
  const auditProblems: EvidenceEntry[] = [];
  const newestLock = Math.max(0, ...lockfiles.map((l) => ctx.repo.mtimeMs(l) ?? 0));
  const auditFresh =
    !!audit && Date.parse(audit.at) >= newestLock && audit.tools.length > 0 && audit.tools.every((t) => t.ok);
  for (const t of audit?.tools ?? []) {
    if (t.critical + t.high > 0)
      auditProblems.push({
        message:
          `${t.tool} in ${t.dir || '.'}: ${t.critical} critical, ${t.high} high` +
          `${t.top.length ? ` (${t.top.join(', ')})` : ''}`,
        level: 'problem',
      });
  }
  if (auditProblems.length)
    return {
      state: 'fail',
      summary: 'The dependency audit found high or critical vulnerabilities.',
      evidence: [...evidence, ...auditProblems, ...ci],
      fixes: [{ id: 'run-audit', title: 'Run the audit again' }],
    };
  if (evidence.length)
    return {
      state: 'fail',
      summary: `${plural(evidence.length, 'manifest')} without a lockfile.`,
      evidence: [...evidence, ...ci],
    };
  if (ci.length) return { state: 'pass', summary: 'Lockfiles are committed and CI audits dependencies.', evidence: ci };
  if (auditFresh && audit)
    return {
      state: 'pass',
      summary: `Audit of ${audit.at} found no high or critical vulnerabilities.`,
      evidence: audit.tools.map((t) => ({
        message: `${t.tool} in ${t.dir || '.'}: ${t.message}`,
        level: 'info' as const,
      })),
    };
  return {
    state: 'fail',
    summary: 'No dependency audit in CI, and none run since the lockfiles changed.',
    evidence: [
      {
        message: 'Add npm audit / pip-audit / osv-scanner to CI (or Dependabot), or run the audit from the checklist.',
        level: 'problem',
      },
      ...(audit
        ? audit.tools.map((t) => ({
            message: `Last audit (${audit.at}) ${t.tool}: ${t.message}`,
            level: 'info' as const,
          }))
        : []),
    ],
    fixes: [{ id: 'run-audit', title: 'Run npm audit / pip-audit now' }],
  };
}

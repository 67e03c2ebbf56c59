// allowed-hosts-wildcard: Host header validation switched off (Django ALLOWED_HOSTS = ["*"],
// Starlette TrustedHostMiddleware accepting "*"), so forged Host headers reach the app.
import type { Node, TextEdit, TreeContext, Rule } from '../core/types';
import { calleeName, dottedName, kids, lastSegment, nodesAt } from '../syntax/tree';
import { keywordArg, positionalArgs, stringValue } from '../syntax/python';
import { appendArguments } from '../syntax/edits';
import { pythonEnvList, pythonOsImport } from '../syntax/envList';
import { overriddenInProduction } from '../syntax/djangoSettings';
import { SHARED_HOSTS } from './cors-wildcard/origins';

const ENV_HOSTS = pythonEnvList('ALLOWED_HOSTS', 'h');
const DJANGO_HINTS = new Set([
  'INSTALLED_APPS',
  'ROOT_URLCONF',
  'MIDDLEWARE',
  'DATABASES',
  'WSGI_APPLICATION',
  'ASGI_APPLICATION',
]);

function isSettingsPath(path: string): boolean {
  return /(^|\/)(settings|config)(\/[^/]+)?\.py$/.test(path) || /settings[^/]*\.py$/.test(path);
}

function fixTo(ctx: TreeContext, edit: TextEdit): { title: string; preferred: boolean; edits: TextEdit[] }[] {
  return [
    {
      title: 'Read allowed hosts from the ALLOWED_HOSTS environment variable',
      preferred: true,
      edits: [edit, ...pythonOsImport(ctx.root)],
    },
  ];
}

interface BadHost {
  node: Node;
  messageId: 'anyHost' | 'sharedHost';
  host: string;
}

/** `"*"` (any host) or a Django leading-dot entry for a shared host (`.herokuapp.com`: every app there). */
function badHosts(list: Node): BadHost[] {
  const items = ['list', 'tuple', 'set'].includes(list.type) ? kids(list) : list.type === 'string' ? [list] : [];
  const found: BadHost[] = [];
  for (const item of items) {
    const host = stringValue(item)?.trim().toLowerCase();
    if (host === '*') found.push({ node: item, messageId: 'anyHost', host });
    else if (host && /^(\.|\*\.)/.test(host) && SHARED_HOSTS.includes(host.replace(/^\*?\./, '')))
      found.push({ node: item, messageId: 'sharedHost', host });
  }
  return found;
}

function django(ctx: TreeContext): void {
  const statements = kids(ctx.root)
    .map((s) => (s.type === 'expression_statement' ? s.firstNamedChild : null))
    .filter((a): a is Node => !!a && (a.type === 'assignment' || a.type === 'augmented_assignment'));
  const isSettings =
    isSettingsPath(ctx.file.path) || statements.some((a) => DJANGO_HINTS.has(a.childForFieldName('left')?.text ?? ''));
  if (!isSettings) return;
  for (const a of statements) {
    const right = a.childForFieldName('right');
    if (a.childForFieldName('left')?.text !== 'ALLOWED_HOSTS' || !right) continue;
    const production = overriddenInProduction(ctx.file.path, 'ALLOWED_HOSTS', ctx.options.readFile);
    for (const bad of badHosts(right)) {
      const edit =
        a.type === 'assignment'
          ? { start: right.startIndex, end: right.endIndex, newText: ENV_HOSTS }
          : { start: a.startIndex, end: a.endIndex, newText: `ALLOWED_HOSTS = ${ENV_HOSTS}` };
      ctx.report({
        start: bad.node.startIndex,
        end: bad.node.endIndex,
        messageId: bad.messageId,
        // Development settings that production replaces: worth knowing, not a production risk.
        severity: production ? 'info' : undefined,
        data: {
          where: production
            ? `Django ALLOWED_HOSTS (development value; ${production} sets its own)`
            : 'Django ALLOWED_HOSTS',
          host: bad.host,
        },
        fixes: production ? fixTo(ctx, edit).map((f) => ({ ...f, preferred: false })) : fixTo(ctx, edit),
      });
    }
  }
}

function trustedHost(ctx: TreeContext, call: Node): void {
  const args = call.childForFieldName('arguments');
  if (!args || kids(args).some((a) => a.type === 'dictionary_splat')) return;
  const value = keywordArg(call, 'allowed_hosts');
  if (!value) {
    // Starlette's default is ["*"]: the middleware is there but checks nothing.
    const lineEnd = ctx.text.indexOf('\n', call.startIndex);
    ctx.report({
      start: call.startIndex,
      end: lineEnd >= 0 && lineEnd < call.endIndex ? lineEnd : call.endIndex,
      messageId: 'noAllowedHosts',
      fixes: fixTo(ctx, appendArguments(ctx.text, args, [`allowed_hosts=${ENV_HOSTS}`])),
    });
    return;
  }
  for (const bad of badHosts(value)) {
    ctx.report({
      start: bad.node.startIndex,
      end: bad.node.endIndex,
      messageId: bad.messageId,
      data: { where: 'TrustedHostMiddleware', host: bad.host },
      fixes: fixTo(ctx, { start: value.startIndex, end: value.endIndex, newText: ENV_HOSTS }),
    });
  }
}

export const allowedHostsWildcard: Rule = {
  meta: {
    id: 'allowed-hosts-wildcard',
    title: 'Any Host header accepted',
    defaultSeverity: 'warning',
    summary:
      'Django ALLOWED_HOSTS = ["*"] or Starlette TrustedHostMiddleware accepting any host: forged Host headers ' +
      'poison links and caches.',
    checklistItem: 'production-config',
    taxonomy: { cwe: [644, 183], owasp: 'A05', securitySeverity: 5.3 },
    languages: ['python'],
    messages: {
      anyHost:
        '{{where}}: "*" in the allowed hosts: any Host header is accepted, so password-reset and other ' +
        "absolute links can be made to point at an attacker's domain and shared caches can be poisoned. " +
        'Read the hosts from an environment variable.',
      sharedHost:
        '{{where}}: "{{host}}" allows every app on a shared host as the Host header: any Host header is ' +
        "accepted, so password-reset and other absolute links can be made to point at an attacker's " +
        'domain and shared caches can be poisoned. List your own host names.',
      noAllowedHosts:
        'TrustedHostMiddleware without allowed_hosts defaults to ["*"]: any Host header is accepted, so ' +
        "password-reset and other absolute links can be made to point at an attacker's domain and shared " +
        'caches can be poisoned. Read the hosts from an environment variable.',
    },
  },
  keywords: ['ALLOWED_HOSTS', 'TrustedHostMiddleware'],
  python(ctx) {
    if (ctx.options.isTestFile) return;
    if (ctx.text.includes('ALLOWED_HOSTS')) django(ctx);
    // The name is the callee (identifier -> attribute -> call) or the first argument of add_middleware/Middleware
    // (identifier -> attribute -> argument_list -> call).
    for (const call of nodesAt(ctx.root, ctx.text, /\bTrustedHostMiddleware\b/g, 'call')) {
      const last = lastSegment(calleeName(call));
      const first = positionalArgs(call)[0];
      if (
        last === 'TrustedHostMiddleware' ||
        ((last === 'add_middleware' || last === 'Middleware') &&
          lastSegment(dottedName(first)) === 'TrustedHostMiddleware')
      )
        trustedHost(ctx, call);
    }
  },
};

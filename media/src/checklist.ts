// The checklist webview: renders the folders' checklists posted by the extension with DOM APIs and
// textContent only. The one exception is the item body, see `renderBody`.
import MarkdownIt from 'markdown-it';
import type { FromView, ToView, ViewEndpoint, ViewEvidence, ViewFolder, ViewItem, ViewStacks } from './types';

interface VsCodeApi {
  postMessage(message: FromView): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
const app = document.getElementById('app') as HTMLElement;

const PHASES: Array<[string, string]> = [
  ['before-coding', 'Before coding'],
  ['every-endpoint', 'Every endpoint'],
  ['before-commit', 'Before commit'],
  ['before-deploy', 'Before deploy'],
];
const ICONS: Record<ViewItem['status'], [string, string]> = {
  pass: ['codicon-pass', 'Passes'],
  fail: ['codicon-error', 'Fails'],
  unknown: ['codicon-question', 'Unknown'],
  manual: ['codicon-circle-large-outline', 'Manual check'],
  ticked: ['codicon-check', 'Ticked by hand'],
  waived: ['codicon-circle-slash', 'Waived'],
  'not-applicable': ['codicon-dash', 'Not applicable'],
};

interface ViewState {
  expanded: string[];
}
const saved = vscode.getState() as ViewState | undefined;
const expanded = new Set<string>(Array.isArray(saved?.expanded) ? saved.expanded : []);
let lastFolders: readonly ViewFolder[] = [];
let trusted = false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function icon(name: string, label?: string): HTMLElement {
  const i = el('span', `codicon ${name}`);
  if (label) {
    i.setAttribute('role', 'img');
    i.setAttribute('aria-label', label);
    i.title = label;
  } else i.setAttribute('aria-hidden', 'true');
  return i;
}

function button(label: string, onClick: () => void, cls = 'btn', codicon?: string): HTMLButtonElement {
  const b = el('button', cls);
  b.type = 'button';
  if (codicon) b.append(icon(codicon));
  b.append(document.createTextNode(label));
  b.addEventListener('click', onClick);
  return b;
}

function toggle(key: string, on: boolean): void {
  if (on) expanded.add(key);
  else expanded.delete(key);
  vscode.setState({ expanded: [...expanded] } satisfies ViewState);
}

/** An expandable region: a button with aria-expanded controlling a panel. */
function disclosure(
  key: string,
  head: HTMLElement,
  fill: (panel: HTMLElement) => void,
  defaultOpen = false,
): HTMLElement {
  const wrap = el('div', 'disclosure');
  const btn = el('button', 'disclosure-head');
  btn.type = 'button';
  const panel = el('div', 'disclosure-panel');
  panel.id = `panel-${key.replace(/[^\w-]/g, '_')}`;
  btn.setAttribute('aria-controls', panel.id);
  const open = expanded.has(key) || (defaultOpen && !expanded.has(`!${key}`));
  const chevron = icon(open ? 'codicon-chevron-down' : 'codicon-chevron-right');
  btn.append(chevron, head);
  btn.setAttribute('aria-expanded', String(open));
  panel.hidden = !open;
  if (open) fill(panel);
  btn.addEventListener('click', () => {
    const now = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(now));
    chevron.className = `codicon ${now ? 'codicon-chevron-down' : 'codicon-chevron-right'}`;
    panel.hidden = !now;
    if (now && !panel.childElementCount) fill(panel);
    toggle(key, now);
    if (defaultOpen) toggle(`!${key}`, !now);
  });
  wrap.append(btn, panel);
  return wrap;
}

function location(folderUri: string, path: string, line?: number): HTMLElement {
  const b = button(
    `${path}${line ? `:${line}` : ''}`,
    () => vscode.postMessage({ type: 'open', folderUri, path, line }),
    'link',
  );
  b.title = 'Open in the editor';
  return b;
}

function evidenceList(folderUri: string, entries: readonly ViewEvidence[]): HTMLElement {
  const ul = el('ul', 'evidence');
  for (const e of entries) {
    const li = el('li', e.level === 'problem' ? 'problem' : 'info');
    li.append(icon(e.level === 'problem' ? 'codicon-circle-filled' : 'codicon-info'), el('span', 'msg', e.message));
    if (e.path) li.append(location(folderUri, e.path, e.line));
    ul.append(li);
  }
  return ul;
}

/**
 * Item bodies are markdown from the checklist files shipped inside the extension (never workspace
 * data), rendered by markdown-it with raw HTML disabled; that is the only HTML this view inserts.
 * Links are intercepted and handed to the extension, which opens only http(s) after asking.
 */
function renderBody(markdown: string): HTMLElement {
  const div = el('div', 'body markdown');
  // preflight-ignore: xss-sink -- bundled checklist items only, rendered by markdown-it with html disabled
  div.innerHTML = md.render(markdown);
  div.addEventListener('click', (ev) => {
    const a = (ev.target as HTMLElement).closest('a');
    if (!a) return;
    ev.preventDefault();
    vscode.postMessage({ type: 'link', href: a.getAttribute('href') ?? '' });
  });
  return div;
}

function itemActions(folderUri: string, item: ViewItem): HTMLElement {
  const bar = el('div', 'actions');
  for (const fix of item.fixes) {
    const b = button(
      fix.title,
      () => {
        b.disabled = true;
        vscode.postMessage({ type: 'fix', folderUri, fix: fix.id });
      },
      'btn primary',
      'codicon-wrench',
    );
    if (fix.id === 'run-audit' && !trusted) {
      b.disabled = true;
      b.title = 'Trust this workspace to run npm audit / pip-audit';
    }
    bar.append(b);
  }
  if (item.decision)
    bar.append(
      button(
        item.decision.status === 'waived' ? 'Remove waiver' : 'Untick',
        () => vscode.postMessage({ type: 'decide', folderUri, id: item.id, action: 'untick' }),
        'btn',
        'codicon-discard',
      ),
    );
  else {
    if (item.state === 'manual' || item.state === 'unknown')
      bar.append(
        button(
          'Tick',
          () => vscode.postMessage({ type: 'decide', folderUri, id: item.id, action: 'tick' }),
          'btn',
          'codicon-check',
        ),
      );
    if (item.state !== 'pass')
      bar.append(
        button(
          'Waive…',
          () => vscode.postMessage({ type: 'waive', folderUri, id: item.id }),
          'btn',
          'codicon-circle-slash',
        ),
      );
  }
  return bar;
}

function renderItem(folderUri: string, item: ViewItem): HTMLElement {
  const [iconName, label] = ICONS[item.status];
  const head = el('span', 'item-head');
  head.append(icon(`${iconName} state-${item.status}`, label), el('span', 'item-title', item.title));
  const row = disclosure(`${folderUri}#${item.id}`, head, (panel) => {
    panel.append(el('p', `summary state-${item.status}`, item.summary));
    if (item.decision)
      panel.append(
        el(
          'p',
          'decision',
          `${item.decision.status === 'waived' ? 'Waived' : 'Ticked'} by ${item.decision.by} on ` +
            `${item.decision.at.slice(0, 10)}${item.decision.reason ? `: ${item.decision.reason}` : ''}`,
        ),
      );
    if (item.evidence.length) panel.append(evidenceList(folderUri, item.evidence));
    panel.append(itemActions(folderUri, item));
    const more = disclosure(`${folderUri}#${item.id}#body`, el('span', 'muted', 'Why it matters and how to fix'), (p) =>
      p.append(renderBody(item.body)),
    );
    panel.append(more);
  });
  row.classList.add('item', `status-${item.status}`);
  row.dataset.item = item.id;
  row.dataset.status = item.status;
  return row;
}

const AUTH_TEXT: Record<ViewEndpoint['auth'], string> = {
  yes: 'auth',
  public: 'public',
  no: 'no auth',
  unknown: 'auth?',
};

function renderEndpoints(folderUri: string, endpoints: readonly ViewEndpoint[]): HTMLElement {
  const head = el('span', 'phase-head');
  head.append(el('span', 'phase-title', 'Endpoints'), el('span', 'count', String(endpoints.length)));
  return disclosure(`${folderUri}#endpoints`, head, (panel) => {
    if (!endpoints.length) {
      panel.append(el('p', 'muted', 'No HTTP handlers or bot commands found.'));
      return;
    }
    const ul = el('ul', 'endpoints');
    for (const e of endpoints) {
      const li = el('li', `endpoint auth-${e.auth}`);
      const top = el('div', 'endpoint-top');
      top.append(
        el('span', 'method', e.method),
        el('span', 'path', e.path || '(dynamic)'),
        location(folderUri, e.file, e.line),
      );
      const tags = el('div', 'tags');
      const tag = (text: string, ok: boolean, title?: string): void => {
        const t = el('span', `tag ${ok ? 'ok' : 'bad'}`, text);
        if (title) t.title = title;
        tags.append(t);
      };
      tag(AUTH_TEXT[e.auth], e.auth === 'yes' || e.auth === 'public', e.authBy);
      tag(e.rateLimited ? 'rate-limited' : 'no rate limit', e.rateLimited, e.rateLimitBy);
      tag(e.errors === 'none' ? 'errors unhandled' : `errors: ${e.errors}`, e.errors !== 'none', e.errorsBy);
      li.append(top, tags);
      ul.append(li);
    }
    panel.append(ul);
  });
}

/**
 * The detected stacks, one line on top ("FastAPI backend in backend/, React front end in frontend/"), details on
 * demand.
 */
function renderStacks(folderUri: string, stacks: ViewStacks): HTMLElement {
  const head = el('span', 'stacks-summary', stacks.summary || 'No app detected');
  const box = disclosure(`${folderUri}#stacks`, head, (panel) => {
    const ul = el('ul', 'stacks');
    for (const app of stacks.apps) {
      const li = el('li', `app kind-${app.kind}`);
      li.dataset.app = app.dir || '.';
      li.append(el('span', 'app-name', app.description));
      const facts = [
        app.languages.join(', '),
        app.packageManagers.length ? `package managers: ${app.packageManagers.join(', ')}` : '',
        `lockfiles: ${app.lockfiles.join(', ') || 'none'}`,
        app.deploy.length ? `deploy: ${app.deploy.join(', ')}` : '',
      ].filter(Boolean);
      li.append(el('span', 'muted app-facts', facts.join(' · ')));
      ul.append(li);
    }
    if (stacks.deploy.length) ul.append(el('li', 'muted', `Deploy files: ${stacks.deploy.join(', ')}`));
    panel.append(ul);
  });
  box.classList.add('stacks-box');
  return box;
}

function renderFolder(folder: ViewFolder, multi: boolean): HTMLElement {
  const section = el('section', 'folder');
  section.dataset.folder = folder.folderUri;
  const header = el('header', 'folder-head');
  const report = folder.report;
  const title = el('h1', '', multi ? folder.name : 'Security checklist');
  header.append(title);
  if (report)
    header.append(
      el(
        'span',
        'progress-text',
        `${report.summary.done} of ${report.summary.total - report.summary.notApplicable} done · ` +
          `${report.summary.failed} failing`,
      ),
    );
  if (folder.busy) header.append(icon('codicon-sync codicon-modifier-spin', 'Updating'));
  header.append(button('', () => vscode.postMessage({ type: 'refresh' }), 'icon-btn', 'codicon-refresh'));
  (header.lastChild as HTMLElement).setAttribute('aria-label', 'Refresh');
  section.append(header);
  if (folder.error) section.append(el('p', 'error', folder.error));
  if (!report) {
    section.append(el('p', 'muted', 'Checking the workspace…'));
    return section;
  }
  section.append(renderStacks(folder.folderUri, report.stacks));
  for (const p of report.problems) section.append(el('p', 'warning', p));
  for (const [phase, name] of PHASES) {
    const items = report.items.filter((i) => i.phase === phase);
    if (!items.length) continue;
    const done = items.filter((i) => ['pass', 'ticked', 'waived'].includes(i.status)).length;
    const applicable = items.filter((i) => i.status !== 'not-applicable').length;
    const head = el('span', 'phase-head');
    const bar = el('progress');
    bar.max = applicable;
    bar.value = done;
    bar.setAttribute('aria-label', `${name}: ${done} of ${applicable} done`);
    head.append(el('span', 'phase-title', name), el('span', 'count', `${done}/${applicable}`), bar);
    const group = disclosure(
      `${folder.folderUri}#phase#${phase}`,
      head,
      (panel) => {
        for (const i of items) panel.append(renderItem(folder.folderUri, i));
      },
      true,
    );
    group.classList.add('phase');
    group.dataset.phase = phase;
    section.append(group);
  }
  section.append(renderEndpoints(folder.folderUri, report.endpoints));
  return section;
}

function render(): void {
  const focused =
    document.activeElement instanceof HTMLElement
      ? document.activeElement.closest('[data-item]')?.getAttribute('data-item')
      : undefined;
  app.replaceChildren();
  if (!lastFolders.length) {
    app.append(el('p', 'muted', 'Open a folder to see its security checklist.'));
    return;
  }
  for (const f of lastFolders) app.append(renderFolder(f, lastFolders.length > 1));
  // Keep keyboard focus on the same item across re-renders.
  if (focused) app.querySelector<HTMLElement>(`[data-item="${CSS.escape(focused)}"] .disclosure-head`)?.focus();
}

window.addEventListener('message', (event: MessageEvent) => {
  // Shapes are checked anyway: the message crosses a process boundary.
  const m = event.data as Partial<ToView> & { folders?: unknown; message?: unknown; folderUri?: unknown };
  if (m.type === 'state' && Array.isArray(m.folders)) {
    lastFolders = m.folders as ViewFolder[];
    trusted = !!m.trusted;
    render();
  } else if (m.type === 'error' && typeof m.message === 'string') {
    app.replaceChildren(el('p', 'error', m.message));
  } else if (m.type === 'busy' && typeof m.folderUri === 'string') {
    const head = app.querySelector(`section[data-folder="${CSS.escape(m.folderUri)}"] .folder-head`);
    if (head && !head.querySelector('.codicon-sync'))
      head.insertBefore(icon('codicon-sync codicon-modifier-spin', 'Updating'), head.lastChild);
  }
});

vscode.postMessage({ type: 'ready' });

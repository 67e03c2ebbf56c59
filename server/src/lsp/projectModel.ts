// The project model, seen from the server's thread: the model itself lives in the workspace worker
// (lsp/background/models.ts: one `ProjectModel` per folder, built in the background, updated per changed
// file), which sends the per-handler facts the rules read whenever they change. Editor findings read them
// through `AnalyzeOptions.handlerFacts`, the same facts `preflight lint` passes, so the editor and the CLI
// agree; the sidebar's endpoint view asks the worker for the inventory (`preflight/endpoints`), and the
// checklist evaluates against that same model in the worker.
import { hintKey, type HandlerHints } from '../model/hints';
import { EndpointsRequest, type EndpointsFolderDto } from '../protocol';
import type { Feature, Services } from './services';

export const projectModel: Feature = {
  name: 'project model',
  register(s: Services) {
    /** Per folder root: the rules' facts from the worker's latest resolution. */
    const hints = new Map<string, HandlerHints>();
    /** The last facts per folder as text: the worker re-sends them after each resolution, often unchanged. */
    const sent = new Map<string, string>();
    s.worker.onHints((root, next) => {
      const text = next ? JSON.stringify(next) : '';
      if ((sent.get(root) ?? '') === text) return; // nothing a rule reads changed: findings and fixes stay valid
      sent.set(root, text);
      if (next) hints.set(root, next);
      else hints.delete(root);
      s.analyzer.invalidate();
      s.refreshDiagnostics();
    });
    s.analyzer.useHandlerFacts((d) => {
      const known = d.location.root ? hints.get(d.location.root) : undefined;
      const path = d.location.path;
      return known ? (line) => known[hintKey(path, line)] : undefined;
    });
    s.connection.onRequest(
      EndpointsRequest,
      async ({ folderUri }, token) =>
        (await s.worker.call('endpoints', { folderUri }, token)) as { folders: EndpointsFolderDto[] },
    );
  },
};

// Language-server side of the checklist: the evaluations live in the workspace worker
// (lsp/background/checklists.ts, one per folder, kept up to date on file, git index and settings changes, read
// against the worker's project model); this forwards the sidebar's requests there and registers the file
// watchers whose events the worker follows.
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import {
  ChecklistDecisionRequest,
  ChecklistFixRequest,
  ChecklistRequest,
  type ChecklistFolderDto,
  type Outcome,
} from '../protocol';
import type { Feature, Services } from './services';

export const checklist: Feature = {
  name: 'checklist',
  register(s: Services) {
    const { connection } = s;
    // A request before the first evaluation waits for it in the worker, so the sidebar opens with data.
    connection.onRequest(
      ChecklistRequest,
      async (params, token) => (await s.worker.call('checklist', params, token)) as { folders: ChecklistFolderDto[] },
    );
    connection.onRequest(
      ChecklistDecisionRequest,
      async (params) => (await s.worker.call('decision', params)) as Outcome,
    );
    connection.onRequest(
      ChecklistFixRequest,
      async (params, token) => (await s.worker.call('fix', params, token)) as Outcome & { changed: string[] },
    );
  },
  async initialized(s: Services) {
    if (s.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await s.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*' }, { globPattern: '**/.git/index' }],
      });
    }
  },
};

// What the worker's services (models.ts, checklists.ts) need from their surroundings: settings, the shared
// foreground clock, logging, trust, and a way to tell the server's thread something.
import type { PreflightSettings } from '../../protocol';
import type { Scheduler } from '../scheduler';
import type { FromWorker } from './messages';

export interface WorkerHost {
  settings(uri: string): Promise<PreflightSettings>;
  readonly scheduler: Scheduler;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Logs only the first time `key` is seen. */
  once(key: string, level: 'info' | 'warn' | 'error', message: string): void;
  readonly trusted: boolean;
  readonly showsProgress: boolean;
  post(message: FromWorker): void;
  /** A progress shown by the client: `cancelled` turns true when the user cancels it. */
  progress(
    title: string,
    detail: string,
  ): { report(percentage: number, message: string): void; done(): void; readonly cancelled: boolean };
}

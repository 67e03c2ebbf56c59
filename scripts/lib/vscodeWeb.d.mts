// Types for vscodeWeb.mjs, so the TypeScript e2e harness can use the same code-server launcher as `npm start`.
export interface Provision {
  node: string;
  codeServer: string;
  node24: string;
  codeServerEntry: string;
  chromium: string;
  nvim: string;
}
export interface ServerDirs {
  userDataDir: string;
  extDir: string;
  runDir: string;
}
export interface RunningServer {
  pid: number;
  url: string;
  port: number;
  stop(): Promise<void>;
  exited: Promise<number | null>;
  output(): string;
}
export const PROFILE_SETTINGS: Record<string, unknown>;
export function readProvision(root: string): Provision;
export function freePort(): Promise<number>;
export function portIsFree(port: number): Promise<boolean>;
export function findVsix(root: string): string | null;
export function writeProfile(userDataDir: string, extraSettings?: Record<string, unknown>): void;
export function installVsix(prov: Provision, vsix: string, dirs: ServerDirs): void;
export function startCodeServer(
  prov: Provision,
  opts: ServerDirs & { port: number; workspace: string; onOutput?: (chunk: string) => void; workspaceTrust?: boolean },
): Promise<RunningServer>;

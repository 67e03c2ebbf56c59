// Per-resource `preflight.*` settings, pulled with workspace/configuration, validated, cached per URI.
import type { Connection } from 'vscode-languageserver/node';
import type { SeveritySetting } from '../core/types';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type PreflightSettings } from '../protocol';

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns whatever the client sent (possibly a hand-edited, wrong-typed value) into valid settings. */
export function normalizeSettings(raw: unknown): PreflightSettings {
  const s = isRecord(raw) ? raw : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isRecord(s.rules)) {
    for (const [id, level] of Object.entries(s.rules)) {
      if (typeof level === 'string' && SEVERITIES.has(level as SeveritySetting)) rules[id] = level as SeveritySetting;
    }
  }
  const size =
    typeof s.maxFileSizeKb === 'number' && Number.isFinite(s.maxFileSizeKb) && s.maxFileSizeKb > 0
      ? s.maxFileSizeKb
      : DEFAULT_SETTINGS.maxFileSizeKb;
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
    run: s.run === 'onSave' || s.run === 'onType' ? s.run : DEFAULT_SETTINGS.run,
    rules,
    exclude: Array.isArray(s.exclude)
      ? s.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0)
      : [],
    maxFileSizeKb: size,
    publicEndpoints: Array.isArray(s.publicEndpoints)
      ? s.publicEndpoints.filter((g): g is string => typeof g === 'string' && g.trim().length > 0)
      : [],
    includeVendored: typeof s.includeVendored === 'boolean' ? s.includeVendored : DEFAULT_SETTINGS.includeVendored,
  };
}

/**
 * Settings source. Clients with `workspace/configuration` are asked per resource; others (or a
 * client that fails to answer) get what they pushed in didChangeConfiguration, else the defaults.
 */
export class Settings {
  private readonly cache = new Map<string, Promise<PreflightSettings>>();
  private pushed: PreflightSettings = { ...DEFAULT_SETTINGS };
  private readonly listeners: Array<() => void> = [];
  canPull = false;

  constructor(private readonly connection: Connection) {
    connection.onDidChangeConfiguration((params) => {
      const settings: unknown = params.settings;
      if (isRecord(settings) && SETTINGS_SECTION in settings)
        this.pushed = normalizeSettings(settings[SETTINGS_SECTION]);
      this.cache.clear();
      for (const l of this.listeners) l();
    });
  }

  /** Called when settings may have changed; listeners re-check documents. */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get(uri: string): Promise<PreflightSettings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let hit = this.cache.get(uri);
    if (!hit) {
      hit = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw: unknown) => normalizeSettings(raw),
        () => this.pushed,
      );
      this.cache.set(uri, hit);
    }
    return hit;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

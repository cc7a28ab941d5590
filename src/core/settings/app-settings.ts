import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { SettingsSchema, type Settings } from '../../shared/contract/app';
import { writeFileAtomic } from '../fs/atomic-write';

export const DEFAULT_SETTINGS: Settings = { backupRetention: 10, theme: 'system' };

/** App preferences in `<dataDir>/settings.json`. A damaged file falls back to defaults (and is kept). */
export class AppSettings {
  private cache: Settings | null = null;

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.cache) return this.cache;
    try {
      const raw = JSON.parse(await fsp.readFile(this.file, 'utf8')) as unknown;
      const parsed = SettingsSchema.partial().safeParse(raw);
      this.cache = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
    } catch {
      this.cache = { ...DEFAULT_SETTINGS };
    }
    return this.cache;
  }

  /** Synchronous read of the last known value (for hot paths like backup retention). */
  current(): Settings {
    return this.cache ?? DEFAULT_SETTINGS;
  }

  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.get()), ...patch });
    await fsp.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n', { newFileMode: 0o600 });
    this.cache = next;
    return next;
  }
}

/** Where the app keeps its own files: never inside a Hermes home. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): string {
  if (env.HERMES_SWITCHBOARD_DATA_DIR?.trim()) return path.resolve(env.HERMES_SWITCHBOARD_DATA_DIR.trim());
  if (platform === 'win32') return path.join(env.APPDATA || path.join(homedir, 'AppData', 'Roaming'), 'Hermes Switchboard');
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Application Support', 'Hermes Switchboard');
  return path.join(env.XDG_CONFIG_HOME?.trim() || path.join(homedir, '.config'), 'hermes-switchboard');
}

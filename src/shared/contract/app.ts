import { z } from 'zod';
import { channel } from './define';
import { Empty } from './common';

export const ThemeSchema = z.enum(['system', 'light', 'dark']);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** The app's own data directory (caches, settings); never inside a Hermes home. */
  dataDir: z.string(),
});

export const SettingsSchema = z.object({
  /** How many unpinned backups to keep per home. */
  backupRetention: z.number().int().min(1).max(500),
  theme: ThemeSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const appChannels = {
  'app.info': channel({ summary: 'Version, host kind and data directory.', request: Empty, response: AppInfoSchema }),
  'settings.get': channel({ summary: 'App settings (backup retention, theme).', request: Empty, response: SettingsSchema }),
  'settings.set': channel({
    summary: 'Change app settings; returns the stored result.',
    request: SettingsSchema.partial(),
    response: SettingsSchema,
    mutates: true,
  }),
};

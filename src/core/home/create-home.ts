import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError } from '../app-error';
import { writeFileAtomic } from '../fs/atomic-write';

/** What a freshly created home's config.yaml says; Hermes fills in everything else with defaults. */
export const STARTER_CONFIG = `# Hermes Agent configuration, created by Hermes Switchboard.
# Pick a main model in Switchboard (Models page) or run \`hermes model\`.
# Everything not listed here uses Hermes's built-in defaults.
model:
  provider: auto
  default: ''
_config_version: 33
`;

/**
 * Creates a Hermes home the way `ensure_hermes_home()` lays it out (directories 0700) with a
 * minimal config.yaml (0600). Refuses to touch an existing config.yaml.
 */
export async function createHermesHome(dir: string): Promise<void> {
  const config = path.join(dir, 'config.yaml');
  try {
    await fsp.access(config);
    throw new AppError('HOME_EXISTS', `${config} already exists; nothing was changed.`);
  } catch (err) {
    if (err instanceof AppError) throw err;
  }
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const sub of ['memories', 'sessions', 'skills', 'logs']) {
    await fsp.mkdir(path.join(dir, sub), { recursive: true, mode: 0o700 });
  }
  await writeFileAtomic(config, STARTER_CONFIG, { newFileMode: 0o600 });
}

import type { CoreServices, HandlersFor } from './types';

export function appHandlers(core: CoreServices): HandlersFor<'app.info' | 'settings.get' | 'settings.set'> {
  return {
    'app.info': async () => ({
      name: 'Hermes Switchboard',
      version: core.options.version,
      host: core.options.host,
      platform: core.options.platform,
      dataDir: core.options.dataDir,
    }),
    'settings.get': () => core.settings.get(),
    'settings.set': async (patch) => {
      const next = await core.settings.set(patch);
      await core.currentSession()?.backups.prune();
      return next;
    },
  };
}

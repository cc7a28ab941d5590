import { AppError } from '../app-error';
import type { HomeSession } from '../session';
import { createUsageBackend, type UsageBackend } from '../usage/usage-backend';
import type { CoreServices, HandlersFor } from './types';

/**
 * Usage analytics over the open home's `state.db`. Each home session gets its own usage backend (a
 * worker thread in the app, see `usage/usage-backend.ts`) holding the aggregate cache for that state.db
 * in the app's data dir; it is closed with the session, so switching home or profile releases it.
 */
export function usageHandlers(core: CoreServices): HandlersFor<'usage.models' | 'usage.hermesModels'> {
  const backends = new WeakMap<HomeSession, UsageBackend>();

  const backendFor = (session: HomeSession): UsageBackend => {
    let backend = backends.get(session);
    if (!backend) {
      const created = createUsageBackend({
        dataDir: core.options.dataDir,
        home: session.dir,
        // A demo home is a fresh temp dir on every start: keep its cache in memory.
        persist: !session.isDemo,
        workerPath: core.options.usageWorker,
      });
      backends.set(session, created);
      session.onClose(() => created.close());
      backend = created;
    }
    return backend;
  };

  return {
    'usage.models': async ({ window }) => {
      const backend = backendFor(core.requireSession());
      const r = await backend.request({ op: 'models', window });
      return {
        view: r.view,
        runtime: { statePath: r.statePath, mode: backend.mode, cache: r.persistent ? 'persistent' : 'memory', elapsedMs: r.elapsedMs },
      };
    },
    'usage.hermesModels': async ({ days, profile }) => {
      const session = core.requireSession();
      if (profile !== undefined && profile !== session.location.profile) {
        throw new AppError(
          'INVALID_INPUT',
          `This Switchboard reads profile "${session.location.profile}", not "${profile}". Switch profiles in the app, or start it with --home <that profile's directory>.`,
          { profile, open: session.location.profile },
        );
      }
      return backendFor(session).request({ op: 'hermes', days });
    },
  };
}

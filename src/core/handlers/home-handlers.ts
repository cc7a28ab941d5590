import path from 'node:path';
import { AppError } from '../app-error';
import { buildDemoHome } from '../demo/demo-home';
import { createHermesHome } from '../home/create-home';
import { listProfiles, PROFILE_NAME_RE } from '../home/resolve-home';
import type { CoreServices, HandlersFor } from './types';

export function homeHandlers(core: CoreServices): HandlersFor<'home.get' | 'home.selectProfile' | 'home.create' | 'home.openDemo'> {
  return {
    'home.get': () => core.homeState(),

    'home.selectProfile': async ({ profile }) => {
      const session = core.currentSession();
      const location = session?.location ?? (await core.resolveDefaultHome());
      if (profile !== 'default' && !PROFILE_NAME_RE.test(profile)) {
        throw new AppError('INVALID_INPUT', `"${profile}" is not a valid Hermes profile name.`);
      }
      const entry = (await listProfiles(location.root)).find((p) => p.name === profile);
      if (!entry) throw new AppError('PROFILE_NOT_FOUND', `There is no profile "${profile}" in ${path.join(location.root, 'profiles')}.`);
      await core.openHome({ ...location, profile, profileSource: 'selected', dir: entry.dir, notes: [] }, session?.isDemo ?? false);
      return core.homeState();
    },

    'home.create': async () => {
      const location = await core.resolveDefaultHome();
      await createHermesHome(location.dir);
      await core.openHome(location, false);
      return core.homeState();
    },

    'home.openDemo': async () => {
      const demo = await buildDemoHome();
      await core.openHome(
        { root: demo.root, rootSource: 'demo', profile: 'default', profileSource: 'default', dir: demo.root, notes: [] },
        true,
      );
      return core.homeState();
    },
  };
}

import { checkBaseUrl, listEndpoints, removeEndpoint, saveEndpoint, testEndpoint } from '../endpoints/endpoints-service';
import { keysContext } from '../keys/keys-service';
import type { CoreServices, HandlersFor } from './types';

/** Custom endpoints (`providers:` and `custom_providers:`). */
export function endpointsHandlers(core: CoreServices): HandlersFor<'endpoints.list' | 'endpoints.checkUrl' | 'endpoints.save' | 'endpoints.remove' | 'endpoints.test'> {
  const ctx = () => keysContext(core, core.requireSession());
  return {
    'endpoints.list': async () => listEndpoints(ctx()),
    'endpoints.checkUrl': async ({ baseUrl }) => checkBaseUrl(baseUrl),
    'endpoints.save': async (input) => {
      const out = await saveEndpoint(ctx(), input);
      if (input.key !== undefined) core.emit('keys.changed', { names: [input.draft.keyEnv ?? ''].filter(Boolean) });
      return { write: { changed: out.write.changed, hash: out.write.hash, backupId: out.write.backupId, merged: out.write.merged, summary: out.write.summary }, selector: out.selector, notes: out.notes };
    },
    'endpoints.remove': async (input) => removeEndpoint(ctx(), input),
    'endpoints.test': async (input) => testEndpoint(ctx(), input),
  };
}

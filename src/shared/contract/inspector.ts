import { channel } from './define';
import { Empty } from './common';
import { EffectiveConfigSchema } from '../domain/effective';

/** The effective-config inspector. */
export const inspectorChannels = {
  'inspector.get': channel({
    summary: 'For main, every aux task and every fallback entry: what Hermes would actually use, with drift warnings.',
    request: Empty,
    response: EffectiveConfigSchema,
  }),
};

import { z } from 'zod';
import { event } from './define';
import { ProbeResultSchema } from '../domain/probes';

/** Pushes from the core to every connected UI (IPC `webContents.send`, or the HTTP event stream). */
export const events = {
  'config.changed': event({
    summary: 'config.yaml has a new version (written by the app or changed outside it).',
    payload: z.object({ hash: z.string(), source: z.enum(['app', 'external']) }),
  }),
  'home.changed': event({
    summary: 'Another home or profile is being edited now.',
    payload: z.object({ dir: z.string() }),
  }),
  'keys.changed': event({
    summary: 'A key was stored, replaced, deleted or moved (names only, never values).',
    payload: z.object({ names: z.array(z.string()) }),
  }),
  'probe.result': event({
    summary: 'One probe result of a running probe run, sent the moment it lands.',
    payload: z.object({ runId: z.string(), result: ProbeResultSchema }),
  }),
  'catalog.updated': event({
    summary: "A provider's live model list landed (or failed); reload models.options to show it.",
    payload: z.object({
      provider: z.string(),
      state: z.enum(['fresh', 'stale', 'loading', 'failed', 'curated']),
      liveCount: z.number(),
      error: z.string().optional(),
    }),
  }),
};
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]['payload']>;

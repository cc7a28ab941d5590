import { z } from 'zod';
import { channel } from './define';
import { Empty } from './common';
import { ProbeResultSchema, ProbeTargetSchema } from '../domain/probes';

export const ProbeRunResultSchema = z.object({
  runId: z.string(),
  results: z.array(ProbeResultSchema),
  cancelled: z.boolean(),
  totalMs: z.number().nonnegative(),
});

/** Provider health probes. Results also stream as `probe.result` events while a run is going. */
export const probeChannels = {
  'probe.targets': channel({
    summary: 'What can be probed: providers that are set up or used, custom endpoints, configured slots.',
    request: Empty,
    response: z.object({ targets: z.array(ProbeTargetSchema) }),
  }),
  'probe.run': channel({
    summary: 'Probe targets (all when none given) in parallel; each result is also pushed as a probe.result event.',
    request: z.object({
      /** Chosen by the caller so it can match the streamed events and cancel; generated when absent. */
      runId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
      targets: z.array(z.string().max(300)).max(500).optional(),
      /** Also send a tiny completion to slots/endpoints with a model (costs a few tokens). */
      completion: z.boolean().optional(),
      timeoutMs: z.number().int().min(500).max(120_000).optional(),
      concurrency: z.number().int().min(1).max(64).optional(),
    }),
    response: ProbeRunResultSchema,
    rest: { method: 'POST', path: '/api/probe' },
    mutates: true,
  }),
  'probe.cancel': channel({
    summary: 'Cancel a running probe run; probes still waiting or running end as "cancelled".',
    request: z.object({ runId: z.string().min(1).max(64) }),
    response: z.object({ cancelled: z.boolean() }),
  }),
  'probe.history': channel({
    summary: 'The last result per target in this session.',
    request: Empty,
    response: z.object({ results: z.array(ProbeResultSchema) }),
  }),
};

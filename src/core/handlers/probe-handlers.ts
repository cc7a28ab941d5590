import { keysContext } from '../keys/keys-service';
import { inspectEffective, listTargets, probeHistory, runProbeRequest, cancelRun } from '../probes/probe-service';
import type { CoreServices, HandlersFor } from './types';

/** Health probes and the effective-config inspector. */
export function probeHandlers(core: CoreServices): HandlersFor<'probe.targets' | 'probe.run' | 'probe.cancel' | 'probe.history' | 'inspector.get'> {
  const ctx = () => keysContext(core, core.requireSession());
  return {
    'probe.targets': async () => ({ targets: await listTargets(ctx()) }),
    'probe.run': async (input, call) =>
      runProbeRequest(ctx(), input, {
        onResult: (runId, result) => core.emit('probe.result', { runId, result }),
        ...(call.signal !== undefined && { signal: call.signal }),
      }),
    'probe.cancel': async ({ runId }) => ({ cancelled: cancelRun(runId) }),
    'probe.history': async () => ({ results: [...probeHistory(core.requireSession()).values()] }),
    'inspector.get': async () => inspectEffective(ctx()),
  };
}

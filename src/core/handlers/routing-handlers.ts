import { FallbackService } from '../routing/fallback-service';
import { RoutingService } from '../routing/routing-service';
import type { CoreServices, HandlersFor } from './types';

/** The fallback editor (main and auxiliary chains, chain test) and routing profiles (rules, delegation, tester). */
export function routingHandlers(
  core: CoreServices,
): HandlersFor<'fallback.get' | 'fallback.validate' | 'fallback.set' | 'fallback.test' | 'fallback.cancelTest' | 'routing.get' | 'routing.set' | 'routing.test' | 'routing.reset'> {
  const fallback = new FallbackService(core);
  const routing = new RoutingService(core);
  return {
    'fallback.get': () => fallback.get(),
    'fallback.validate': (input) => fallback.validate(input),
    'fallback.set': (input) => fallback.set(input),
    'fallback.test': (input, call) =>
      fallback.test(input, {
        onResult: (runId, result) => core.emit('probe.result', { runId, result }),
        ...(call.signal !== undefined && { signal: call.signal }),
      }),
    'fallback.cancelTest': async ({ runId }) => ({ cancelled: FallbackService.cancel(runId) }),
    'routing.get': () => routing.get(),
    'routing.set': (input) => routing.set(input),
    'routing.test': (input) => routing.test(input),
    'routing.reset': (input) => routing.reset(input),
  };
}

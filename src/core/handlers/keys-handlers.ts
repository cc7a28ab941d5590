import { deleteKey, importFromEnv, keysContext, keysListFrom, loadKeySnapshot, removeFromEnv, revealKey, revealLimiterFor, setDelivery, setKey } from '../keys/keys-service';
import type { CoreServices, HandlersFor } from './types';

/** Keys: status everywhere, values only through `keys.reveal`. */
export function keysHandlers(
  core: CoreServices,
): HandlersFor<'keys.list' | 'keys.set' | 'keys.delete' | 'keys.importEnv' | 'keys.removeFromEnv' | 'keys.setDelivery' | 'keys.reveal' | 'keys.keychainStatus'> {
  const ctx = () => keysContext(core, core.requireSession());
  const limiter = revealLimiterFor(core);
  const changed = (names: string[]) => core.emit('keys.changed', { names });
  return {
    'keys.list': async () => keysListFrom(await loadKeySnapshot(ctx()), limiter.remaining()),
    'keys.set': async (input) => {
      const out = await setKey(ctx(), input);
      changed([out.row.name]);
      return out;
    },
    'keys.delete': async (input) => {
      const out = await deleteKey(ctx(), input);
      changed([out.row.name]);
      return out;
    },
    'keys.importEnv': async (input) => {
      const out = await importFromEnv(ctx(), input);
      if (out.imported.length > 0) changed(out.imported);
      return out;
    },
    'keys.removeFromEnv': async (input) => {
      const out = await removeFromEnv(ctx(), input);
      changed(out.removed);
      return out;
    },
    'keys.setDelivery': async (input) => {
      const out = await setDelivery(ctx(), input);
      changed([out.row.name]);
      return out;
    },
    'keys.reveal': async (input) => {
      // The value goes back to the caller only; nothing here logs it.
      const out = await revealKey(ctx(), limiter, input);
      return { name: input.name, source: out.source, value: out.value, revealsLeft: limiter.remaining() };
    },
    'keys.keychainStatus': async () => ctx().store.state({ refresh: true }),
  };
}

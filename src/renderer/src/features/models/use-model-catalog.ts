import { useCallback, useEffect, useRef } from 'react';
import { useBackend, useResource } from '../../lib/hooks';

/**
 * Provider/model options and the auxiliary task list, kept current: reloaded when config.yaml or the
 * home changes, and — debounced — whenever a provider's live list lands (`catalog.updated`), so the
 * picker fills in provider by provider without ever waiting for the slowest.
 */
export function useModelCatalog() {
  const client = useBackend();
  const options = useResource('models.options', { include_unconfigured: true }, { refreshOn: ['config.changed', 'home.changed'] });
  const auxiliary = useResource('models.auxiliary', {}, { refreshOn: ['config.changed', 'home.changed'] });
  const reloadOptions = options.reload;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const off = client.on('catalog.updated', () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void reloadOptions(), 150);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [client, reloadOptions]);

  /** Start re-fetching every live list; rows update as the catalog.updated events arrive. */
  const refresh = useCallback(async () => {
    await client.call('models.refreshCatalog', {});
    await reloadOptions();
  }, [client, reloadOptions]);

  return { options, auxiliary, refresh };
}

export type ModelCatalog = ReturnType<typeof useModelCatalog>;

import { useCallback, useEffect, useRef } from 'react';
import { useBackend, useResource } from '../../lib/hooks';

/**
 * Provider/model options and the auxiliary task list, kept current: reloaded when config.yaml or the
 * home changes, and — debounced — whenever a provider's live list lands (`catalog.updated`), so the
 * picker fills in provider by provider without ever waiting for the slowest. `skip` holds the requests
 * back (e.g. until config.yaml has been read, so the first paint does not wait behind the catalog).
 */
export function useModelCatalog({ skip = false }: { skip?: boolean } = {}) {
  const client = useBackend();
  const options = useResource('models.options', { include_unconfigured: true }, { refreshOn: ['config.changed', 'home.changed'], skip });
  const auxiliary = useResource('models.auxiliary', {}, { refreshOn: ['config.changed', 'home.changed'], skip });
  const reloadOptions = options.reload;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (skip) return;
    const off = client.on('catalog.updated', () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void reloadOptions(), 150);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [client, reloadOptions, skip]);

  /** Start re-fetching every live list; rows update as the catalog.updated events arrive. */
  const refresh = useCallback(async () => {
    await client.call('models.refreshCatalog', {});
    await reloadOptions();
  }, [client, reloadOptions]);

  return { options, auxiliary, refresh };
}

export type ModelCatalog = ReturnType<typeof useModelCatalog>;

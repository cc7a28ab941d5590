import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ConfigState } from '../../../shared/contract/config';
import type { AppErrorData } from '../../../shared/errors';
import { useBackend, useResource } from '../lib/hooks';
import { useToast } from '../lib/toasts';

interface ConfigContextValue {
  state: ConfigState | undefined;
  error: AppErrorData | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** Forms with unsaved input mark themselves dirty; outside changes then wait behind a banner. */
  setDirty: (id: string, dirty: boolean) => void;
  externalChangePending: boolean;
  acceptExternalChange: () => Promise<void>;
  dismissExternalChange: () => void;
}

const ConfigContext = createContext<ConfigContextValue | null>(null);

export function useConfig(): ConfigContextValue {
  const ctx = useContext(ConfigContext);
  if (!ctx) throw new Error('ConfigProvider is missing');
  return ctx;
}

/**
 * The current config.yaml summary, shared by every page. Our own writes reload it at once; a
 * change made outside the app reloads it too unless the user has unsaved input somewhere, in
 * which case a banner asks first (nothing is overwritten either way: writes check the hash).
 */
export function ConfigProvider({ children }: { children: ReactNode }) {
  const client = useBackend();
  const toast = useToast();
  const resource = useResource('config.read', {}, { refreshOn: ['home.changed'] });
  const dirty = useRef(new Set<string>());
  const [externalChangePending, setPending] = useState(false);
  const { reload: reloadResource } = resource;

  const reload = useCallback(async () => {
    await reloadResource();
  }, [reloadResource]);

  useEffect(
    () =>
      client.on('config.changed', (payload) => {
        if (payload.source === 'app' || dirty.current.size === 0) {
          void reloadResource();
          if (payload.source === 'external') toast.show({ kind: 'info', title: 'config.yaml changed outside Switchboard', body: 'The view was reloaded; the change is in the backup timeline.' });
        } else {
          setPending(true);
        }
      }),
    [client, reloadResource, toast],
  );

  const value = useMemo<ConfigContextValue>(
    () => ({
      state: resource.data,
      error: resource.error,
      loading: resource.loading,
      reload,
      setDirty: (id, isDirty) => {
        if (isDirty) dirty.current.add(id);
        else dirty.current.delete(id);
      },
      externalChangePending,
      acceptExternalChange: async () => {
        setPending(false);
        await reload();
      },
      dismissExternalChange: () => setPending(false),
    }),
    [resource.data, resource.error, resource.loading, reload, externalChangePending],
  );
  return <ConfigContext.Provider value={value}>{children}</ConfigContext.Provider>;
}

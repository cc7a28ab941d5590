import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ChannelName, ChannelRequest, ChannelResponse, EventName } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { BackendClient } from './backend-client';

export const BackendContext = createContext<BackendClient | null>(null);

export function useBackend(): BackendClient {
  const client = useContext(BackendContext);
  if (!client) throw new Error('BackendContext is missing');
  return client;
}

export interface Resource<T> {
  data: T | undefined;
  error: AppErrorData | null;
  loading: boolean;
  reload: () => Promise<Result<T>>;
}

/**
 * Loads a channel's answer and keeps it fresh: reloads when the request changes and when any of
 * `refreshOn` events arrive. Keeps showing the previous data while reloading (no flicker).
 */
export function useResource<K extends ChannelName>(
  name: K,
  request?: ChannelRequest<K>,
  options: { refreshOn?: EventName[]; skip?: boolean } = {},
): Resource<ChannelResponse<K>> {
  const client = useBackend();
  const [data, setData] = useState<ChannelResponse<K> | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(request ?? {});
  const seq = useRef(0);

  const reload = useCallback(async (): Promise<Result<ChannelResponse<K>>> => {
    const mine = ++seq.current;
    setLoading(true);
    const result = await client.call(name, JSON.parse(key) as ChannelRequest<K>);
    if (mine === seq.current) {
      if (result.ok) {
        setData(result.data);
        setError(null);
      } else setError(result.error);
      setLoading(false);
    }
    return result;
  }, [client, name, key]);

  useEffect(() => {
    if (options.skip) return;
    void reload();
  }, [reload, options.skip]);

  const events = (options.refreshOn ?? []).join(',');
  useEffect(() => {
    if (!events || options.skip) return;
    const offs = events.split(',').map((e) => client.on(e as EventName, () => void reload()));
    return () => offs.forEach((off) => off());
  }, [client, events, reload, options.skip]);

  return { data, error, loading, reload };
}

/** Runs a mutating channel call and tracks its pending state and error. */
export function useAction<K extends ChannelName>(name: K) {
  const client = useBackend();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const run = useCallback(
    async (request?: ChannelRequest<K>): Promise<Result<ChannelResponse<K>>> => {
      setPending(true);
      setError(null);
      const result = await client.call(name, request);
      setPending(false);
      if (!result.ok) setError(result.error);
      return result;
    },
    [client, name],
  );
  return { run, pending, error, clearError: () => setError(null) };
}

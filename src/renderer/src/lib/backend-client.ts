import type { ChannelName, ChannelRequest, ChannelResponse, EventName, EventPayload } from '../../../shared/contract';
import { splitChannel } from '../../../shared/contract/bridge';
import type { Result } from '../../../shared/result';

/**
 * How the UI talks to the core. Two transports, one interface: Electron IPC through
 * `window.switchboard` (the preload bridge), or HTTP to the browser host with the session token.
 * Both reach the same handler registry, so every feature works the same in both.
 */
export interface BackendClient {
  readonly kind: 'ipc' | 'http';
  call<K extends ChannelName>(name: K, request?: ChannelRequest<K>): Promise<Result<ChannelResponse<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function ipcClient(bridge: NonNullable<Window['switchboard']>): BackendClient {
  return {
    kind: 'ipc',
    call(name, request) {
      const [ns, method] = splitChannel(name);
      const fn = (bridge as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>)[ns]?.[method];
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `No bridge function for ${name}` } });
      return fn(request ?? {}) as Promise<Result<ChannelResponse<typeof name>>>;
    },
    on(name, listener) {
      return bridge.events.on(name, listener);
    },
  };
}

export function httpClient(token: string, base = ''): BackendClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let stream: AbortController | null = null;

  const connect = () => {
    if (stream) return;
    const ctrl = new AbortController();
    stream = ctrl;
    void (async () => {
      let delay = 500;
      while (!ctrl.signal.aborted) {
        try {
          const res = await fetch(`${base}/api/events`, { headers: { 'X-Hermes-Session-Token': token }, signal: ctrl.signal });
          if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
          delay = 500;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let sep: number;
            while ((sep = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, sep);
              buffer = buffer.slice(sep + 2);
              const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
              if (!data) continue;
              try {
                const msg = JSON.parse(data) as { name: string; payload: unknown };
                for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
              } catch {
                // ignore a malformed event
              }
            }
          }
        } catch {
          if (ctrl.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
  };

  return {
    kind: 'http',
    async call(name, request) {
      try {
        const res = await fetch(`${base}/api/rpc/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Hermes-Session-Token': token },
          body: JSON.stringify(request ?? {}),
        });
        const body = (await res.json().catch(() => null)) as Result<ChannelResponse<typeof name>> | null;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return { ok: false, error: { code: 'INTERNAL', message: `The server answered HTTP ${res.status} without a result.` } };
      } catch (err) {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Cannot reach the Switchboard server (${(err as Error).message}). Is \`hermes-switchboard serve\` still running?` },
        };
      }
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      connect();
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}

/** Picks the transport for where the UI is running. */
export function createBackendClient(): BackendClient {
  if (window.switchboard) return ipcClient(window.switchboard);
  const token = document.querySelector<HTMLMetaElement>('meta[name="hermes-session-token"]')?.content ?? '';
  return httpClient(token);
}

/** The token the browser host injected (shown in the API panel so scripts can use it). */
export function sessionTokenFromPage(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="hermes-session-token"]')?.content || null;
}

import type { Result } from '../result';
import type { ChannelName, ChannelRequest, ChannelResponse } from './index';
import type { EventName, EventPayload } from './events';

/**
 * The shape of `window.switchboard`, derived from the contract: one async function per channel,
 * grouped by the part before the dot (`config.read` → `switchboard.config.read(req)`), plus
 * `events.on`. Nothing else crosses the bridge: no raw IPC, no environment.
 */
type NamespaceOf<K> = K extends `${infer NS}.${string}` ? NS : never;
type MethodOf<K, NS extends string> = K extends `${NS}.${infer M}` ? M : never;

export type BridgeNamespaces = NamespaceOf<ChannelName>;

export type SwitchboardBridge = {
  [NS in BridgeNamespaces]: {
    [M in MethodOf<ChannelName, NS>]: `${NS}.${M}` extends infer K extends ChannelName
      ? (request?: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>
      : never;
  };
} & {
  events: {
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  };
};

/** Splits a channel name into namespace and method (the preload builds the bridge with it). */
export function splitChannel(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

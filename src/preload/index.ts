import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, events } from '../shared/contract';
import { splitChannel, type SwitchboardBridge } from '../shared/contract/bridge';

/**
 * Builds `window.switchboard` from the contract: one function per channel and `events.on`.
 * No raw ipcRenderer, no process or environment: the renderer can do exactly what the contract
 * lists, and main validates every call again.
 */
const bridge: Record<string, Record<string, unknown>> = {};
for (const name of CHANNEL_NAMES) {
  const [ns, method] = splitChannel(name);
  (bridge[ns] ??= {})[method] = (request?: unknown) => ipcRenderer.invoke(IPC_PREFIX + name, request ?? {});
}

const eventNames = new Set(Object.keys(events));
bridge.events = {
  on: (name: string, listener: (payload: unknown) => void) => {
    if (!eventNames.has(name) || typeof listener !== 'function') return () => undefined;
    const handler = (_e: unknown, message: { name: string; payload: unknown }) => {
      if (message?.name === name) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('switchboard', bridge as unknown as SwitchboardBridge);

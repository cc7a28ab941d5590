import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { Core } from '../../core/core';
import { originOf } from '../security/origins';

/**
 * Registers one `ipcMain.handle` per contract channel. Each message is checked first: it must come
 * from the top frame of one of our windows, showing one of our origins (Electron checklist #17);
 * then the core validates the input against the contract.
 */
export function registerIpc(core: Core, windows: () => BrowserWindow[], trusted: Set<string>): () => void {
  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame) return false;
    if (!windows().some((w) => !w.isDestroyed() && w.webContents.id === event.sender.id)) return false;
    const origin = originOf(frame.url);
    return origin !== null && trusted.has(origin);
  };
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + name, async (event, request: unknown) => {
      if (!isTrusted(event)) return fail({ code: 'FORBIDDEN', message: 'IPC from an untrusted frame was refused.' });
      return core.dispatch(name, request, { transport: 'ipc' });
    });
  }
  const off = core.onEvent((name, payload) => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
  return () => {
    off();
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(IPC_PREFIX + name);
  };
}

import { appHandlers } from './app-handlers';
import { backupHandlers } from './backup-handlers';
import { configHandlers } from './config-handlers';
import { homeHandlers } from './home-handlers';
import { modelHandlers } from './model-handlers';
import type { CoreServices, HandlerMap } from './types';

/** The one handler registry both transports serve. */
export function createHandlers(core: CoreServices): HandlerMap {
  return {
    ...appHandlers(core),
    ...homeHandlers(core),
    ...configHandlers(core),
    ...backupHandlers(core),
    ...modelHandlers(core),
  };
}

import { appHandlers } from './app-handlers';
import { backupHandlers } from './backup-handlers';
import { configHandlers } from './config-handlers';
import { endpointsHandlers } from './endpoints-handlers';
import { homeHandlers } from './home-handlers';
import { keysHandlers } from './keys-handlers';
import { probeHandlers } from './probe-handlers';
import { modelHandlers } from './model-handlers';
import { routingHandlers } from './routing-handlers';
import type { CoreServices, HandlerMap } from './types';
import { usageHandlers } from './usage-handlers';

/** The one handler registry both transports serve. */
export function createHandlers(core: CoreServices): HandlerMap {
  return {
    ...appHandlers(core),
    ...homeHandlers(core),
    ...configHandlers(core),
    ...backupHandlers(core),
    ...usageHandlers(core),
    ...keysHandlers(core),
    ...probeHandlers(core),
    ...endpointsHandlers(core),
    ...modelHandlers(core),
    ...routingHandlers(core),
  };
}

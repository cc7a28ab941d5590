/// <reference types="vite/client" />
import type { SwitchboardBridge } from '../../shared/contract/bridge';

declare global {
  interface Window {
    /** Present only inside the Electron app (built by the preload from the contract). */
    switchboard?: SwitchboardBridge;
  }
}

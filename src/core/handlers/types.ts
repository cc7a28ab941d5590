import type { ChannelInput, ChannelName, ChannelResponse, EventName, EventPayload } from '../../shared/contract';
import type { AppSettings } from '../settings/app-settings';
import type { HomeSession } from '../session';
import type { ResolvedHome } from '../home/resolve-home';
import type { HomeState } from '../../shared/contract/home';
import type { Logger } from '../log/logger';

/** Per-call information from the transport (Electron IPC or HTTP). */
export interface CallContext {
  transport: 'ipc' | 'http' | 'internal';
  signal?: AbortSignal;
}

export type Handler<K extends ChannelName> = (input: ChannelInput<K>, ctx: CallContext) => Promise<ChannelResponse<K>>;

/** One handler per contract channel; a missing one is a type error. */
export type HandlerMap = { [K in ChannelName]: Handler<K> };

export type HandlersFor<K extends ChannelName> = { [P in K]: Handler<P> };

export interface CoreOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  /** The app's own data directory (settings, caches). */
  dataDir: string;
  host: 'electron' | 'browser';
  version: string;
  /** --home: edit this directory instead of resolving HERMES_HOME. */
  homeOverride?: string;
  /** --demo: start on a fresh demo home; 'if-no-home': only when no Hermes home exists. */
  demo?: boolean | 'if-no-home';
  logger?: Logger;
  /** The built usage worker (`out/main/usage-worker.js`); without it usage queries run in-process (tests). */
  usageWorker?: string;
}

/** What handlers may use; implemented by Core. */
export interface CoreServices {
  readonly options: CoreOptions;
  readonly settings: AppSettings;
  readonly logger: Logger;
  /** The session for the home being edited; throws HOME_NOT_FOUND on the first-run screen. */
  requireSession(): HomeSession;
  currentSession(): HomeSession | null;
  homeState(): Promise<HomeState>;
  openHome(location: ResolvedHome, isDemo: boolean): Promise<void>;
  resolveDefaultHome(): Promise<ResolvedHome>;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

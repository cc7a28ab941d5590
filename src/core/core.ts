import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { channels, type ChannelName, type EventName, type EventPayload } from '../shared/contract';
import type { HomeState } from '../shared/contract/home';
import { fail, ok, type Result } from '../shared/result';
import { AppError } from './app-error';
import { buildDemoHome } from './demo/demo-home';
import { sha256 } from './fs/hash';
import { createHandlers } from './handlers';
import type { CallContext, CoreOptions, CoreServices, HandlerMap } from './handlers/types';
import { homeExists, listProfiles, resolveHermesHome, type ResolvedHome } from './home/resolve-home';
import { createLogger, type Logger } from './log/logger';
import { HomeSession } from './session';
import { AppSettings } from './settings/app-settings';

export type { CoreOptions } from './handlers/types';

export type CoreEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * The app's backend, independent of Electron and HTTP: resolves the Hermes home, owns the session
 * for it, and answers every contract channel through `dispatch` — validate input, run the handler,
 * validate the output (unknown fields are dropped, so nothing unplanned leaves), errors as data.
 */
export class Core implements CoreServices {
  readonly settings: AppSettings;
  readonly logger: Logger;
  private session: HomeSession | null = null;
  private defaultHome: ResolvedHome | null = null;
  private readonly listeners = new Set<CoreEventListener>();
  private readonly handlers: HandlerMap;

  private constructor(readonly options: CoreOptions) {
    this.settings = new AppSettings(options.dataDir);
    this.logger = options.logger ?? createLogger({ tag: 'core' });
    this.handlers = createHandlers(this);
  }

  static async create(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    await fsp.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    await core.settings.get();
    const location = await core.resolveDefaultHome();
    const found = await homeExists(location.dir);
    if (options.demo === true || (options.demo === 'if-no-home' && !found)) {
      const demo = await buildDemoHome();
      await core.openHome({ root: demo.root, rootSource: 'demo', profile: 'default', profileSource: 'default', dir: demo.root, notes: [] }, true);
    } else if (found) {
      await core.openHome(location, false);
    }
    return core;
  }

  async resolveDefaultHome(): Promise<ResolvedHome> {
    if (!this.defaultHome) {
      this.defaultHome = await resolveHermesHome(
        { env: this.options.env, platform: this.options.platform, homedir: this.options.homedir },
        this.options.homeOverride,
      );
    }
    return this.defaultHome;
  }

  currentSession(): HomeSession | null {
    return this.session;
  }

  requireSession(): HomeSession {
    if (!this.session) {
      throw new AppError('HOME_NOT_FOUND', 'No Hermes home is open. Create one or open the demo home.');
    }
    return this.session;
  }

  async openHome(location: ResolvedHome, isDemo: boolean): Promise<void> {
    const next = new HomeSession(location, isDemo, {
      retention: () => this.settings.current().backupRetention,
      logger: this.logger,
      // Private per-home state (the last version seen, for changes made while closed); not for throwaway demo homes.
      stateDir: isDemo ? null : path.join(this.options.dataDir, 'homes', sha256(location.dir).slice(0, 16)),
      emit: (e) => this.emit('config.changed', { hash: e.hash, source: e.source }),
    });
    await next.start();
    const previous = this.session;
    this.session = next;
    await previous?.close();
    this.emit('home.changed', { dir: location.dir });
  }

  async homeState(): Promise<HomeState> {
    const location = this.session?.location ?? (await this.resolveDefaultHome());
    const found = this.session !== null;
    return {
      found,
      root: location.root,
      rootSource: location.rootSource,
      profile: location.profile,
      profileSource: location.profileSource,
      dir: location.dir,
      isDemo: this.session?.isDemo ?? false,
      profiles: found ? await listProfiles(location.root) : [],
      notes: location.notes,
    };
  }

  onEvent(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch (err) {
        this.logger.warn(`event listener failed for ${name}`, err);
      }
    }
  }

  isChannel(name: string): name is ChannelName {
    return Object.prototype.hasOwnProperty.call(channels, name);
  }

  /** The single entry point of both transports. Never throws. */
  async dispatch(name: string, input: unknown, ctx: CallContext = { transport: 'internal' }): Promise<Result<unknown>> {
    if (!this.isChannel(name)) return fail({ code: 'NOT_FOUND', message: `Unknown channel: ${name}` });
    const def = channels[name];
    const parsed = def.request.safeParse(input ?? {});
    if (!parsed.success) {
      return fail({ code: 'INVALID_INPUT', message: z.prettifyError(parsed.error), detail: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } });
    }
    try {
      const handler = this.handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const out = await handler(parsed.data, ctx);
      const checked = def.response.safeParse(out);
      if (!checked.success) {
        this.logger.error(`handler ${name} returned data that does not match the contract: ${z.prettifyError(checked.error)}`);
        return fail({ code: 'INTERNAL', message: `Internal error in ${name}: the answer did not match the contract.` });
      }
      return ok(checked.data);
    } catch (err) {
      if (err instanceof AppError) return fail(err.toData());
      this.logger.error(`handler ${name} failed`, err);
      return fail({ code: 'INTERNAL', message: `Internal error in ${name}: ${(err as Error)?.message ?? String(err)}` });
    }
  }

  async close(): Promise<void> {
    await this.session?.close();
    this.session = null;
    this.listeners.clear();
  }
}

/** The package version, read once from package.json next to the build output or the sources. */
export async function readAppVersion(startDir: string): Promise<string> {
  let dir = startDir;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(await fsp.readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hermes-switchboard' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

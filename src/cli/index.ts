import os from 'node:os';
import path from 'node:path';
import { Core, readAppVersion } from '../core/core';
import { createLogger } from '../core/log/logger';
import { defaultDataDir } from '../core/settings/app-settings';
import { startServer } from '../server/http-server';
import { sessionToken } from '../server/security';
import { parseCliArgs, USAGE } from './args';
import { runExec } from './exec';

/** `hermes-switchboard` command line: the browser host, and `exec` (Hermes with keychain keys). */
async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  const version = await readAppVersion(__dirname);
  if (args.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(`hermes-switchboard ${version}\n`);
    return 0;
  }
  if (args.command === 'error') {
    process.stderr.write(`${args.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'exec') return runExec(args);
  const logger = createLogger({ tag: 'serve', level: process.env.HERMES_SWITCHBOARD_LOG === 'debug' ? 'debug' : 'info' });
  const core = await Core.create({
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    dataDir: defaultDataDir(process.env, process.platform, os.homedir()),
    host: 'browser',
    version,
    homeOverride: args.home,
    demo: args.demo,
    logger,
    usageWorker: path.join(__dirname, 'usage-worker.js'),
  });
  let server;
  try {
    server = await startServer({
      core,
      token: sessionToken(process.env),
      rendererDir: path.join(__dirname, '../renderer'),
      host: args.host,
      port: args.port,
      insecureBind: args.insecureBind,
      logger,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `Port ${args.port} is already in use. Try --port 0 for a free one.` : (err as Error).message;
    process.stderr.write(`${message}\n`);
    await core.close();
    return 1;
  }
  const home = await core.homeState();
  process.stdout.write(
    `Hermes Switchboard ${version} — browser host\n` +
      `  Open: ${server.url}\n` +
      `  Editing: ${home.found ? `${home.dir}${home.isDemo ? ' (demo home)' : ''} [profile ${home.profile}]` : `no Hermes home yet (${home.dir}); the app offers to create one`}\n` +
      `  API: send header X-Hermes-Session-Token (shown in the page; set HERMES_SWITCHBOARD_TOKEN to choose it)\n` +
      (args.insecureBind && args.host !== '127.0.0.1' ? `  WARNING: listening on ${args.host}; other machines can reach this API.\n` : '') +
      `Press Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return -1;
}

void main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`hermes-switchboard: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);

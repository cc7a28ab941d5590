import { parseArgs } from 'node:util';
import type { ExecArgs } from './exec';

export interface ServeArgs {
  command: 'serve';
  port: number;
  host: string;
  insecureBind: boolean;
  demo: boolean | 'if-no-home';
  home?: string;
}

export type CliArgs = ServeArgs | ExecArgs | { command: 'help' } | { command: 'version' } | { command: 'error'; message: string };

export const USAGE = `Hermes Switchboard — manage Hermes Agent's model configuration.

Usage:
  hermes-switchboard serve [--port N] [--host 127.0.0.1] [--demo] [--home DIR]
      Start the browser host: the same app over HTTP on this machine. Prints the URL to open.
      --port N            port to listen on (default 8787; 0 picks a free one)
      --host ADDR         address to bind (default 127.0.0.1; loopback only)
      --insecure-bind     allow a non-loopback --host (anyone who can reach it and knows the
                          token can change your config)
      --demo              start on a fresh demo home in a temporary directory
      --demo-if-no-home   use a demo home only when no Hermes home exists
      --home DIR          edit this Hermes home instead of $HERMES_HOME / ~/.hermes
  hermes-switchboard exec [--home DIR] [--profile NAME] [--quiet] -- hermes [ARGS…]
      Start Hermes (or any command) with the keys you keep only in the OS keychain in its
      environment. The home and profile are resolved like the app does; stdio and the exit
      code pass through. Key names go to stderr, values never do.
  hermes-switchboard --version
  hermes-switchboard --help

The API token is generated per start (or taken from HERMES_SWITCHBOARD_TOKEN) and must be sent
as the X-Hermes-Session-Token header on every /api/ request.`;

/** `exec [--home DIR] [--profile NAME] [--quiet] -- cmd args…`; everything after `--` is the command. */
function parseExec(rest: string[]): CliArgs {
  const sep = rest.indexOf('--');
  const own = sep < 0 ? rest : rest.slice(0, sep);
  const argv = sep < 0 ? [] : rest.slice(sep + 1);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: own, options: { home: { type: 'string' }, profile: { type: 'string' }, quiet: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    return { command: 'error', message: `${(err as Error).message} (put the command after --)` };
  }
  if (argv.length === 0) return { command: 'error', message: 'exec needs a command after --, e.g. hermes-switchboard exec -- hermes chat' };
  return {
    command: 'exec',
    argv,
    quiet: values.quiet === true,
    ...(typeof values.home === 'string' && { home: values.home }),
    ...(typeof values.profile === 'string' && { profile: values.profile }),
  };
}

export function parseCliArgs(argv: string[]): CliArgs {
  if (argv[0] === 'exec') return parseExec(argv.slice(1));
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  if (argv.includes('--version') || argv.includes('-v')) return { command: 'version' };
  const [command = 'help', ...rest] = argv;
  if (command !== 'serve') return { command: 'error', message: `Unknown command "${command}".` };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'insecure-bind': { type: 'boolean' },
        demo: { type: 'boolean' },
        'demo-if-no-home': { type: 'boolean' },
        home: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return { command: 'error', message: (err as Error).message };
  }
  const portText = (values.port as string | undefined) ?? process.env.HERMES_SWITCHBOARD_PORT ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { command: 'error', message: `--port must be a number from 0 to 65535, not "${portText}".` };
  return {
    command: 'serve',
    port,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    insecureBind: values['insecure-bind'] === true,
    demo: values.demo === true ? true : values['demo-if-no-home'] === true ? 'if-no-home' : false,
    home: values.home as string | undefined,
  };
}

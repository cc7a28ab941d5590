/**
 * `hermes-switchboard exec [--home DIR] [--profile NAME] -- hermes …`: starts a command (normally Hermes)
 * with the keys the user keeps only in the OS keychain in its environment.
 *
 * The home and profile are resolved exactly like the app (and Hermes) does; the keychain items of that
 * profile's scope are read, and every key marked "keychain only" plus every keychain key `.env` does not
 * define is added to the child's environment (a `.env` value would win anyway — Hermes loads it with
 * override=True). stdio is inherited and the exit code passed through. Names are reported on stderr;
 * values are never printed.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { execEnvironmentFor } from '../core/keys/keys-service';
import { credentialScope, KeytarCredentialStore } from '../core/keys/keychain';
import { platformDefaultRoot, PROFILE_NAME_RE, resolveHermesHome } from '../core/home/resolve-home';

export interface ExecArgs {
  command: 'exec';
  home?: string;
  profile?: string;
  quiet: boolean;
  argv: string[];
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export async function runExec(args: ExecArgs, io: { stderr: (s: string) => void } = { stderr: (s) => process.stderr.write(s) }): Promise<number> {
  const env = process.env;
  const environment = { env, platform: process.platform, homedir: os.homedir() };
  const location = await resolveHermesHome(environment, args.home);
  if (args.profile !== undefined) {
    if (args.profile !== 'default' && !PROFILE_NAME_RE.test(args.profile)) {
      io.stderr(`hermes-switchboard exec: "${args.profile}" is not a valid Hermes profile name.\n`);
      return 2;
    }
    location.profile = args.profile;
    location.dir = args.profile === 'default' ? location.root : path.join(location.root, 'profiles', args.profile);
  }
  const scope = credentialScope(location, platformDefaultRoot(environment));
  const store = new KeytarCredentialStore({ scope });
  const { env: keys, state } = await execEnvironmentFor(store, location.dir);
  if (state.status === 'unavailable') {
    io.stderr(
      `hermes-switchboard exec: the keychain is not available (${state.reason ?? 'unknown'}${state.message ? `: ${state.message}` : ''}).\n` +
        state.fix.map((f) => `  - ${f}\n`).join('') +
        'Hermes was not started.\n',
    );
    return 1;
  }
  const names = Object.keys(keys).sort();
  if (!args.quiet) {
    io.stderr(
      names.length === 0
        ? `hermes-switchboard exec: no keychain-only keys for profile ${location.profile} (${location.dir}).\n`
        : `hermes-switchboard exec: ${names.length} key${names.length === 1 ? '' : 's'} from the keychain for profile ${location.profile}: ${names.join(', ')}\n`,
    );
  }
  const childEnv: NodeJS.ProcessEnv = { ...env, ...keys };
  if (args.home !== undefined || args.profile !== undefined) childEnv.HERMES_HOME = location.dir;
  const [cmd, ...rest] = args.argv;
  return new Promise<number>((resolve) => {
    const child = spawn(cmd!, rest, { stdio: 'inherit', env: childEnv });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (err: NodeJS.ErrnoException) => {
      io.stderr(`hermes-switchboard exec: cannot start ${cmd}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
      resolve(err.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1));
    });
  });
}

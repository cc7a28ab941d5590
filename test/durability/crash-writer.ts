/**
 * Child process for the crash test: applies edits through the real ConfigFile transaction in a
 * loop and reports each completed write on stdout ("committed N"). The parent SIGKILLs it at
 * random moments.
 */
import path from 'node:path';
import { BackupStore } from '../../src/core/backups/backup-store';
import { ConfigFile } from '../../src/core/config/config-file';

const [configPath, countArg] = process.argv.slice(2);
const home = path.dirname(configPath!);
const config = new ConfigFile(configPath!, { backups: new BackupStore(path.join(home, 'config-backups')) });

async function main(): Promise<void> {
  const snap = await config.read();
  if (!snap.parse.ok) throw new Error('config does not parse at start');
  let n = Number((snap.parse.parsed.value as { counter?: number }).counter ?? 0);
  const stopAt = n + Number(countArg ?? 1000);
  process.stdout.write(`ready ${n}\n`);
  while (n < stopAt) {
    n++;
    await config.edit({ baseHash: null, reason: 'set-main', watchPaths: [], build: (v) => ({ ...v, counter: n }) });
    process.stdout.write(`committed ${n}\n`);
  }
}

void main();

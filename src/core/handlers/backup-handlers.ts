import { AppError } from '../app-error';
import { describeConfigChange } from '../config/change-summary';
import { parseYamlText } from '../config/yaml-parse';
import type { CoreServices, HandlersFor } from './types';

export function backupHandlers(core: CoreServices): HandlersFor<'backups.list' | 'backups.restore'> {
  return {
    'backups.list': async () => {
      const session = core.requireSession();
      const listing = await session.backups.list();
      return {
        dir: session.backups.dir,
        backups: listing.backups.map(({ nextSha256: _next, ...b }) => b),
        skipped: listing.skipped,
        retention: session.backups.retention(),
      };
    },

    'backups.restore': async ({ id, baseHash }) => {
      const session = core.requireSession();
      const { meta, content } = await session.backups.read(id);
      if (meta.file !== 'config') throw new AppError('INVALID_INPUT', 'Only config.yaml backups can be restored here.');
      const parsed = parseYamlText(content);
      if (!parsed.ok) {
        throw new AppError('BACKUP_CORRUPT', `Backup ${id} does not parse (line ${parsed.error.line}); it cannot be restored.`, parsed.error);
      }
      const current = await session.config.read();
      const change = current.parse.ok ? describeConfigChange(current.parse.parsed.value, parsed.parsed.value) : 'replaced a file that did not parse';
      const when = new Date(meta.createdAt).toISOString().replace('T', ' ').slice(0, 16);
      const summary = `restore of ${when} UTC (${meta.reason}): ${change}`;
      const result = await session.config.replaceText({ baseHash: baseHash ?? current.hash, text: content, reason: 'pre_restore', summary });
      return { hash: result.hash, preRestoreId: result.backupId, summary };
    },
  };
}

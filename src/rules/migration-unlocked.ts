/** migration-unlocked: a migration that is not in the lock yet (new in this change). */

import { counted } from '../text.js';
import { atSource, type ProjectRule } from '../lint/types.js';

export const migrationUnlocked: ProjectRule = {
  meta: {
    id: 'migration-unlocked',
    defaultSeverity: 'warn',
    description: 'Every migration is recorded in the migration lock.',
    help: 'Run `pgscribe lock` and commit the lock file with the migration.',
    docs: 'docs/rules/migration-unlocked.md',
    messages: {
      noLock: 'there is no migration lock ({{lockFile}}); {{count}} {{verb}} unlocked',
      notLocked: '{{file}} is not in {{lockFile}}',
    },
    fixable: false,
  },
  check({ lock, config, migrations }) {
    if (!lock.exists) {
      if (migrations.length === 0) return [];
      return [{ ...atSource({ file: migrations[0].data.file, line: 1 }), messageId: 'noLock', data: { lockFile: config.lockFile, count: counted(migrations.length, 'migration'), verb: migrations.length === 1 ? 'is' : 'are' } }];
    }
    const locked = new Set(lock.entries.map((e) => e.file));
    return migrations.filter((m) => !locked.has(m.data.file)).map((m) => ({ ...atSource({ file: m.data.file, line: 1 }), messageId: 'notLocked', data: { file: m.data.file, lockFile: config.lockFile } }));
  },
};

/** migration-unlocked: a migration that is not in the lock yet (new in this change). */

import { counted } from '../text.js';
import { atSource, type ProjectRule } from '../lint/types.js';

export const migrationUnlocked: ProjectRule = {
  id: 'migration-unlocked',
  defaultSeverity: 'warn',
  description: 'Every migration is recorded in the migration lock.',
  help: 'Run `pgscribe lock` and commit the lock file with the migration.',
  check({ lock, config, migrations }) {
    if (!lock.exists) {
      if (migrations.length === 0) return [];
      return [atSource({ file: migrations[0].data.file, line: 1 }, `there is no migration lock (${config.lockFile}); ${counted(migrations.length, 'migration')} ${migrations.length === 1 ? 'is' : 'are'} unlocked`)];
    }
    const locked = new Set(lock.entries.map((e) => e.file));
    return migrations.filter((m) => !locked.has(m.data.file)).map((m) => atSource({ file: m.data.file, line: 1 }, `${m.data.file} is not in ${config.lockFile}`));
  },
};

/**
 * migration-naming: with numeric (or version) ordering, every migration needs
 * a numeric prefix (a version), and no two may share one (their order would
 * be an accident).
 */

import path from 'node:path/posix';
import { orderKeyOf } from '../sources/order.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const migrationNaming: ProjectRule = {
  id: 'migration-naming',
  defaultSeverity: 'error',
  description: 'Migration names carry a unique numeric order prefix.',
  help: 'Rename the new migration with the next free number (e.g. 012_add_rooms.sql).',
  check({ config, migrations }) {
    const keyOf = orderKeyOf(config.order);
    if (!keyOf) return [];
    const what = config.order === 'version' ? 'version' : 'numeric prefix';
    const findings: RuleFinding[] = [];
    const seen = new Map<string, string>();
    for (const m of migrations) {
      const file = m.data.file;
      const prefix = keyOf(file);
      if (prefix === undefined) {
        findings.push(atSource({ file, line: 1 }, `${config.order === 'version' ? file : path.basename(file)} has no ${what}, so its place in the order is undefined`));
        continue;
      }
      const key = prefix.toString();
      const other = seen.get(key);
      const [mine, theirs] = path.basename(file) === path.basename(other ?? '') ? [file, other] : [path.basename(file), path.basename(other ?? '')];
      if (other) findings.push(atSource({ file, line: 1 }, `${mine} has the same ${config.order === 'version' ? 'version' : 'order prefix'} (${key}) as ${theirs}`));
      else seen.set(key, file);
    }
    return findings;
  },
};

/**
 * migration-naming: with numeric ordering, every migration needs a numeric
 * prefix, and no two may share one (their order would be an accident).
 */

import path from 'node:path/posix';
import { numericPrefix } from '../sources/order.js';
import { atSource, type ProjectRule, type RuleFinding } from './types.js';

export const migrationNaming: ProjectRule = {
  id: 'migration-naming',
  defaultSeverity: 'error',
  description: 'Migration names carry a unique numeric order prefix.',
  help: 'Rename the new migration with the next free number (e.g. 012_add_rooms.sql).',
  check({ config, migrations }) {
    if (config.order !== 'numeric') return [];
    const findings: RuleFinding[] = [];
    const seen = new Map<string, string>();
    for (const m of migrations) {
      const file = m.data.file;
      const prefix = numericPrefix(file);
      if (prefix === undefined) {
        findings.push(atSource({ file, line: 1 }, `${path.basename(file)} has no numeric prefix, so its place in the order is undefined`));
        continue;
      }
      const key = prefix.toString();
      const other = seen.get(key);
      if (other) findings.push(atSource({ file, line: 1 }, `${path.basename(file)} has the same order prefix (${key}) as ${path.basename(other)}`));
      else seen.set(key, file);
    }
    return findings;
  },
};

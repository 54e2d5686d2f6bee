/**
 * migration-naming: with numeric (or version) ordering, every migration needs
 * a numeric prefix (a version), and no two may share one (their order would
 * be an accident).
 */

import path from 'node:path/posix';
import { orderKeyOf } from '../sources/order.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const migrationNaming: ProjectRule = {
  meta: {
    id: 'migration-naming',
    defaultSeverity: 'error',
    description: 'Migration names carry a unique numeric order prefix.',
    help: 'Rename the new migration with the next free number (e.g. 012_add_rooms.sql).',
    docs: 'docs/rules/migration-naming.md',
    messages: {
      noPrefix: '{{file}} has no numeric prefix, so its place in the order is undefined',
      noVersion: '{{file}} has no version, so its place in the order is undefined',
      samePrefix: '{{file}} has the same order prefix ({{prefix}}) as {{other}}',
      sameVersion: '{{file}} has the same version ({{prefix}}) as {{other}}',
    },
    fixable: false,
  },
  check({ config, migrations }) {
    const keyOf = orderKeyOf(config.order);
    if (!keyOf) return [];
    const byVersion = config.order === 'version';
    const findings: RuleFinding[] = [];
    const seen = new Map<string, string>();
    for (const m of migrations) {
      const file = m.data.file;
      const prefix = keyOf(file);
      if (prefix === undefined) {
        findings.push({ ...atSource({ file, line: 1 }), messageId: byVersion ? 'noVersion' : 'noPrefix', data: { file: byVersion ? file : path.basename(file) } });
        continue;
      }
      const key = prefix.toString();
      const other = seen.get(key);
      const [mine, theirs] = path.basename(file) === path.basename(other ?? '') ? [file, other] : [path.basename(file), path.basename(other ?? '')];
      if (other) findings.push({ ...atSource({ file, line: 1 }), messageId: byVersion ? 'sameVersion' : 'samePrefix', data: { file: mine, prefix: key, other: theirs ?? '' } });
      else seen.set(key, file);
    }
    return findings;
  },
};

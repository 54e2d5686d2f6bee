/**
 * unindexed-foreign-key: a foreign key whose columns do not lead any index
 * (or primary key / unique constraint) makes deletes on the parent and joins
 * scan the child table (splinter 0001).
 */

import { lookup } from '../model/lookup.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

const leads = (prefix: string[], columns: string[]) => prefix.length > 0 && prefix.every((c, i) => columns[i] === c);

export const unindexedForeignKey: ProjectRule = {
  id: 'unindexed-foreign-key',
  defaultSeverity: 'warn',
  description: 'Foreign key columns should lead an index.',
  help: 'CREATE INDEX IF NOT EXISTS … ON the table (the foreign key columns).',
  check({ model }) {
    const findings: RuleFinding[] = [];
    const { indexesOn } = lookup(model);
    for (const table of model.tables) {
      const indexed = [
        ...indexesOn(table).map((i) => i.columns),
        ...table.constraints.filter((c) => c.type === 'primary key' || c.type === 'unique').map((c) => c.columns),
      ];
      for (const c of table.constraints) {
        if (c.type !== 'foreign key') continue;
        if (indexed.some((columns) => leads(c.columns, columns))) continue;
        findings.push(atSource(c.source, `foreign key ${c.name} on ${table.schema}.${table.name} (${c.columns.join(', ')}) has no index`));
      }
    }
    return findings;
  },
};

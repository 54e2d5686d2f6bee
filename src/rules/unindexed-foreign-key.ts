/**
 * unindexed-foreign-key: a foreign key whose columns do not lead any index
 * (or primary key / unique constraint) makes deletes on the parent and joins
 * scan the child table (splinter 0001).
 */

import { lookup } from '../model/lookup.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

const leads = (prefix: string[], columns: string[]) => prefix.length > 0 && prefix.every((c, i) => columns[i] === c);

export const unindexedForeignKey: ProjectRule = {
  meta: {
    id: 'unindexed-foreign-key',
    defaultSeverity: 'warn',
    description: 'Foreign key columns should lead an index.',
    help: 'CREATE INDEX IF NOT EXISTS … ON the table (the foreign key columns).',
    docs: 'docs/rules/unindexed-foreign-key.md',
    messages: {
      noIndex: 'foreign key {{constraint}} on {{table}} ({{columns}}) has no index',
    },
    fixable: false,
  },
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
        findings.push({ ...atSource(c.source), messageId: 'noIndex', data: { constraint: c.name, table: `${table.schema}.${table.name}`, columns: c.columns.join(', ') } });
      }
    }
    return findings;
  },
};

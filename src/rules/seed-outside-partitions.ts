/**
 * seed-outside-partitions: a seed writes a literal timestamp into the
 * partition key of a range-partitioned table (or straight into a partition)
 * that no partition covers, and there is no DEFAULT partition: the insert
 * fails with "no partition of relation … found for row".
 */

import { covers, hasDefault, instant } from '../lint/partition-bounds.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const seedOutsidePartitions: ProjectRule = {
  meta: {
    id: 'seed-outside-partitions',
    defaultSeverity: 'error',
    description: 'Seeded timestamps must fall inside the partitions of their partitioned table.',
    help: 'Use a timestamp inside an existing partition, or add the partition (or a DEFAULT partition) in a migration.',
    docs: 'docs/rules/seed-outside-partitions.md',
    messages: {
      outsidePartitions: '{{value}} in {{column}} is outside every partition of {{table}}',
    },
    fixable: false,
  },
  check({ model, catalog }) {
    const findings: RuleFinding[] = [];
    for (const seed of model.seeds) {
      for (const t of seed.timestamps) {
        let table = catalog.table({ schema: t.schema, name: t.table });
        if (table?.partitionOf) table = catalog.table(table.partitionOf);
        if (!table || table.partitionKey?.strategy !== 'range' || table.partitionKey.columns[0] !== t.column || hasDefault(table)) continue;
        const at = instant(t.value);
        if (at === undefined || table.partitions.some((p) => covers(p.bound, at))) continue;
        findings.push({ ...atSource(t.source), messageId: 'outsidePartitions', data: { value: t.value, column: `${t.schema}.${t.table}.${t.column}`, table: `${table.schema}.${table.name}` } });
      }
    }
    return findings;
  },
};

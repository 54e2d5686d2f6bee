/**
 * partition-horizon: the audit table is range-partitioned and no partition
 * covers today + partitionHorizonDays, and there is no DEFAULT partition:
 * audit triggers start failing ("no partition of relation … found for row")
 * on that day. `--now` pins today for tests and reproducible CI.
 */

import { lookup, objectNamed } from '../model/lookup.js';
import { covers, hasDefault } from '../lint/partition-bounds.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

const day = 24 * 60 * 60 * 1000;

export const partitionHorizon: ProjectRule = {
  meta: {
    id: 'partition-horizon',
    defaultSeverity: 'error',
    description: 'The audit table must have partitions ahead of today, or a DEFAULT partition.',
    help: 'Add a migration that creates the next partitions (or a DEFAULT partition) before the horizon is reached.',
    docs: 'docs/rules/partition-horizon.md',
    messages: {
      noPartition: 'no partition of {{table}} covers {{date}} ({{when}}) and it has no DEFAULT partition: audit writes will fail',
    },
    fixable: false,
  },
  check({ model, config, now }) {
    const table = lookup(model).table(objectNamed(config.auditTable));
    if (!table || table.partitionKey?.strategy !== 'range' || hasDefault(table)) return [];
    const findings: RuleFinding[] = [];
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    for (const [label, at] of [['today', today], [`today + ${config.partitionHorizonDays} days`, today + config.partitionHorizonDays * day]] as const) {
      if (table.partitions.some((p) => covers(p.bound, at))) continue;
      const date = new Date(at).toISOString().slice(0, 10);
      findings.push({ ...atSource(table.source), messageId: 'noPartition', data: { table: config.auditTable, date, when: label } });
      break;
    }
    return findings;
  },
};

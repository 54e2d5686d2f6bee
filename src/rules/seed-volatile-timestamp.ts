/**
 * seed-volatile-timestamp: now() / CURRENT_TIMESTAMP in seeded rows makes
 * every run different and can fall outside the partitions of audited or
 * partitioned tables. Seeds use fixed timestamps.
 */

import { atSource, type ProjectRule } from '../lint/types.js';

export const seedVolatileTimestamp: ProjectRule = {
  meta: {
    id: 'seed-volatile-timestamp',
    defaultSeverity: 'warn',
    description: 'Seeded rows use fixed timestamps, not now().',
    help: "Use a literal such as '2024-03-01 09:00:00+00' (or a DECLAREd constant in a DO block).",
    docs: 'docs/rules/seed-volatile-timestamp.md',
    messages: {
      volatileTimestamp: '{{column}} is seeded with {{expression}}: the data differs on every run',
    },
    fixable: false,
  },
  check({ model }) {
    return model.seeds.flatMap((seed) =>
      seed.volatileTimestamps.map((t) => ({ ...atSource(t.source), messageId: 'volatileTimestamp', data: { column: `${t.schema}.${t.table}.${t.column}`, expression: t.expression } })),
    );
  },
};

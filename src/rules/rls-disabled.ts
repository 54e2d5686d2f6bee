/** rls-disabled: a table in an exposed schema without row level security (splinter 0013, statically). */

import { atSource, type ProjectRule } from '../lint/types.js';

export const rlsDisabled: ProjectRule = {
  meta: {
    id: 'rls-disabled',
    defaultSeverity: 'error',
    description: 'Tables in exposed schemas must have row level security enabled.',
    help: 'Add ALTER TABLE … ENABLE ROW LEVEL SECURITY and policies for the roles that may read or write it.',
    docs: 'docs/rules/rls-disabled.md',
    messages: {
      rlsOff: 'table {{table}} is in exposed schema {{schema}} but row level security is not enabled',
    },
    fixable: false,
  },
  check({ model, config }) {
    return model.tables
      .filter((t) => config.exposedSchemas.includes(t.schema) && !t.partitionOf && !t.rls.enabled)
      .map((t) => ({ ...atSource(t.source), messageId: 'rlsOff', data: { table: `${t.schema}.${t.name}`, schema: t.schema } }));
  },
};

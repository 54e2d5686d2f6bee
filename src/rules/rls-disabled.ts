/** rls-disabled: a table in an exposed schema without row level security (splinter 0013, statically). */

import { atSource, type ProjectRule } from '../lint/types.js';

export const rlsDisabled: ProjectRule = {
  id: 'rls-disabled',
  defaultSeverity: 'error',
  description: 'Tables in exposed schemas must have row level security enabled.',
  help: 'Add ALTER TABLE … ENABLE ROW LEVEL SECURITY and policies for the roles that may read or write it.',
  check({ model, config }) {
    return model.tables
      .filter((t) => config.exposedSchemas.includes(t.schema) && !t.partitionOf && !t.rls.enabled)
      .map((t) => atSource(t.source, `table ${t.schema}.${t.name} is in exposed schema ${t.schema} but row level security is not enabled`));
  },
};

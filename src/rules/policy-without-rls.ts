/** policy-without-rls: policies on a table whose row level security is off do nothing (splinter 0007). */

import { atSource, type ProjectRule } from '../lint/types.js';

export const policyWithoutRls: ProjectRule = {
  meta: {
    id: 'policy-without-rls',
    defaultSeverity: 'error',
    description: 'Policies only apply once row level security is enabled on their table.',
    help: 'Enable row level security on the table (ALTER TABLE … ENABLE ROW LEVEL SECURITY).',
    docs: 'docs/rules/policy-without-rls.md',
    messages: {
      noRls: 'policy {{policy}} on {{table}} has no effect: row level security is not enabled on the table',
    },
    fixable: false,
  },
  check({ model, catalog }) {
    return model.policies
      .filter((p) => {
        const table = catalog.table(p.table);
        return table !== undefined && !table.rls.enabled;
      })
      .map((p) => ({ ...atSource(p.source), messageId: 'noRls', data: { policy: p.name, table: `${p.table.schema}.${p.table.name}` } }));
  },
};

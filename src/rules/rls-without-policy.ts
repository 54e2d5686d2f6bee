/** rls-without-policy: row level security on, but no policy: every client is locked out (splinter 0008). */

import { atSource, type ProjectRule } from '../lint/types.js';

export const rlsWithoutPolicy: ProjectRule = {
  meta: {
    id: 'rls-without-policy',
    defaultSeverity: 'warn',
    description: 'A table with row level security and no policy is unreadable to every role but the owner.',
    help: 'Add policies for the roles that need access, or say why none does with a pgscribe-ignore comment.',
    docs: 'docs/rules/rls-without-policy.md',
    messages: {
      noPolicy: 'table {{table}} has row level security enabled but no policy',
    },
    fixable: false,
  },
  check({ model }) {
    const withPolicy = new Set(model.policies.map((p) => `${p.table.schema}.${p.table.name}`));
    return model.tables
      .filter((t) => t.rls.enabled && !withPolicy.has(`${t.schema}.${t.name}`))
      .map((t) => ({ ...atSource(t.source), messageId: 'noPolicy', data: { table: `${t.schema}.${t.name}` } }));
  },
};

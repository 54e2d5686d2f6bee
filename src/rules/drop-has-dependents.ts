/**
 * drop-has-dependents: a DROP (of a table, view, column, constraint,
 * function, type, sequence or schema) that other objects still depend on,
 * without CASCADE. Postgres refuses it ("cannot drop … because other objects
 * depend on it"), so the migration fails on every database; the model (see
 * model/dependents.ts) keeps what the statement meant to drop, as Postgres does.
 */

import type { ProjectRule } from '../lint/types.js';

/** At most this many dependents are named in a message; the rest are counted. */
const shownDependents = 3;

export const dropHasDependents: ProjectRule = {
  meta: {
    id: 'drop-has-dependents',
    defaultSeverity: 'error',
    description: 'A DROP without CASCADE of an object that other objects still depend on fails.',
    help: 'Drop or change the dependents first (in this migration, before the DROP), or add CASCADE if they are meant to go with it.',
    docs: 'docs/rules/drop-has-dependents.md',
    messages: {
      blocked: 'cannot drop {{target}} because other objects depend on it: {{dependents}}',
    },
    fixable: false,
  },
  check({ catalog }) {
    return catalog.blockedDrops.map((blocked) => {
      const named = blocked.dependents.slice(0, shownDependents).map((d) => `${d.object} (${d.source.file}:${d.source.line}) depends on ${d.on}`);
      const more = blocked.dependents.length - named.length;
      if (more > 0) named.push(`and ${more} more`);
      return {
        file: blocked.file,
        line: blocked.line,
        column: blocked.column,
        endLine: blocked.endLine,
        endColumn: blocked.endColumn,
        messageId: 'blocked',
        data: { target: blocked.target, dependents: named.join('; ') },
      };
    });
  },
};

/** seed-ddl: schema changes in a seed file. Seeds write data; DDL belongs in migrations. */

import { atSource, type ProjectRule } from '../lint/types.js';

export const seedDdl: ProjectRule = {
  meta: {
    id: 'seed-ddl',
    defaultSeverity: 'error',
    description: 'Seeds write data only; schema changes belong in migrations.',
    help: 'Move the statement into a new migration.',
    docs: 'docs/rules/seed-ddl.md',
    messages: {
      ddlInSeed: '{{statement}} statement in a seed: seeds must not change the schema',
    },
    fixable: false,
  },
  check({ model }) {
    return model.seeds.flatMap((seed) => seed.ddl.map((d) => ({ ...atSource(d.source), messageId: 'ddlInSeed', data: { statement: d.statement } })));
  },
};

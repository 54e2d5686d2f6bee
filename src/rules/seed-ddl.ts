/** seed-ddl: schema changes in a seed file. Seeds write data; DDL belongs in migrations. */

import { atSource, type ProjectRule } from '../lint/types.js';

export const seedDdl: ProjectRule = {
  id: 'seed-ddl',
  defaultSeverity: 'error',
  description: 'Seeds write data only; schema changes belong in migrations.',
  help: 'Move the statement into a new migration.',
  check({ model }) {
    return model.seeds.flatMap((seed) => seed.ddl.map((d) => atSource(d.source, `${d.statement} statement in a seed: seeds must not change the schema`)));
  },
};

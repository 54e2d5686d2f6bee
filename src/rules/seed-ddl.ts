/** seed-ddl: schema changes in a seed file. Seeds write data; DDL belongs in migrations. */

import type { Rule } from './types.js';

export const seedDdl: Rule = {
  id: 'seed-ddl',
  defaultSeverity: 'error',
  description: 'Seeds write data only; schema changes belong in migrations.',
  help: 'Move the statement into a new migration.',
  check({ model }) {
    return model.seeds.flatMap((seed) =>
      seed.ddl.map((d) => ({
        file: seed.file,
        line: d.source.line,
        column: 1,
        endLine: d.source.line,
        endColumn: 1,
        message: `${d.statement} statement in a seed: seeds must not change the schema`,
      })),
    );
  },
};

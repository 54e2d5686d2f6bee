import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY);';

ruleTester.run('seed-ddl', {
  valid: [{ sql: schema, seeds: { '001_s.sql': 'INSERT INTO app.t (id) VALUES (1) ON CONFLICT DO NOTHING;' } }],
  invalid: [
    { sql: schema, seeds: { '001_s.sql': 'INSERT INTO app.t (id) VALUES (1) ON CONFLICT DO NOTHING;\nCREATE TABLE app.extra (id int);' }, errors: [{ messageId: 'ddlInSeed', file: 'database/seeds/001_s.sql', line: 2, message: /statement in a seed: seeds must not change the schema/ }] },
    { name: 'DDL inside a DO block of a seed', sql: schema, seeds: { '001_s.sql': 'DO $$ BEGIN\n  ALTER TABLE app.t ADD COLUMN note text;\nEND $$;' }, errors: [{ messageId: 'ddlInSeed', file: 'database/seeds/001_s.sql', line: 2 }] },
  ],
});

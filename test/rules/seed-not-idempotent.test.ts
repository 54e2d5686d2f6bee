import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY, name text);';

ruleTester.run('seed-not-idempotent', {
  valid: [
    { sql: schema, seeds: { '001_s.sql': "INSERT INTO app.t (id, name) VALUES (1, 'a') ON CONFLICT DO NOTHING;" } },
    { sql: schema, seeds: { '001_s.sql': "INSERT INTO app.t (id, name) SELECT 1, 'a' WHERE NOT EXISTS (SELECT 1 FROM app.t WHERE id = 1);" } },
  ],
  invalid: [
    { sql: schema, seeds: { '001_s.sql': "INSERT INTO app.t (id, name) VALUES (1, 'a');" }, errors: [{ messageId: 'insertTwice', file: 'database/seeds/001_s.sql', line: 1, column: 1, message: 'INSERT without ON CONFLICT or NOT EXISTS: the seed fails or duplicates rows when it runs again' }] },
    { name: 'after a non-ASCII line', sql: schema, seeds: { '001_s.sql': "-- données de référence ✓\nINSERT INTO app.t (id, name) VALUES (2, 'é');" }, errors: [{ messageId: 'insertTwice', file: 'database/seeds/001_s.sql', line: 2, column: 1 }] },
    { name: 'inside a DO block', sql: schema, seeds: { '001_s.sql': "DO $$ BEGIN\n  INSERT INTO app.t (id, name) VALUES (3, 'c');\nEND $$;" }, errors: [{ messageId: 'insertTwice', file: 'database/seeds/001_s.sql', line: 2 }] },
  ],
});

import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.users (id int PRIMARY KEY, email text);';

ruleTester.run('seed-sensitive-data', {
  valid: [
    { sql: schema, seeds: { '001_system.sql': "INSERT INTO app.users (id, email) VALUES (1, 'admin@example.com') ON CONFLICT DO NOTHING;" } },
    { name: 'real-looking data in a dev seed', sql: schema, seeds: { '002_dev_seed.sql': "DO $$ BEGIN IF current_setting('app.environment', true) IS DISTINCT FROM 'development' THEN RAISE EXCEPTION 'no'; END IF; END $$;\nINSERT INTO app.users (id, email) VALUES (1, 'jane.doe@gmail.com') ON CONFLICT DO NOTHING;" } },
  ],
  invalid: [
    { sql: schema, seeds: { '001_system.sql': "INSERT INTO app.users (id, email) VALUES (1, 'jane.doe@gmail.com') ON CONFLICT DO NOTHING;" }, errors: [{ messageId: 'email', file: 'database/seeds/001_system.sql', line: 1, column: 1, message: /in a seed that is not dev-only$/ }] },
    { name: 'after a non-ASCII line', sql: schema, seeds: { '001_system.sql': "-- utilisateurs réels ✗\nINSERT INTO app.users (id, email) VALUES (2, 'jean.dupont@gmail.com') ON CONFLICT DO NOTHING;" }, errors: [{ messageId: 'email', file: 'database/seeds/001_system.sql', line: 2, column: 1 }] },
    { name: 'inside a DO block', sql: schema, seeds: { '001_system.sql': "DO $$ BEGIN\n  INSERT INTO app.users (id, email) VALUES (3, 'ana.silva@gmail.com') ON CONFLICT DO NOTHING;\nEND $$;" }, errors: [{ messageId: 'email', file: 'database/seeds/001_system.sql', line: 2, column: 3 }] },
  ],
});

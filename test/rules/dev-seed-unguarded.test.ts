import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY);';
const insert = 'INSERT INTO app.t (id) VALUES (1) ON CONFLICT DO NOTHING;';

ruleTester.run('dev-seed-unguarded', {
  valid: [
    { sql: schema, seeds: { '002_dev_seed.sql': `DO $$ BEGIN\n  IF current_setting('app.environment', true) IS DISTINCT FROM 'development' THEN RAISE EXCEPTION 'dev only'; END IF;\nEND $$;\n${insert}` } },
    { name: 'a system seed needs no guard', sql: schema, seeds: { '001_system.sql': insert } },
  ],
  invalid: [
    { sql: schema, seeds: { '002_dev_seed.sql': insert }, errors: [{ messageId: 'noGuard', file: 'database/seeds/002_dev_seed.sql', line: 1, message: 'dev seed has no guard on app.environment: it would run in production' }] },
    { name: 'a guard on another setting is no guard', sql: schema, seeds: { '002_dev_seed.sql': `DO $$ BEGIN IF current_setting('app.env', true) <> 'development' THEN RAISE EXCEPTION 'dev only'; END IF; END $$;\n${insert}` }, errors: [{ messageId: 'noGuard', file: 'database/seeds/002_dev_seed.sql', line: 1, message: 'dev seed has no guard on app.environment: it would run in production' }] },
  ],
});

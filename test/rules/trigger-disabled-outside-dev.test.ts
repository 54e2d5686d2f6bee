import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY);';
const devGuard = "DO $$ BEGIN IF current_setting('app.environment', true) IS DISTINCT FROM 'development' THEN RAISE EXCEPTION 'dev only'; END IF; END $$;\n";

ruleTester.run('trigger-disabled-outside-dev', {
  valid: [
    schema,
    { name: 'in a dev seed', sql: schema, seeds: { '002_dev_seed.sql': `${devGuard}ALTER TABLE app.t DISABLE TRIGGER USER;\nINSERT INTO app.t (id) VALUES (1) ON CONFLICT DO NOTHING;\nALTER TABLE app.t ENABLE TRIGGER USER;` } },
  ],
  invalid: [
    { name: 'in a migration', sql: `${schema}\nALTER TABLE app.t DISABLE TRIGGER ALL;`, errors: [{ messageId: 'disabledInMigration', line: 3, message: /^DISABLE TRIGGER ALL on app\.t in / }] },
    { name: 'in a system seed', sql: schema, seeds: { '001_system.sql': 'ALTER TABLE app.t DISABLE TRIGGER USER;' }, errors: [{ messageId: 'disabledInSystemSeed', file: 'database/seeds/001_system.sql', line: 1 }] },
    { name: 'inside a DO block of a migration', sql: `${schema}\nDO $$ BEGIN\n  ALTER TABLE app.t DISABLE TRIGGER USER;\nEND $$;`, errors: [{ messageId: 'disabledInMigration', line: 4 }] },
  ],
});

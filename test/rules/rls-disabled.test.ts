import { ruleTester } from '../rule-tester.js';

ruleTester.run('rls-disabled', {
  valid: [
    'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;',
    'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE app.t (id int);',
    { name: 'an exposed schema from the config', sql: 'CREATE TABLE t (id int);', config: { exposedSchemas: ['api'] } },
    { name: 'RLS enabled inside a DO block', sql: 'CREATE TABLE t (id int);\nDO $$ BEGIN ALTER TABLE t ENABLE ROW LEVEL SECURITY; END $$;' },
  ],
  invalid: [
    { sql: 'CREATE TABLE t (id int);', errors: [{ messageId: 'rlsOff', line: 1, column: 1, severity: 'error', message: 'table public.t is in exposed schema public but row level security is not enabled' }] },
    { name: 'a non-ASCII comment before the table', sql: '-- Tabelle für Ärzte ✓\nCREATE TABLE ärzte (id int);', errors: [{ messageId: 'rlsOff', line: 2, message: /public\.ärzte/ }] },
    { name: 'a table created in a DO block', sql: 'DO $$ BEGIN CREATE TABLE IF NOT EXISTS t (id int); END $$;', errors: [{ messageId: 'rlsOff', line: 1 }] },
    { name: 'RLS disabled again later', sql: ['CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;', 'ALTER TABLE t DISABLE ROW LEVEL SECURITY;'], errors: [{ messageId: 'rlsOff', line: 1 }] },
  ],
});

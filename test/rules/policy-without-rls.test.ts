import { ruleTester } from '../rule-tester.js';

const table = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE app.t (id int);\n';

ruleTester.run('policy-without-rls', {
  valid: [
    `${table}ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON app.t USING (true);`,
    { name: 'RLS enabled in a later migration', sql: [`${table}CREATE POLICY p ON app.t USING (true);`, 'ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;'] },
  ],
  invalid: [
    { sql: `${table}CREATE POLICY p ON app.t USING (true);`, errors: [{ messageId: 'noRls', line: 3, message: 'policy p on app.t has no effect: row level security is not enabled on the table' }] },
    { name: 'a policy made in a DO block', sql: `${table}DO $$ BEGIN\n  CREATE POLICY p ON app.t USING (true);\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $$;`, errors: [{ messageId: 'noRls', line: 4 }] },
    { name: 'after a non-ASCII comment', sql: `${table}-- règle « lecture » ✓\nCREATE POLICY lecture ON app.t FOR SELECT USING (true);`, errors: [{ messageId: 'noRls', line: 4, message: /policy lecture on app\.t/ }] },
  ],
});

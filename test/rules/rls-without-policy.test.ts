import { ruleTester } from '../rule-tester.js';

ruleTester.run('rls-without-policy', {
  valid: [
    'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON t USING (true);',
    { name: 'a policy made in a DO block', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nDO $$ BEGIN CREATE POLICY p ON t USING (true); EXCEPTION WHEN duplicate_object THEN NULL; END $$;' },
  ],
  invalid: [
    { sql: 'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;', errors: [{ messageId: 'noPolicy', line: 1, severity: 'warning', message: 'table public.t has row level security enabled but no policy' }] },
    { name: 'the only policy dropped later', sql: ['CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON t USING (true);', 'DROP POLICY p ON t;'], errors: [{ messageId: 'noPolicy', line: 1 }] },
  ],
});

import { ruleTester } from '../rule-tester.js';

ruleTester.run('volatile-generated-column', {
  valid: [
    'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);',
    "CREATE TABLE t (first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);",
  ],
  invalid: [
    { sql: 'CREATE TABLE t (a int, at timestamptz GENERATED ALWAYS AS (now()) STORED);', errors: [{ messageId: 'callsVolatile', line: 1, message: 'generated column public.t.at calls now(), which is not immutable' }] },
    { name: 'a column added later, after a non-ASCII comment', sql: ['CREATE TABLE t (a int);', '-- colonne générée ✓\nALTER TABLE t ADD COLUMN r float8 GENERATED ALWAYS AS (random()) STORED;'], errors: [{ messageId: 'callsVolatile', file: 'database/migrations/002_m.sql', line: 2, message: /public\.t\.r calls random\(\)/ }] },
    { name: 'a column added in a DO block', sql: ['CREATE TABLE t (a int);', 'DO $$ BEGIN\n  ALTER TABLE t ADD COLUMN r float8 GENERATED ALWAYS AS (random()) STORED;\nEND $$;'], errors: [{ messageId: 'callsVolatile', file: 'database/migrations/002_m.sql', line: 2 }] },
  ],
});

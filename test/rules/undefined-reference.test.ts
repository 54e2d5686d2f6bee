import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';
import { ruleTester } from '../rule-tester.js';

describe('undefined-reference', () => {
  it('flags FKs, triggers and policies naming unknown or later objects; external schemas are fine', async () => {
    const findings = await findingsOf(
      'undefined-reference',
      [
        `CREATE TABLE IF NOT EXISTS rooms (id int PRIMARY KEY, clinic_id int REFERENCES clinics (id), owner uuid REFERENCES auth.users (id));
CREATE OR REPLACE TRIGGER t BEFORE UPDATE ON rooms FOR EACH ROW EXECUTE FUNCTION touch();
DROP POLICY IF EXISTS p ON ghosts;
CREATE POLICY p ON ghosts USING (true);`,
        'CREATE TABLE IF NOT EXISTS clinics (id int PRIMARY KEY);',
      ],
      {},
      { externalSchemas: ['auth'] },
    );
    expect(places(findings)).toEqual([['001_m.sql', 1], ['001_m.sql', 2], ['001_m.sql', 4]]);
    expect(findings.map((f) => f.message)).toEqual([
      'foreign key rooms_clinic_id_fkey refers to public.clinics, which is only defined later (database/migrations/002_m.sql:1)',
      'trigger t executes public.touch(), which no migration defines',
      'policy p refers to public.ghosts, which no migration defines',
    ]);
  });
});

ruleTester.run('undefined-reference', {
  valid: [
    'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a (id));',
    { sql: 'CREATE TABLE b (owner uuid REFERENCES auth.users (id));', config: { externalSchemas: ['auth'] } },
    'CREATE TABLE t (id int);\nCREATE TRIGGER tidy BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();',
  ],
  invalid: [
    { sql: 'CREATE TABLE b (a_id int REFERENCES a (id));', errors: [{ messageId: 'undefinedTable', line: 1, message: 'foreign key b_a_id_fkey refers to public.a, which no migration defines' }] },
    { name: 'a table defined in a later migration', sql: ['CREATE TABLE b (a_id int REFERENCES a (id));', 'CREATE TABLE a (id int PRIMARY KEY);'], errors: [{ messageId: 'tableDefinedLater', line: 1 }] },
    {
      name: 'a trigger made in a DO block, after a non-ASCII comment',
      sql: '-- Déclencheur ✓\nCREATE TABLE t (id int);\nDO $$ BEGIN\n  CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\nEND $$;',
      errors: [{ messageId: 'undefinedFunction', line: 4, message: 'trigger touch executes public.touch(), which no migration defines' }],
    },
    { name: 'a function defined later', sql: ['CREATE TABLE t (id int);\nCREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();', 'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;'], errors: [{ messageId: 'functionDefinedLater', line: 2 }] },
  ],
});

ruleTester.run('undefined-reference', {
  valid: [
    {
      name: 'a table and function that replay.setup makes',
      config: { replay: { setup: 'CREATE TABLE IF NOT EXISTS migrations (version text PRIMARY KEY);\nCREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;' } },
      sql: 'CREATE TABLE applied (version text REFERENCES migrations);\nCREATE TRIGGER a BEFORE INSERT ON applied FOR EACH ROW EXECUTE FUNCTION audit();',
    },
    { name: 'auth.users of the Supabase shim, without externalSchemas', config: { externalSchemas: [], replay: { shim: 'supabase' } }, sql: 'CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users);' },
  ],
  invalid: [],
});

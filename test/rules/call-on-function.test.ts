import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';
import { ruleTester } from '../rule-tester.js';

describe('call-on-function', () => {
  it('fires on CALL of a FUNCTION, in migrations and inside DO blocks', async () => {
    const findings = await findingsOf('call-on-function', [
      `CREATE OR REPLACE FUNCTION public.create_policy_if_not_exists(name text) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
CALL public.create_policy_if_not_exists('a');
DO $$ BEGIN
  CALL create_policy_if_not_exists('b');
END $$;`,
    ]);
    expect(places(findings)).toEqual([['001_m.sql', 2], ['001_m.sql', 4]]);
    expect(findings[0].message).toBe('CALL on public.create_policy_if_not_exists, which is a FUNCTION (defined at database/migrations/001_m.sql:1); Postgres rejects it');
  });

  it('stays silent on procedures and unknown routines', async () => {
    const findings = await findingsOf('call-on-function', [
      `CREATE OR REPLACE PROCEDURE public.tidy() LANGUAGE sql AS $$ SELECT 1 $$;
CALL public.tidy();
CALL somewhere_else.unknown();`,
    ]);
    expect(findings).toEqual([]);
  });
});

ruleTester.run('call-on-function', {
  valid: ['CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;\nCALL p();', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT f();'],
  invalid: [
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nCALL f();', errors: [{ messageId: 'callOnFunction', line: 2, column: 1, endLine: 2, endColumn: 9 }] },
    { name: 'inside a DO block', sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nDO $$ BEGIN\n  CALL f();\nEND $$;', errors: [{ messageId: 'callOnFunction', line: 3, column: 3 }] },
    { name: 'after a non-ASCII line', sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n-- Aufruf der Funktion « f » ✓\nCALL f();', errors: [{ messageId: 'callOnFunction', line: 3, column: 1, endColumn: 9 }] },
  ],
});

import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';

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

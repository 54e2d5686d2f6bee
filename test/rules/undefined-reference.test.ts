import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';

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

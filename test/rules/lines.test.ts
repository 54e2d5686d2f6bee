/**
 * Each rule fires at the exact line, with non-ASCII text before the statement
 * and (where statements can be nested) inside DO blocks; and stays silent on
 * the corrected SQL.
 */
import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';

const preamble = '-- Ünïcödé préambule: 診療所 😀 €\n';
const guard = "DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;\n";
const people = 'CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY, email text, phone text, seen_at timestamptz);\nALTER TABLE people ENABLE ROW LEVEL SECURITY;\nDROP POLICY IF EXISTS r ON people;\nCREATE POLICY r ON people USING (true);\n';

describe('exact lines per rule', () => {
  it('seed-ddl, seed-not-idempotent (also inside DO), seed-volatile-timestamp', async () => {
    const seed = `${preamble}${guard}CREATE TABLE scratch (id int);
INSERT INTO people (id) VALUES (1);
DO $$ BEGIN
  INSERT INTO people (id, seen_at) VALUES (2, now());
END $$;
INSERT INTO people (id) VALUES (3) ON CONFLICT DO NOTHING;`;
    expect(places(await findingsOf('seed-ddl', [people], { '002_dev_seed.sql': seed }))).toEqual([['002_dev_seed.sql', 3]]);
    expect(places(await findingsOf('seed-not-idempotent', [people], { '002_dev_seed.sql': seed }))).toEqual([['002_dev_seed.sql', 4], ['002_dev_seed.sql', 6]]);
    const nested = (await findingsOf('seed-not-idempotent', [people], { '002_dev_seed.sql': seed }))[1];
    expect(nested.column).toBe(3);
    expect(places(await findingsOf('seed-volatile-timestamp', [people], { '002_dev_seed.sql': seed }))).toEqual([['002_dev_seed.sql', 6]]);
  });

  it('dev-seed-unguarded: missing, warning-only, late and deny-list guards', async () => {
    const lines = async (seed: string) => (await findingsOf('dev-seed-unguarded', [people], { '002_dev_seed.sql': seed })).map((f) => [f.line, f.message]);
    expect(await lines(`${preamble}INSERT INTO people (id) VALUES (1) ON CONFLICT DO NOTHING;`)).toEqual([[1, 'dev seed has no guard on app.environment: it would run in production']]);
    expect(await lines(`${preamble}DO $$ BEGIN IF current_setting('app.environment', true) NOT IN ('development') THEN RAISE NOTICE 'careful'; END IF; END $$;`)).toEqual([
      [2, 'the guard only warns: it must RAISE EXCEPTION to stop the seed'],
    ]);
    expect(await lines(`${preamble}INSERT INTO people (id) VALUES (1) ON CONFLICT DO NOTHING;\n${guard}`)).toEqual([[3, 'the guard comes after data is written: move it to the top of the file']]);
    expect(await lines(`${preamble}DO $$ BEGIN IF current_setting('app.environment', true) = 'production' THEN RAISE EXCEPTION 'no'; END IF; END $$;`)).toEqual([
      [2, 'the guard only refuses production: allow-list development, test instead'],
    ]);
    expect(await lines(`${preamble}DO $$ BEGIN IF current_setting('app.environment', true) NOT IN ('development', 'staging') THEN RAISE EXCEPTION 'no'; END IF; END $$;`)).toEqual([
      [2, 'the guard also allows staging; allowed environments are development, test'],
    ]);
    expect(await lines(`${preamble}${guard}INSERT INTO people (id) VALUES (1) ON CONFLICT DO NOTHING;`)).toEqual([]);
  });

  it('seed-sensitive-data in a system seed (and not in a dev seed)', async () => {
    const seed = `${preamble}INSERT INTO people (id, email, phone) VALUES (1, 'admin@example.com', '+1-555-0100') ON CONFLICT DO NOTHING;
INSERT INTO people (id, email) VALUES (2, 'jane.doe@gmail.com') ON CONFLICT DO NOTHING;
INSERT INTO people (id, phone) VALUES (3, '+44 20 7946 1234') ON CONFLICT DO NOTHING;
INSERT INTO people (id, email) VALUES (4, '123-45-6789') ON CONFLICT DO NOTHING;
INSERT INTO people (id, email) VALUES (5, 'sk_live_abcdefghijklmnop1234') ON CONFLICT DO NOTHING;
INSERT INTO people (id, email) VALUES (6, '$2b$12$abcdefghijklmnopqrstuv') ON CONFLICT DO NOTHING;`;
    const findings = await findingsOf('seed-sensitive-data', [people], { '001_system.sql': seed });
    expect(findings.map((f) => [f.line, f.message.split(' in a seed')[0]])).toEqual([
      [3, 'an e-mail address outside the reserved example domains'],
      [4, 'a phone number'],
      [5, 'a national id number'],
      [6, 'an API key'],
      [7, 'a password hash'],
    ]);
    expect(await findingsOf('seed-sensitive-data', [people], { '002_dev_seed.sql': `${guard}${seed}` })).toEqual([]);
  });

  it('trigger-disabled-outside-dev in a migration (inside DO too) and a system seed', async () => {
    const migration = `${people}${preamble}ALTER TABLE people DISABLE TRIGGER ALL;
DO $$ BEGIN ALTER TABLE people DISABLE TRIGGER USER; END $$;
ALTER TABLE people ENABLE TRIGGER ALL;`;
    const findings = await findingsOf('trigger-disabled-outside-dev', [migration], { '001_system.sql': 'SET session_replication_role = replica;' });
    expect(places(findings)).toEqual([['001_m.sql', 6], ['001_m.sql', 7], ['001_system.sql', 1]]);
  });

  it('rls-disabled, policy-without-rls, rls-without-policy at the table or policy line', async () => {
    const sql = `${preamble}CREATE TABLE IF NOT EXISTS open_t (id int);
CREATE TABLE IF NOT EXISTS locked (id int);
ALTER TABLE locked ENABLE ROW LEVEL SECURITY;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'p') THEN
    CREATE POLICY p ON open_t USING (true);
  END IF;
END $$;`;
    expect(places(await findingsOf('rls-disabled', [sql]))).toEqual([['001_m.sql', 2]]);
    expect(places(await findingsOf('policy-without-rls', [sql]))).toEqual([['001_m.sql', 7]]);
    expect(places(await findingsOf('rls-without-policy', [sql]))).toEqual([['001_m.sql', 3]]);
  });

  it('security-definer-search-path, unindexed-foreign-key, volatile-generated-column', async () => {
    const sql = `${preamble}CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;
CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;
CREATE TABLE IF NOT EXISTS parent (id int PRIMARY KEY);
CREATE TABLE IF NOT EXISTS child (
  id int PRIMARY KEY,
  parent_id int REFERENCES parent (id),
  other_id int REFERENCES parent (id),
  at timestamptz,
  day date GENERATED ALWAYS AS (at::date) STORED,
  stamp timestamptz GENERATED ALWAYS AS (now()) STORED,
  fine int GENERATED ALWAYS AS (id * 2) STORED
);
CREATE INDEX IF NOT EXISTS child_other ON child (other_id, id);`;
    expect(places(await findingsOf('security-definer-search-path', [sql]))).toEqual([['001_m.sql', 2]]);
    const fk = await findingsOf('unindexed-foreign-key', [sql]);
    expect(fk.map((f) => [f.line, f.message])).toEqual([[5, 'foreign key child_parent_id_fkey on public.child (parent_id) has no index']]);
    const generated = await findingsOf('volatile-generated-column', [sql]);
    expect(generated.map((f) => f.message)).toEqual([
      'generated column public.child.day casts timestamptz at to date, which depends on the session time zone',
      'generated column public.child.stamp calls now(), which is not immutable',
    ]);
  });
});

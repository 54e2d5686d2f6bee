import { describe, expect, it } from 'vitest';
import { findingsOf, places } from './helpers.js';
import { ruleTester } from '../rule-tester.js';
import { projectOf, tempProject } from '../helpers.js';
import { run } from '../day-one/helpers.js';
import { lint, undecided } from '../../src/index.js';

describe('rerunnable-ddl', () => {
  it('fires on each unguarded CREATE at its exact line, after non-ASCII text', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      `-- Ünïcödé comment: 患者 😀
CREATE SCHEMA app;
CREATE TABLE app.t (id int);
CREATE INDEX t_id ON app.t (id);
CREATE TYPE app.mood AS ENUM ('ok');
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE VIEW app.v AS SELECT 1;
CREATE SEQUENCE app.s;
ALTER TABLE app.t ADD COLUMN name text;
ALTER TABLE app.t ADD CONSTRAINT t_pk PRIMARY KEY (id);
ALTER TYPE app.mood ADD VALUE 'sad';
CREATE TRIGGER trg BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
CREATE POLICY pol ON app.t USING (true);`,
    ]);
    expect(places(findings)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((line) => ['001_m.sql', line]));
    expect(findings[0]).toMatchObject({ column: 1, severity: 'error', message: 'CREATE SCHEMA app fails when the migrations run again: schema app exists (created here on the first run)' });
    expect(findings[11].message).toBe('CREATE POLICY pol ON app.t USING (true) fails when the migrations run again: policy pol on app.t exists (created here on the first run)');
    expect(findings[11].help).toContain('Postgres has no CREATE POLICY IF NOT EXISTS');
  });

  it('stays silent on every kind of guard', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      `CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE IF NOT EXISTS app.t (id int);
CREATE INDEX IF NOT EXISTS t_id ON app.t (id);
CREATE OR REPLACE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE OR REPLACE VIEW app.v AS SELECT 1;
ALTER TABLE app.t ADD COLUMN IF NOT EXISTS name text;
CREATE OR REPLACE TRIGGER a BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
DROP TRIGGER IF EXISTS b ON app.t;
CREATE TRIGGER b BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
DROP POLICY IF EXISTS p ON app.t;
CREATE POLICY p ON app.t USING (true);
ALTER TABLE app.t DROP CONSTRAINT IF EXISTS t_pk;
ALTER TABLE app.t ADD CONSTRAINT t_pk PRIMARY KEY (id);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE app.mood AS ENUM ('ok');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'q') THEN
    CREATE POLICY q ON app.t USING (true);
  END IF;
END $$;
DO $$ BEGIN
  CREATE TRIGGER c BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'sad';
INSERT INTO app.t (id) VALUES (1) ON CONFLICT DO NOTHING;`,
      `DROP SCHEMA IF EXISTS app2 CASCADE;
CREATE SCHEMA app2;
CREATE TABLE app2.x (id int);
CREATE POLICY p2 ON app2.x USING (true);`,
    ]);
    expect(findings).toEqual([]);
  });

  it('judges statements inside DO blocks, and a guard that checks another name does not count', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      `CREATE TABLE IF NOT EXISTS t (id int);
CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'other') THEN
    CREATE TRIGGER mine BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
  END IF;
  CREATE POLICY bare ON t USING (true);
END
$$;`,
    ]);
    // The DO block stops at its first failure: the trigger.
    expect(places(findings)).toEqual([['001_m.sql', 6]]);
    expect(findings[0]).toMatchObject({ messageId: 'guardChecksOther', help: expect.stringContaining('Make the IF check the catalog for the object this statement creates') });
    expect(findings[0].message).toBe('CREATE TRIGGER mine BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f() fails when the migrations run again: trigger mine on public.t exists (created here on the first run); the IF around it checks the catalog for other, not for it (inside a DO block)');
    expect(findings[0].column).toBe(5);
  });

  it('asks the chain: a DROP then CREATE re-runs cleanly; a rename the second run cannot repeat fails', async () => {
    const clean = await findingsOf('rerunnable-ddl', ['CREATE TABLE IF NOT EXISTS t (id int);\nDROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id FROM t;']);
    expect(clean).toEqual([]);
    const renamed = await findingsOf('rerunnable-ddl', [
      'CREATE TABLE IF NOT EXISTS t (id int);\nCREATE OR REPLACE VIEW v AS SELECT id FROM t;',
      'DROP VIEW v;\nCREATE VIEW v AS SELECT id FROM t;',
      'ALTER VIEW v RENAME TO w;',
    ]);
    // On the second run 001's CREATE OR REPLACE makes a new v (the first run renamed it), 002's DROP and CREATE succeed, and 003 finds w there.
    expect(renamed.map((f) => `${f.file.split('/').pop()}:${f.line} ${f.message}`)).toEqual([
      '003_m.sql:1 ALTER VIEW v RENAME TO w fails when the migrations run again: relation public.w exists (created here on the first run)',
    ]);
    // A table the chain makes, renames and drops is made, renamed and dropped again: all of it re-runs.
    expect(await findingsOf('rerunnable-ddl', ['CREATE TABLE t (id int);\nALTER TABLE t RENAME TO t_old;', 'DROP TABLE t_old;'])).toEqual([]);
  });

  it('flags drops, column drops and renames without IF EXISTS, and inserts of keyed rows', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      `CREATE TABLE IF NOT EXISTS user_ (id int PRIMARY KEY, name text, old text);
ALTER TABLE user_ DROP COLUMN old;
ALTER TABLE user_ RENAME COLUMN name TO full_name;
INSERT INTO user_ (id, full_name) VALUES (1, 'a');
INSERT INTO user_ (id, full_name) VALUES (2, 'b') ON CONFLICT (id) DO NOTHING;
ALTER TABLE IF EXISTS user_ DROP COLUMN IF EXISTS gone;`,
    ]);
    expect(findings.map((f) => [f.line, f.messageId])).toEqual([[2, 'missing'], [3, 'missing'], [4, 'duplicateRow']]);
    expect(findings[0].message).toContain('column old on public.user_ does not exist (dropped here on the first run)');
    expect(findings[1].message).toContain('column name on public.user_ does not exist (renamed to full_name by this statement on the first run)');
    expect(findings[2].help).toContain('ON CONFLICT DO NOTHING');
  });

  it('a DROP without CASCADE fails once a later migration made something that depends on it', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      'CREATE TABLE IF NOT EXISTS t (id int);\nDROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id FROM t;',
      'CREATE OR REPLACE VIEW w AS SELECT id FROM v;',
    ]);
    expect(findings.map((f) => [f.line, f.messageId])).toEqual([[2, 'dependents'], [3, 'exists']]);
    expect(findings[0].message).toContain('other objects depend on view public.v (view public.w)');
  });

  it('a literal meets the enum a column has on the second run: a value it lacks fails (rows or none), a cast to another enum type does not compare', async () => {
    const createKind = (values: string) => `DO $$ BEGIN CREATE TYPE kind AS ENUM (${values}); EXCEPTION WHEN duplicate_object THEN NULL; END $$;`;
    const findings = await findingsOf('rerunnable-ddl', [
      `${createKind("'a', 'b'")}\nCREATE TABLE IF NOT EXISTS item (id int, kind kind);\nUPDATE item SET kind = 'b' WHERE kind = 'a';\nUPDATE item SET id = 1 WHERE kind::text = 'z';`,
      "CREATE TYPE kind_new AS ENUM ('a', 'c');\nALTER TABLE item ALTER COLUMN kind TYPE kind_new USING kind::text::kind_new;\nDROP TYPE kind;\nALTER TYPE kind_new RENAME TO kind;",
      `CREATE TABLE IF NOT EXISTS other (id int, k kind);\nCREATE OR REPLACE VIEW v AS SELECT o.id FROM other o WHERE o.k = 'a'::kind;\nALTER TYPE kind RENAME TO kind_old;\n${createKind("'a'")}`,
    ]);
    expect(findings.map((f) => [f.file.slice(-9), f.line, f.messageId])).toEqual([
      ['001_m.sql', 3, 'enumValue'],
      ['003_m.sql', 2, 'valueType'],
      ['003_m.sql', 3, 'exists'],
    ]);
    expect(findings[0].message).toContain("the enum has no value 'b' for column kind on public.item (type public.kind_old)");
    expect(findings[1].message).toContain('column k on public.other (public.kind_old) and a value of type public.kind do not compare');
    expect(findings[1].help).toContain('compare as text');
  });

  it('leaves a DO block that runs SQL built at run time undecided: no finding, counted in the JSON summary, listed with --verbose', async () => {
    const sql = "CREATE TABLE IF NOT EXISTS t (id int);\nDO $$ BEGIN\n  EXECUTE format('CREATE TABLE %I (id int)', 't_' || 1);\nEND $$;\nCREATE TABLE u (id int);";
    expect((await findingsOf('rerunnable-ddl', [sql])).map((f) => f.line)).toEqual([5]);
    expect(undecided(await projectOf([sql]))).toEqual([{ file: 'database/migrations/001_m.sql', line: 2, why: 'SQL built at run time (EXECUTE of a string that is not a constant)' }]);
    const root = tempProject({ 'database/migrations/001_m.sql': sql });
    const json = JSON.parse(run(['--root', root, 'lint', '--format', 'json']).stdout);
    expect(json.summary.undecided).toBe(1);
    expect(json.undecided).toBeUndefined();
    expect(JSON.parse(run(['--root', root, 'lint', '--format', 'json', '--verbose']).stdout).undecided).toHaveLength(1);
    expect(run(['--root', root, 'lint', '--verbose']).stdout).toContain('1 statement whose second run rerunnable-ddl cannot decide:\n  database/migrations/001_m.sql:2 SQL built at run time');
  });

  it("the model's trigger.guarded is the same answer: unguarded exactly when its CREATE TRIGGER fails on the second run", async () => {
    const project = await projectOf([
      `CREATE TABLE IF NOT EXISTS t (id int);
CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER bare BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
DROP TRIGGER IF EXISTS dropped_first ON t;
CREATE TRIGGER dropped_first BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE OR REPLACE TRIGGER replaced BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();`,
    ]);
    expect(project.model.triggers.map((t) => [t.name, t.guarded])).toEqual([['bare', false], ['dropped_first', true], ['replaced', true]]);
    expect(lint(project).filter((f) => f.rule === 'rerunnable-ddl').map((f) => f.line)).toEqual([3]);
  });

  it('ignores statements inside function bodies (they do not run at migration time)', async () => {
    const findings = await findingsOf('rerunnable-ddl', [
      "CREATE OR REPLACE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE x (id int); END $$;",
    ]);
    expect(findings).toEqual([]);
  });
});

ruleTester.run('rerunnable-ddl', {
  valid: [
    'CREATE TABLE IF NOT EXISTS t (id int);',
    'DROP POLICY IF EXISTS p ON t;\nCREATE POLICY p ON t USING (true);',
    "DO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n    CREATE TYPE mood AS ENUM ('ok');\n  END IF;\nEND $$;",
    { name: 'a seed is not a migration', sql: 'SELECT 1;', seeds: { '001_s.sql': 'CREATE TABLE t (id int);' } },
  ],
  invalid: [
    { sql: 'CREATE TABLE t (id int);', errors: [{ messageId: 'exists', line: 1, column: 1, endLine: 1, endColumn: 24, message: 'CREATE TABLE t (id int) fails when the migrations run again: relation public.t exists (created here on the first run)' }] },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN\n  CREATE INDEX t_id ON t (id);\nEND $$;',
      errors: [{ messageId: 'existsInDo', line: 2, column: 3, message: 'CREATE INDEX t_id ON t (id) fails when the migrations run again: relation public.t_id exists (created here on the first run) (inside a DO block)' }],
    },
    { name: 'after a non-ASCII line', sql: '-- Politique « lecture » ✓\nCREATE POLICY lecture ON t USING (true);', errors: [{ messageId: 'exists', line: 2, column: 1, endColumn: 40 }] },
  ],
});

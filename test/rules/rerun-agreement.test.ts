/**
 * rerunnable-ddl and replay answer the same question (issue 17): each case is
 * a small migration chain, replayed by verify on PGlite (and, with
 * PGSCRIBE_TEST_DATABASE_URL, on a real server); the statements the rule
 * flags are the statements that fail on the second pass, line for line.
 * Postgres is the specification: the expected lines are what it does.
 */
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/lint/engine.js';
import { loadProject } from '../../src/pipeline.js';
import { verify } from '../../src/replay/verify.js';
import { tempProject } from '../helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;

/** `file:line` of what the rule flags and of what fails on each engine's second pass. */
async function bothSides(migrations: string[]): Promise<{ rule: string[]; replays: Record<string, string[]> }> {
  const files: Record<string, string> = { 'pgscribe.config.json': '{"exposedSchemas": []}' };
  migrations.forEach((sql, i) => (files[`database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`] = sql));
  const project = await loadProject({ root: tempProject(files) });
  const place = (f: { file: string; line: number }) => `${f.file.split('/').pop()}:${f.line}`;
  const rule = lintProject(project).filter((f) => f.rule === 'rerunnable-ddl').map(place);
  const replays: Record<string, string[]> = {};
  for (const databaseUrl of [undefined, ...(serverUrl ? [serverUrl] : [])]) {
    const result = await verify(project, { databaseUrl });
    expect(result.findings.filter((f) => f.rule === 'replay-apply').map((f) => f.message), 'the first pass applies').toEqual([]);
    // replay places a failure at the error's position inside the statement: name it by the statement's first line, as the rule does
    replays[databaseUrl ? 'server' : 'PGlite'] = result.findings.filter((f) => f.rule === 'replay-rerun').map((f) => {
      const file = project.migrations.find((m) => m.data.file === f.file);
      const statement = file?.parsed.statements.find((st) => st.start.line <= f.line && f.line <= st.end.line);
      return place({ file: f.file, line: statement?.start.line ?? f.line });
    });
  }
  return { rule, replays };
}

const cases: Array<{ name: string; migrations: string[]; fails: string[] }> = [
  {
    name: 'a DROP then CREATE re-runs; a later rename makes the rename fail (the new name exists again)',
    migrations: ['CREATE TABLE IF NOT EXISTS t (id int);\nCREATE OR REPLACE VIEW v AS SELECT id FROM t;', 'DROP VIEW v;\nCREATE VIEW v AS SELECT id FROM t;', 'ALTER VIEW v RENAME TO w;'],
    fails: ['003_m.sql:1'],
  },
  {
    name: 'keyed rows: a literal key fails, a key made anew each run (gen_random_uuid(), DEFAULT) does not, ON CONFLICT does not',
    migrations: [
      "CREATE TABLE IF NOT EXISTS k (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), code text UNIQUE);\nINSERT INTO k (id, code) VALUES (gen_random_uuid(), NULL);\nINSERT INTO k (code) VALUES ('a');\nINSERT INTO k (code) VALUES ('b') ON CONFLICT DO NOTHING;",
    ],
    fails: ['001_m.sql:3'],
  },
  {
    name: 'an unnamed foreign key gets back the name Postgres chose, so dropping it by that name re-runs',
    migrations: [
      'CREATE TABLE IF NOT EXISTS p (id int PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS c (id int, p_id int);',
      'ALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p;',
      'ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;\nALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p ON DELETE CASCADE;',
    ],
    fails: [],
  },
  {
    name: 'an index on a dropped column is gone, so re-creating it under its name re-runs',
    migrations: ['CREATE TABLE IF NOT EXISTS t (id int, old int);', 'CREATE INDEX t_old ON t (old);\nALTER TABLE t DROP COLUMN old;\nALTER TABLE t ADD COLUMN old int;'],
    fails: [],
  },
  {
    name: 'a DROP TABLE … CASCADE takes the foreign keys that reference it: adding one again re-runs',
    migrations: [
      'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS b (id int, a_id int);\nDROP TABLE IF EXISTS scratch CASCADE;\nCREATE TABLE scratch (id int PRIMARY KEY);\nALTER TABLE b ADD CONSTRAINT b_scratch FOREIGN KEY (id) REFERENCES scratch;',
    ],
    fails: [],
  },
  {
    name: 'a foreign key whose key changed type later cannot be implemented on the second run',
    migrations: [
      'CREATE TABLE IF NOT EXISTS owner_ (id text PRIMARY KEY);\nDROP TABLE IF EXISTS pet;\nCREATE TABLE pet (id int, owner_id text);\nALTER TABLE pet ADD CONSTRAINT pet_owner FOREIGN KEY (owner_id) REFERENCES owner_;',
      'ALTER TABLE pet DROP CONSTRAINT IF EXISTS pet_owner;\nALTER TABLE owner_ ALTER COLUMN id TYPE int USING id::int;\nALTER TABLE pet ALTER COLUMN owner_id TYPE int USING owner_id::int;',
    ],
    fails: ['001_m.sql:4'],
  },
  {
    name: 'a call becomes ambiguous when a later overload takes the same arguments and one more with a default; one of other types does not',
    migrations: [
      "CREATE OR REPLACE FUNCTION mk(name text, d date) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT mk('x', '2024-01-01');\nCREATE OR REPLACE FUNCTION other(name text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT other('x');",
      'CREATE OR REPLACE FUNCTION mk(name text, d date, fill int DEFAULT 100) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\nCREATE OR REPLACE FUNCTION other(name varchar) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;',
    ],
    fails: ['001_m.sql:2'],
  },
  {
    name: 'a temporary table lives as long as the session (replay runs both passes in one); ON COMMIT DROP does not',
    migrations: ['CREATE TEMP TABLE scratch AS SELECT 1 AS n;\nCREATE TEMP TABLE gone ON COMMIT DROP AS SELECT 1 AS n;\nSELECT 1 AS n INTO TEMP TABLE picked;'],
    fails: ['001_m.sql:1', '001_m.sql:3'],
  },
  {
    name: "the enum rewrite Prisma writes: the old type's DROP fails while a column made later still uses it",
    migrations: [
      "CREATE TYPE \"Kind\" AS ENUM ('a');\nCREATE TABLE IF NOT EXISTS item (id int, kind \"Kind\");",
      "CREATE TYPE \"Kind_new\" AS ENUM ('a', 'b');\nALTER TABLE item ALTER COLUMN kind TYPE \"Kind_new\" USING (kind::text::\"Kind_new\");\nALTER TYPE \"Kind\" RENAME TO \"Kind_old\";\nALTER TYPE \"Kind_new\" RENAME TO \"Kind\";\nDROP TYPE \"Kind_old\";",
      'ALTER TABLE item ADD COLUMN IF NOT EXISTS other "Kind";',
    ],
    fails: ['001_m.sql:1', '002_m.sql:5'],
  },
  {
    name: 'after an enum rewrite re-runs, the column has another enum type than the casts name: a value that enum lacks, and a cast to the other type, fail; text and values it has do not',
    migrations: [
      "CREATE TYPE \"Kind\" AS ENUM ('a', 'b');\nCREATE TABLE IF NOT EXISTS item (id int, kind \"Kind\");\nUPDATE item SET kind = 'b' WHERE kind = 'a';",
      "DROP VIEW IF EXISTS kinds;\nCREATE TYPE \"Kind_new\" AS ENUM ('a', 'c');\nALTER TABLE item ALTER COLUMN kind TYPE \"Kind_new\" USING (kind::text::\"Kind_new\");\nALTER TYPE \"Kind\" RENAME TO \"Kind_old\";\nALTER TYPE \"Kind_new\" RENAME TO \"Kind\";",
      "CREATE OR REPLACE VIEW kinds AS SELECT i.id FROM item i WHERE i.kind = 'c'::\"Kind\";\nUPDATE item SET kind = 'c' WHERE id = 1;\nUPDATE item SET id = 2 WHERE kind::text = 'c';\nUPDATE item SET id = 3 WHERE kind IN ('a');",
    ],
    // on the second run the column moves to a new Kind_new ('a', 'c') and the renames fail (both names are taken), so the column's type is not the Kind the casts name
    fails: ['001_m.sql:1', '001_m.sql:3', '002_m.sql:4', '002_m.sql:5', '003_m.sql:1'],
  },
  {
    name: "inside a file's own BEGIN … COMMIT a failing statement undoes nothing before it",
    migrations: ['CREATE TABLE IF NOT EXISTS t (id int);\nBEGIN;\nCREATE TABLE scratch (id int);\nALTER TABLE t ADD COLUMN c int;\nDROP TABLE scratch;\nCOMMIT;'],
    fails: ['001_m.sql:4'],
  },
];

describe('rerunnable-ddl agrees with replay, statement by statement', () => {
  it.each(cases.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const { rule, replays } = await bothSides(c.migrations);
    expect(rule).toEqual(c.fails);
    for (const [engine, failing] of Object.entries(replays)) expect(failing, engine).toEqual(c.fails);
  }, 120_000);
});

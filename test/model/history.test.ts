/**
 * The model follows a long history as Postgres does: each case is a minimal
 * reproduction, replayed on PGlite (and, with PGSCRIBE_TEST_DATABASE_URL, on a
 * real server) with the catalog compared against the model after one pass.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/pipeline.js';
import { verify } from '../../src/replay/verify.js';
import { tempProject } from '../helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;

async function replayed(...migrations: string[]) {
  const files: Record<string, string> = { 'pgscribe.config.json': '{"exposedSchemas": []}' };
  migrations.forEach((sql, i) => (files[`database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`] = sql));
  const project = await loadProject({ root: tempProject(files) });
  for (const databaseUrl of [undefined, ...(serverUrl ? [serverUrl] : [])]) {
    const result = await verify(project, { databaseUrl });
    expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch' || f.rule === 'replay-apply').map((f) => `${f.rule} ${f.message}`), databaseUrl ?? 'PGlite').toEqual([]);
  }
  return project.model;
}

const columnsOf = (model: { tables: Array<{ schema: string; name: string; columns: Array<{ name: string; type: string }> }> }, name: string) =>
  model.tables.find((t) => `${t.schema}.${t.name}` === name)?.columns.map((c) => `${c.name} ${c.type}`);

describe('the model after one pass equals the catalog', () => {
  it("follows Prisma's enum rewrite: columns keep the type through its renames", async () => {
    const model = await replayed(
      `CREATE TYPE "Kind" AS ENUM ('a', 'b');\nCREATE TABLE "Item" (id int PRIMARY KEY, kind "Kind" NOT NULL, kinds "Kind"[]);`,
      `CREATE TYPE "Kind_new" AS ENUM ('a', 'b', 'c');\nALTER TABLE "Item" ALTER COLUMN kind TYPE "Kind_new" USING (kind::text::"Kind_new");\nALTER TABLE "Item" ALTER COLUMN kinds TYPE "Kind_new"[] USING (kinds::text[]::"Kind_new"[]);\nALTER TYPE "Kind" RENAME TO "Kind_old";\nALTER TYPE "Kind_new" RENAME TO "Kind";\nDROP TYPE "Kind_old";`,
    );
    expect(columnsOf(model, 'public.Item')).toEqual(['id integer', 'kind public.Kind', 'kinds public.Kind[]']);
    expect(model.types.map((t) => t.name)).toEqual(['Kind']);
  });

  it('takes the columns of CREATE TABLE … AS, SELECT … INTO and views from their queries', async () => {
    const model = await replayed(
      `CREATE TABLE scores (id int PRIMARY KEY, player text NOT NULL, points numeric(6,2), at timestamptz);
CREATE VIEW live AS SELECT s.id, s.player AS who, s.points * 2 AS doubled, now() AS seen, count(*) OVER () FROM scores s;
CREATE TABLE snapshot AS SELECT * FROM live;
CREATE TABLE renamed (a, b) AS SELECT id, player FROM scores;
SELECT id, at::date AS day, 1 AS one INTO picked FROM scores;
CREATE MATERIALIZED VIEW totals AS WITH t AS (SELECT player, sum(points) AS total FROM scores GROUP BY player) SELECT t.* FROM t;`,
    );
    expect(columnsOf(model, 'public.snapshot')).toEqual(['id integer', 'who text', 'doubled unknown', 'seen unknown', 'count unknown']);
    expect(columnsOf(model, 'public.renamed')).toEqual(['a integer', 'b text']);
    expect(columnsOf(model, 'public.picked')).toEqual(['id integer', 'day date', 'one integer']);
    expect(model.views.find((v) => v.name === 'totals')?.columns.map((c) => c.name)).toEqual(['player', 'total']);
  });

  it('keeps temporary tables (and their indexes) out of the model', async () => {
    const model = await replayed(
      `CREATE TABLE items (id int PRIMARY KEY);
DO $$ BEGIN
  CREATE TEMP TABLE scratch AS SELECT id FROM items;
  CREATE INDEX ON scratch (id);
  DROP TABLE scratch;
END $$;
CREATE TEMP TABLE merge_plan ON COMMIT DROP AS SELECT id FROM items;
CREATE INDEX merge_plan_id ON merge_plan (id);`,
    );
    expect(model.tables.map((t) => t.name)).toEqual(['items']);
    expect(model.indexes).toEqual([]);
  });
});

describe('drops follow dependencies', () => {
  it('DROP FUNCTION … CASCADE drops the triggers that use it; without CASCADE Postgres refuses and nothing is dropped', async () => {
    const fn = 'CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;';
    const model = await replayed(
      `CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n${fn}\nCREATE TRIGGER a_touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();\nCREATE TRIGGER b_touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch();`,
      'DROP FUNCTION IF EXISTS touch CASCADE;',
      `${fn}\nCREATE TRIGGER a_touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();`,
    );
    expect(model.triggers.map((t) => `${t.name} on ${t.table.name}`)).toEqual(['a_touch on a']);
    expect(model.functions.map((f) => f.name)).toEqual(['touch']);
  });
});

describe('names Postgres chooses', () => {
  const long = 'a_table_name_that_is_quite_long_indeed_to_test_truncation_rules';
  it('for unnamed indexes and constraints: columns or the function name, cut to 63 bytes (never inside a character), a number when taken', async () => {
    const model = await replayed(
      `CREATE TABLE ${long} (id int PRIMARY KEY, très_long_nom_de_colonne_avec_des_accents_é text, other_column_with_a_long_name int CHECK (other_column_with_a_long_name > 0), parent int REFERENCES ${long} (id));
CREATE INDEX ON ${long} (très_long_nom_de_colonne_avec_des_accents_é);
CREATE INDEX ON ${long} (très_long_nom_de_colonne_avec_des_accents_é);
CREATE INDEX ON ${long} (lower(très_long_nom_de_colonne_avec_des_accents_é), id);
CREATE TABLE short (a int, b int);
CREATE INDEX ON short (a, b);
CREATE INDEX ON short ((a + b));
ALTER TABLE short ADD CHECK (a > 0), ADD CHECK (a < 10), ADD UNIQUE (a, b);`,
    );
    expect(model.indexes.map((i) => i.name).sort()).toEqual(
      [
        // As PGlite and the server name them (the replay above compares every index by name): the number takes its room from the longer part.
        'a_table_name_that_is_quite_lo_très_long_nom_de_colonne_ave_idx',
        'a_table_name_that_is_quite_lo_très_long_nom_de_colonne_av_idx1',
        'a_table_name_that_is_quite_long_indeed_to_test_tru_lower_id_idx',
        'short_a_b_idx',
        'short_expr_idx',
      ].sort(),
    );
    expect(model.tables.find((t) => t.name === 'short')?.constraints.map((c) => c.name)).toEqual(['short_a_check', 'short_a_check1', 'short_a_b_key']);
  });

  it('ALTER INDEX … RENAME of a constraint index renames the constraint', async () => {
    const model = await replayed('CREATE TABLE t (id int PRIMARY KEY, code text UNIQUE);\nALTER INDEX t_pkey RENAME TO t_pk;\nALTER INDEX t_code_key RENAME TO t_code_unique;');
    expect(model.tables[0].constraints.map((c) => c.name)).toEqual(['t_pk', 't_code_unique']);
  });
});

describe('views and materialized views carry their dependents', () => {
  it('DROP MATERIALIZED VIEW drops its indexes; a renamed materialized view keeps them', async () => {
    const model = await replayed(
      'CREATE TABLE t (id int);\nCREATE MATERIALIZED VIEW m AS SELECT id FROM t;\nCREATE INDEX m_id ON m (id);\nCREATE MATERIALIZED VIEW n AS SELECT id FROM t;\nCREATE INDEX n_id ON n (id);',
      'DROP MATERIALIZED VIEW m;\nALTER MATERIALIZED VIEW n RENAME TO n2;',
    );
    expect(model.indexes.map((i) => `${i.name} on ${i.table.name}`)).toEqual(['n_id on n2']);
  });
});

describe('views depend on what they read', () => {
  it('DROP TABLE … CASCADE drops the views on it (and views on those); without CASCADE Postgres refuses and both stay', async () => {
    const model = await replayed(
      'CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\nCREATE VIEW w AS SELECT id FROM v WHERE id IN (SELECT id FROM t);\nCREATE TABLE u (id int);\nCREATE VIEW x AS SELECT id FROM u;\nCREATE TABLE kept (id int);\nCREATE VIEW y AS SELECT id FROM kept;',
      'DROP TABLE t CASCADE;\nALTER TABLE u RENAME TO u2;',
      'DROP TABLE IF EXISTS u2 CASCADE;',
    );
    expect(model.views.map((v) => v.name)).toEqual(['y']);
    expect(model.tables.map((t) => t.name)).toEqual(['kept']);
  });

  it('a DROP that dependent views block changes nothing, as in Postgres (the migration fails there)', async () => {
    const project = await loadProject({ root: tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_m.sql': 'CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\nDROP TABLE t;\n' }) });
    expect(project.model.tables.map((t) => t.name)).toEqual(['t']);
    expect(project.model.views.map((v) => v.name)).toEqual(['v']);
    const result = await verify(project);
    expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch')).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'replay-apply').map((f) => f.message)).toEqual([expect.stringContaining('cannot drop table t because other objects depend on it')]);
  });
});

describe('CASCADE removes what Postgres removes', () => {
  it('DROP COLUMN … CASCADE drops the views on the column (and on those), the indexes and constraints that use it, and the foreign keys that reference it', async () => {
    const model = await replayed(
      `CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text);
CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));
CREATE VIEW v AS SELECT id, c FROM t;
CREATE VIEW w AS SELECT * FROM v;
CREATE VIEW keep AS SELECT a FROM t;
CREATE INDEX t_ab ON t (a, b);
CREATE INDEX t_lower_c ON t (lower(c));
ALTER TABLE t ADD CONSTRAINT t_a_b CHECK (a < b);`,
      'ALTER TABLE t DROP COLUMN c CASCADE;\nALTER TABLE t DROP COLUMN b;\nALTER TABLE t DROP COLUMN id CASCADE;',
    );
    expect(model.views.map((v) => v.name)).toEqual(['keep']);
    expect(model.indexes.map((i) => i.name)).toEqual([]);
    expect(model.tables.map((t) => `${t.name}: ${t.columns.map((c) => c.name).join(',')} [${t.constraints.map((c) => c.name).join(',')}]`)).toEqual(['t: a []', 'u: id,t_id [u_pkey]']);
  });

  it('DROP FUNCTION … CASCADE drops the default that calls it (not the column), a generated column, an index, a CHECK, a policy and a view that use it', async () => {
    const model = await replayed(
      `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE TABLE t (id int PRIMARY KEY, d int DEFAULT f(1), g int GENERATED ALWAYS AS (f(id)) STORED, n int);
CREATE INDEX t_f ON t ((f(n)));
ALTER TABLE t ADD CONSTRAINT t_n CHECK (f(n) > 0);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (f(n) > 0);
CREATE POLICY q ON t USING (n > 0);
CREATE VIEW v AS SELECT f(n) AS fn FROM t;`,
      'DROP FUNCTION f(int) CASCADE;',
    );
    const t = model.tables.find((x) => x.name === 't')!;
    expect(t.columns.map((c) => `${c.name} ${c.default ?? '-'}`)).toEqual(['id -', 'd -', 'n -']);
    expect(t.constraints.map((c) => c.name)).toEqual(['t_pkey']);
    expect(model.indexes).toEqual([]);
    expect(model.policies.map((p) => p.name)).toEqual(['q']);
    expect(model.views).toEqual([]);
  });

  it('DROP TYPE … CASCADE drops the columns of the type (and arrays of it), the functions and domains that use it and the views on those columns', async () => {
    const model = await replayed(
      `CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE m (id int, x mood, y mood[]);
CREATE FUNCTION fm(mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE DOMAIN dm AS mood;
CREATE VIEW vm AS SELECT x FROM m;
CREATE VIEW vid AS SELECT id FROM m;`,
      'DROP TYPE mood CASCADE;',
    );
    expect(model.tables[0].columns.map((c) => c.name)).toEqual(['id']);
    expect(model.functions).toEqual([]);
    expect(model.types).toEqual([]);
    expect(model.views.map((v) => v.name)).toEqual(['vid']);
  });

  it('DROP SCHEMA … CASCADE drops what is in it, a schema no migration created included', async () => {
    const model = await replayed(
      'CREATE SCHEMA app;\nCREATE TABLE app.a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES app.a);\nCREATE TABLE c (id int);\nCREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
      'DROP SCHEMA app CASCADE;',
      'DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\nCREATE TABLE fresh (id int);',
    );
    expect(model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.fresh']);
    expect(model.functions).toEqual([]);
  });
});

describe('a DROP that Postgres refuses', () => {
  const refused = [
    ['a column a view reads', 'CREATE TABLE t (id int, a int);\nCREATE VIEW v AS SELECT a FROM t;', 'ALTER TABLE t DROP COLUMN a;'],
    ['a column a generated column reads', 'CREATE TABLE t (id int, a int, b int GENERATED ALWAYS AS (a * 2) STORED);', 'ALTER TABLE t DROP COLUMN a;'],
    ['a column a trigger fires on', "CREATE TABLE t (id int, a int);\nCREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\nCREATE TRIGGER tr BEFORE UPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION tf();", 'ALTER TABLE t DROP COLUMN a;'],
    ['a table another table references', 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (t_id int REFERENCES t);', 'DROP TABLE t;'],
    ['a table a policy of another table reads', 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id int);\nCREATE POLICY p ON u USING (EXISTS (SELECT 1 FROM t WHERE t.id = u.id));', 'DROP TABLE t;'],
    ['a primary key a foreign key references', 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (t_id int REFERENCES t);', 'ALTER TABLE t DROP CONSTRAINT t_pkey;'],
    ['a function a default calls', "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE TABLE t (a int DEFAULT f());", 'DROP FUNCTION f();'],
    ['a type a column has', "CREATE TYPE k AS ENUM ('a');\nCREATE TABLE t (a k[]);", 'DROP TYPE k;'],
    ['a sequence a default uses', "CREATE SEQUENCE s;\nCREATE TABLE t (a bigint DEFAULT nextval('s'));", 'DROP SEQUENCE s;'],
    ['a schema that is not empty', 'CREATE SCHEMA app;\nCREATE TYPE app.k AS ENUM (\'a\');', 'DROP SCHEMA app;'],
    ['a view another view reads', 'CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\nCREATE VIEW w AS SELECT id FROM v;', 'DROP VIEW v;'],
  ] as const;

  it.each(refused)('%s: Postgres fails at the statement drop-has-dependents reports, and the model keeps all', async (_, setup, drop) => {
    const files = { 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_m.sql': setup, 'database/migrations/002_m.sql': `${drop}\n` };
    const project = await loadProject({ root: tempProject(files) });
    const { lintProject } = await import('../../src/lint/engine.js');
    const found = lintProject(project, { now: new Date('2026-11-21T00:00:00Z') }).filter((f) => f.rule === 'drop-has-dependents');
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['database/migrations/002_m.sql:1']);
    for (const databaseUrl of [undefined, ...(serverUrl ? [serverUrl] : [])]) {
      const result = await verify(project, { databaseUrl });
      const failed = result.findings.filter((f) => f.rule === 'replay-apply');
      expect(failed.map((f) => `${f.file}:${f.line} ${f.message.replace(/"/g, '')}`), databaseUrl ?? 'PGlite').toEqual([expect.stringMatching(/^database\/migrations\/002_m\.sql:1 cannot drop .* because other objects depend on it/)]);
      expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch'), databaseUrl ?? 'PGlite').toEqual([]);
    }
  });
});

describe('functions and sequences are compared too', () => {
  it('a range type makes its own constructors; owned sequences go with their column or table; serial and identity sequences are the columns', async () => {
    const model = await replayed(
      `CREATE TYPE ir AS RANGE (subtype = int);
CREATE FUNCTION add(a int, b int DEFAULT 1, OUT c int) LANGUAGE sql AS 'SELECT a + b';
CREATE PROCEDURE tidy(keep interval) LANGUAGE sql AS 'SELECT 1';
CREATE TABLE t (id serial PRIMARY KEY, n int GENERATED ALWAYS AS IDENTITY, code int);
CREATE SEQUENCE code_seq OWNED BY t.code;
CREATE SEQUENCE free_seq;
CREATE TABLE u (id int);
CREATE SEQUENCE u_seq;
ALTER SEQUENCE u_seq OWNED BY u.id;
ALTER SEQUENCE free_seq RENAME TO kept_seq;`,
      'ALTER TABLE t DROP COLUMN code;\nDROP TABLE u;',
    );
    expect(model.sequences.map((q) => q.name)).toEqual(['kept_seq']);
    expect(model.functions.map((f) => `${f.kind} ${f.signature}`)).toEqual(['function add(integer, integer)', 'procedure tidy(interval)']);
  });
});

describe('SET SCHEMA moves every kind', () => {
  it('a type (the columns of it follow), a view, a sequence and a function', async () => {
    const model = await replayed(
      `CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('a');
CREATE TABLE t (id int, m mood, ms mood[]);
CREATE VIEW v AS SELECT id FROM t;
CREATE SEQUENCE s;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';`,
      'ALTER TYPE mood SET SCHEMA app;\nALTER VIEW v SET SCHEMA app;\nALTER SEQUENCE s SET SCHEMA app;\nALTER FUNCTION f() SET SCHEMA app;',
    );
    expect(model.tables[0].columns.map((c) => c.type)).toEqual(['integer', 'app.mood', 'app.mood[]']);
    expect([...model.types, ...model.views, ...model.sequences, ...model.functions].map((o) => `${o.schema}.${o.name}`)).toEqual(['app.mood', 'app.v', 'app.s', 'app.f']);
  });
});

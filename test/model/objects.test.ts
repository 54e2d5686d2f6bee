import { describe, expect, it } from 'vitest';
import { modelOf } from '../helpers.js';

describe('schemas, extensions, types, sequences, views, indexes, comments, grants', () => {
  it('reads each with its source line and comment', async () => {
    const model = await modelOf(`CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE SCHEMA IF NOT EXISTS app;
COMMENT ON SCHEMA app IS 'The application';
CREATE TYPE app.status AS ENUM ('new', 'done');
ALTER TYPE app.status ADD VALUE IF NOT EXISTS 'archived' AFTER 'new';
CREATE DOMAIN app.email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE TYPE app.pair AS (a int, b text);
CREATE SEQUENCE IF NOT EXISTS app.counter;
CREATE TABLE app.t (id int, status app.status, email app.email);
COMMENT ON TABLE app.t IS 'Things';
COMMENT ON COLUMN app.t.id IS 'Identifier';
CREATE UNIQUE INDEX IF NOT EXISTS t_email ON app.t (lower(email)) WHERE status <> 'done';
CREATE VIEW app.open_t AS SELECT id FROM app.t WHERE status = 'new';
CREATE MATERIALIZED VIEW app.t_count AS SELECT count(*) FROM app.t;
GRANT SELECT ON app.t TO authenticated;`);
    expect(model.extensions).toEqual([expect.objectContaining({ name: 'pgcrypto', schema: 'public', source: { file: 'database/migrations/001_m.sql', line: 1 } })]);
    expect(model.schemas).toEqual([expect.objectContaining({ name: 'app', comment: 'The application' })]);
    expect(model.types.map((t) => [t.name, t.kind, t.values ?? t.baseType ?? t.attributes?.map((a) => a.name)])).toEqual([
      ['email', 'domain', 'text'],
      ['pair', 'composite', ['a', 'b']],
      ['status', 'enum', ['new', 'archived', 'done']],
    ]);
    expect(model.types[0].checks).toEqual(["VALUE LIKE '%@%'"]);
    expect(model.sequences.map((s) => s.name)).toEqual(['counter']);
    const t = model.tables[0];
    expect([t.comment, t.columns[0].comment]).toEqual(['Things', 'Identifier']);
    expect(model.indexes).toEqual([
      expect.objectContaining({ name: 't_email', unique: true, method: 'btree', columns: ['lower(email)'], where: "status <> 'done'", table: { schema: 'app', name: 't' } }),
    ]);
    expect(model.views.map((v) => [v.name, v.materialized, v.query])).toEqual([
      ['open_t', false, "SELECT id FROM app.t WHERE status = 'new'"],
      ['t_count', true, 'SELECT count(*) FROM app.t'],
    ]);
    expect(model.grants).toEqual([expect.objectContaining({ grant: true, privileges: ['select'], objects: ['app.t'], grantees: ['authenticated'] })]);
  });
});

describe('functions and procedures', () => {
  it('reads arguments, return type, language, volatility, SECURITY DEFINER and SET', async () => {
    const model = await modelOf(`CREATE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b $$;
CREATE OR REPLACE FUNCTION public.secure() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$ BEGIN END $$;
CREATE PROCEDURE public.tidy(days int) LANGUAGE sql AS $$ DELETE FROM t WHERE false $$;
CREATE FUNCTION public.rows() RETURNS TABLE(id int, name text) LANGUAGE sql STABLE AS $$ SELECT 1, 'a' $$;`,
      'CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 2) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;');
    const byName = Object.fromEntries(model.functions.map((f) => [f.name, f]));
    expect(byName.add).toMatchObject({
      kind: 'function',
      signature: 'add(integer, integer)',
      returns: 'integer',
      language: 'sql',
      volatility: 'immutable',
      strict: false,
      source: { file: 'database/migrations/001_m.sql', line: 1 },
      changedBy: [{ file: 'database/migrations/002_m.sql', line: 1 }],
    });
    expect(byName.add.arguments).toEqual([
      { name: 'a', type: 'integer', mode: 'in' },
      { name: 'b', type: 'integer', mode: 'in', default: '2' },
    ]);
    expect(byName.secure).toMatchObject({ securityDefiner: true, settings: { search_path: 'pg_catalog, public' }, language: 'plpgsql' });
    expect(byName.tidy).toMatchObject({ kind: 'procedure', signature: 'tidy(integer)' });
    expect(byName.rows).toMatchObject({ returns: 'TABLE(id integer, name text)', volatility: 'stable' });
  });
});

describe('triggers', () => {
  const fn = 'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TABLE t (id int, a int);\n';

  it('reads timing, events, level, function and WHEN', async () => {
    const model = await modelOf(`${fn}CREATE TRIGGER one BEFORE INSERT OR UPDATE OF a ON t FOR EACH ROW WHEN (NEW.a IS NOT NULL) EXECUTE FUNCTION f();
CREATE TRIGGER two AFTER DELETE ON t EXECUTE PROCEDURE f();`);
    expect(model.triggers.map((t) => [t.name, t.timing, t.events, t.updateColumns ?? null, t.level, `${t.function.schema}.${t.function.name}`, t.when ?? null, t.source.line])).toEqual([
      ['one', 'before', ['insert', 'update'], ['a'], 'row', 'public.f', 'NEW.a IS NOT NULL', 3],
      ['two', 'after', ['delete'], null, 'statement', 'public.f', null, 4],
    ]);
  });

  it('knows which creating statements are guarded', async () => {
    const model = await modelOf(`${fn}CREATE TRIGGER bare BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE OR REPLACE TRIGGER replaced BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
DROP TRIGGER IF EXISTS dropped ON t;
CREATE TRIGGER dropped BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'checked') THEN
    CREATE TRIGGER checked BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'some_other_name') THEN
    CREATE TRIGGER wrong_name BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
  END IF;
END $$;
DO $$ BEGIN
  CREATE TRIGGER caught BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;`);
    expect(Object.fromEntries(model.triggers.map((t) => [t.name, [t.guarded, t.source.line]]))).toEqual({
      bare: [false, 3],
      replaced: [true, 4],
      dropped: [true, 6],
      checked: [true, 9],
      wrong_name: [false, 12],
      caught: [true, 16],
    });
  });

  it('counts what rerunnable-ddl counts: a trigger whose schema (CASCADE) or table was dropped earlier in the file is re-created on a re-run', async () => {
    const model = await modelOf(`DROP SCHEMA IF EXISTS app CASCADE;
CREATE SCHEMA app;
CREATE TABLE app.t (id int);
CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER in_dropped_schema BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
DROP TABLE IF EXISTS public.u;
CREATE TABLE public.u (id int);
CREATE TRIGGER on_dropped_table BEFORE UPDATE ON public.u FOR EACH ROW EXECUTE FUNCTION app.f();
CREATE TABLE public.w (id int);
CREATE TRIGGER on_kept_table BEFORE UPDATE ON public.w FOR EACH ROW EXECUTE FUNCTION app.f();
DROP TRIGGER IF EXISTS on_other_table ON public.u;
CREATE TRIGGER on_other_table BEFORE UPDATE ON public.w FOR EACH ROW EXECUTE FUNCTION app.f();`);
    expect(Object.fromEntries(model.triggers.map((t) => [t.name, t.guarded]))).toEqual({
      in_dropped_schema: true,
      on_dropped_table: true,
      on_kept_table: false,
      on_other_table: false,
    });
  });
});

describe('policies', () => {
  it('reads command, permissive, roles, USING and WITH CHECK', async () => {
    const model = await modelOf(`CREATE TABLE t (owner uuid);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON t FOR UPDATE TO authenticated, service_role USING (owner = current_setting('app.uid')::uuid) WITH CHECK (owner IS NOT NULL);
CREATE POLICY deny ON t AS RESTRICTIVE FOR DELETE USING (false);`);
    expect(model.policies.map((p) => [p.name, p.command, p.permissive, p.roles, p.using ?? null, p.withCheck ?? null])).toEqual([
      ['deny', 'delete', false, ['public'], 'false', null],
      ['own', 'update', true, ['authenticated', 'service_role'], "owner = current_setting('app.uid')::uuid", 'owner IS NOT NULL'],
    ]);
  });

  it('reads policies created through a create_policy_if_not_exists helper called with SELECT', async () => {
    const model = await modelOf(`CREATE SCHEMA app;
CREATE TABLE app.t (clinic_id uuid);
CREATE FUNCTION public.create_policy_if_not_exists(p_policy_name text, p_table_name text, p_command text, p_using text, p_with_check text DEFAULT NULL, p_roles text DEFAULT 'authenticated')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = p_policy_name) THEN
    EXECUTE format('CREATE POLICY %I ON %s FOR %s TO %s USING (%s)', p_policy_name, p_table_name, p_command, p_roles, p_using);
  END IF;
END $$;
SELECT public.create_policy_if_not_exists('t_read', 'app.t', 'SELECT', 'clinic_id IS NOT NULL');
SELECT public.create_policy_if_not_exists('t_service', 'app.t', 'ALL', 'true', NULL, 'service_role');`);
    expect(model.policies.map((p) => [p.name, `${p.table.schema}.${p.table.name}`, p.command, p.roles, p.using, p.via, p.source.line])).toEqual([
      ['t_read', 'app.t', 'select', ['authenticated'], 'clinic_id IS NOT NULL', 'public.create_policy_if_not_exists', 10],
      ['t_service', 'app.t', 'all', ['service_role'], 'true', 'public.create_policy_if_not_exists', 11],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { modelOf } from '../helpers.js';

const table = (model: Awaited<ReturnType<typeof modelOf>>, name: string) => {
  const [schema, rel] = name.split('.');
  const found = model.tables.find((t) => t.schema === schema && t.name === rel);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};

describe('CREATE TABLE', () => {
  it('reads columns: type, nullability, default, identity, generated', async () => {
    const model = await modelOf(`CREATE SCHEMA app;
CREATE TABLE app.items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code varchar(20) NOT NULL,
  price numeric(10,2) DEFAULT 0,
  tags text[],
  created_at timestamptz NOT NULL DEFAULT now(),
  doubled numeric GENERATED ALWAYS AS (price * 2) STORED
);`);
    const t = table(model, 'app.items');
    expect(t.source).toEqual({ file: 'database/migrations/001_m.sql', line: 2 });
    expect(t.columns.map((c) => [c.name, c.type, c.nullable, c.default ?? null, c.identity ?? null, c.generated ?? null])).toEqual([
      ['id', 'bigint', false, null, 'always', null],
      ['code', 'character varying(20)', false, null, null, null],
      ['price', 'numeric(10,2)', true, '0', null, null],
      ['tags', 'text[]', true, null, null, null],
      ['created_at', 'timestamp with time zone', false, 'now()', null, null],
      ['doubled', 'numeric', true, null, null, 'price * 2'],
    ]);
  });

  it('reads primary, foreign (with actions), unique, check and exclusion constraints with Postgres names', async () => {
    const model = await modelOf(`CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (
  id int,
  a_id int REFERENCES a ON DELETE CASCADE,
  code text UNIQUE,
  starts timestamptz, ends timestamptz,
  PRIMARY KEY (id),
  CONSTRAINT ends_after CHECK (ends > starts),
  EXCLUDE USING gist (a_id WITH =, tstzrange(starts, ends) WITH &&)
);`);
    const b = table(model, 'public.b');
    expect(b.constraints.map((c) => [c.name, c.type, c.columns])).toEqual([
      ['b_a_id_fkey', 'foreign key', ['a_id']],
      ['b_code_key', 'unique', ['code']],
      ['b_pkey', 'primary key', ['id']],
      ['ends_after', 'check', ['starts', 'ends']],
      ['b_a_id_excl', 'exclusion', ['a_id']],
    ]);
    const fk = b.constraints[0];
    expect(fk.references).toEqual({ schema: 'public', name: 'a', columns: ['id'], implied: true });
    expect(fk.onDelete).toBe('cascade');
    expect(fk.onUpdate).toBe('no action');
    expect(b.constraints[3].expression).toBe('ends > starts');
    expect(b.constraints[4]).toMatchObject({ using: 'gist', expression: 'a_id WITH =, tstzrange(starts, ends) WITH &&' });
    expect(b.columns.find((c) => c.name === 'id')?.nullable).toBe(false);
  });

  it('reads range partitions, DEFAULT and ATTACH PARTITION with bounds', async () => {
    const model = await modelOf(`CREATE SCHEMA audit;
CREATE TABLE audit.logs (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
CREATE TABLE audit.logs_2024 PARTITION OF audit.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE audit.logs_default PARTITION OF audit.logs DEFAULT;
CREATE TABLE audit.logs_2025 (id bigint, created_at timestamptz NOT NULL);
ALTER TABLE audit.logs ATTACH PARTITION audit.logs_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`);
    const logs = table(model, 'audit.logs');
    expect(logs.kind).toBe('partitioned table');
    expect(logs.partitionKey).toEqual({ strategy: 'range', columns: ['created_at'] });
    expect(logs.partitions.map((p) => [p.name, p.bound.text, p.source.line])).toEqual([
      ['logs_2024', "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", 3],
      ['logs_default', 'DEFAULT', 4],
      ['logs_2025', "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')", 6],
    ]);
    expect(table(model, 'audit.logs_2024').columns.map((c) => c.name)).toEqual(['id', 'created_at']);
    expect(logs.changedBy.map((c) => c.line)).toEqual([3, 4, 6]);
    // An attached partition names its parent like a PARTITION OF one does (not a copy of the parent's definition).
    const bound = (text: string) => expect.objectContaining({ text });
    expect(table(model, 'audit.logs_2024').partitionOf).toEqual({ schema: 'audit', name: 'logs', bound: bound("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')") });
    expect(table(model, 'audit.logs_2025').partitionOf).toEqual({ schema: 'audit', name: 'logs', bound: bound("FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')") });
  });

  it('keeps the first definition when CREATE TABLE IF NOT EXISTS repeats', async () => {
    const model = await modelOf('CREATE TABLE t (a int);', 'CREATE TABLE IF NOT EXISTS t (a int, b int);');
    expect(table(model, 'public.t').columns.map((c) => c.name)).toEqual(['a']);
  });
});

describe('ALTER / RENAME / DROP update the model', () => {
  it('adds, alters, renames and drops columns, recording who changed them', async () => {
    const model = await modelOf(
      'CREATE TABLE t (a int, b text, c int);',
      `ALTER TABLE t ADD COLUMN d date NOT NULL DEFAULT CURRENT_DATE;
ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN a SET DEFAULT 7;
ALTER TABLE t ALTER COLUMN b TYPE varchar(50);
ALTER TABLE t DROP COLUMN c;
ALTER TABLE t RENAME COLUMN b TO title;`,
    );
    const t = table(model, 'public.t');
    expect(t.columns.map((c) => [c.name, c.type, c.nullable, c.default ?? null])).toEqual([
      ['a', 'integer', false, '7'],
      ['title', 'character varying(50)', true, null],
      ['d', 'date', false, 'CURRENT_DATE'],
    ]);
    expect(t.columns[0].changedBy).toEqual([{ file: 'database/migrations/002_m.sql', line: 2 }]);
    expect(t.changedBy.map((c) => c.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('adds and drops constraints, enables and forces RLS', async () => {
    const model = await modelOf(
      'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int);',
      `ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE SET NULL;
ALTER TABLE c ADD CONSTRAINT c_check CHECK (id > 0);
ALTER TABLE c DROP CONSTRAINT c_check;
ALTER TABLE c ENABLE ROW LEVEL SECURITY;
ALTER TABLE c FORCE ROW LEVEL SECURITY;`,
    );
    const c = table(model, 'public.c');
    expect(c.constraints.map((k) => [k.name, k.onDelete])).toEqual([['c_p', 'set null']]);
    expect(c.rls).toEqual({ enabled: true, forced: true });
  });

  it('renames tables and moves their triggers and policies; SET SCHEMA moves the table', async () => {
    const model = await modelOf(
      `CREATE SCHEMA archive;
CREATE TABLE t (id int);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE POLICY pol ON t USING (true);`,
      `ALTER TABLE t RENAME TO things;
ALTER TRIGGER trg ON things RENAME TO trg2;
ALTER TABLE things SET SCHEMA archive;`,
    );
    expect(model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['archive.things']);
    expect(model.triggers.map((t) => [t.name, `${t.table.schema}.${t.table.name}`])).toEqual([['trg2', 'archive.things']]);
    expect(model.policies.map((p) => [p.name, `${p.table.schema}.${p.table.name}`])).toEqual([['pol', 'archive.things']]);
    expect(model.migrations[1].events.map((e) => `${e.action} ${e.kind} ${e.object}${e.to ? ` → ${e.to}` : ''}`)).toEqual([
      'renamed table public.t → public.things',
      'renamed trigger trg on public.things → trg2 on public.things',
      'renamed table public.things → archive.things',
    ]);
  });

  it('drops tables with their triggers, policies and indexes; drops functions, triggers and policies', async () => {
    const model = await modelOf(
      `CREATE TABLE t (id int); CREATE TABLE u (id int);
CREATE INDEX t_id ON t (id);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER trg BEFORE UPDATE ON u FOR EACH ROW EXECUTE FUNCTION f();
CREATE POLICY pol ON u USING (true);`,
      `DROP TABLE t;
DROP TRIGGER trg ON u;
DROP POLICY IF EXISTS pol ON u;
DROP FUNCTION f();`,
    );
    expect(model.tables.map((t) => t.name)).toEqual(['u']);
    expect(model.indexes).toEqual([]);
    expect(model.triggers).toEqual([]);
    expect(model.policies).toEqual([]);
    expect(model.functions).toEqual([]);
    expect(model.dropped.map((e) => `${e.kind} ${e.object} @${e.source.line}`)).toEqual([
      'table public.t @1',
      'trigger trg on public.u @2',
      'policy pol on public.u @3',
      'function public.f() @4',
    ]);
  });

  it('marks triggers disabled by ALTER TABLE … DISABLE TRIGGER', async () => {
    const model = await modelOf(`CREATE TABLE t (id int);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
ALTER TABLE t DISABLE TRIGGER ALL;`);
    expect(model.triggers[0].enabled).toBe(false);
    expect(model.triggerToggles).toEqual([
      expect.objectContaining({ schema: 'public', table: 't', action: 'disable', trigger: 'ALL', source: { file: 'database/migrations/001_m.sql', line: 4 } }),
    ]);
  });
});

describe('search_path', () => {
  it('resolves unqualified names through SET search_path, reset per file', async () => {
    const model = await modelOf(
      `CREATE SCHEMA clinic;
SET search_path TO clinic, public;
CREATE TABLE patients (id int);
ALTER TABLE patients ADD COLUMN name text;`,
      'CREATE TABLE patients (id int);',
    );
    expect(model.tables.map((t) => [`${t.schema}.${t.name}`, t.columns.length])).toEqual([
      ['clinic.patients', 2],
      ['public.patients', 1],
    ]);
  });
});

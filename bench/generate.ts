/**
 * Synthetic projects for the benchmark: a realistic, deterministic migration
 * and seed set of about the requested size, written to a directory.
 *
 * Each migration is one "module" of an application schema: tables with
 * primary, foreign, unique and check constraints, an index per foreign key,
 * comments, a PL/pgSQL function with `SET search_path`, triggers created
 * inside `DO` guards that check `pg_trigger`, row level security with
 * policies (DROP POLICY IF EXISTS first), a view, and every fifth module a
 * range-partitioned table with monthly partitions. The first migration
 * creates the schemas, the extension, the shared trigger functions and the
 * partitioned audit table. Seeds are `INSERT … ON CONFLICT DO NOTHING` with
 * fixed timestamps; the dev seed starts with an environment guard.
 *
 * The `do-heavy` style writes each table the way many hand-kept histories
 * do, every step guarded so the file can run twice: the status enum in a
 * `DO` block that swallows `duplicate_object`, the foreign key, the policies
 * and the triggers each added inside `DO` behind an `IF NOT EXISTS (SELECT 1
 * FROM pg_…)` catalog check, a column added behind `duplicate_column`, and
 * a trigger function per table.
 *
 * The same scale always gives the same bytes. The SQL is clean under
 * pgscribe's default rules, so the benchmark times the work, not a report
 * of thousands of findings.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A tiny deterministic PRNG (mulberry32), so a scale always gives the same project. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nouns = ['customer', 'account', 'invoice', 'order', 'shipment', 'ticket', 'project', 'asset', 'contract', 'visit', 'device', 'booking'];
const statuses = ['active', 'paused', 'closed', 'draft', 'archived'];

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

function foundation(): string {
  return `-- Foundation: schemas, extensions, shared trigger functions and the audit log.
CREATE SCHEMA IF NOT EXISTS app;
COMMENT ON SCHEMA app IS 'Application tables.';
CREATE SCHEMA IF NOT EXISTS audit;
COMMENT ON SCHEMA audit IS 'Append-only audit log, partitioned by month.';
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS audit.audit_logs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  table_name text NOT NULL,
  operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  row_id uuid,
  old_row jsonb,
  new_row jsonb,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, changed_at)
) PARTITION BY RANGE (changed_at);
COMMENT ON TABLE audit.audit_logs IS 'Every change to an audited table.';
${months(2024, 1, 2040, 12)
  .map(([y, m, ny, nm]) => `CREATE TABLE IF NOT EXISTS audit.audit_logs_${y}_${pad(m, 2)} PARTITION OF audit.audit_logs FOR VALUES FROM ('${y}-${pad(m, 2)}-01') TO ('${ny}-${pad(nm, 2)}-01');`)
  .join('\n')}
CREATE TABLE IF NOT EXISTS audit.audit_logs_default PARTITION OF audit.audit_logs DEFAULT;
ALTER TABLE audit.audit_logs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_logs_read ON audit.audit_logs;
CREATE POLICY audit_logs_read ON audit.audit_logs FOR SELECT USING (current_setting('app.role', true) = 'auditor');

CREATE OR REPLACE FUNCTION app.touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, app
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION audit.log_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, audit
AS $$
BEGIN
  INSERT INTO audit.audit_logs (table_name, operation, row_id, old_row, new_row)
  VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP,
          COALESCE((to_jsonb(NEW) ->> 'id')::uuid, (to_jsonb(OLD) ->> 'id')::uuid),
          CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
          CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
  RETURN COALESCE(NEW, OLD);
END
$$;
`;
}

/** [year, month, next year, next month] for every month in the range. */
function months(fromYear: number, fromMonth: number, toYear: number, toMonth: number): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (let y = fromYear, m = fromMonth; y < toYear || (y === toYear && m <= toMonth); ) {
    const ny = m === 12 ? y + 1 : y;
    const nm = m === 12 ? 1 : m + 1;
    out.push([y, m, ny, nm]);
    y = ny;
    m = nm;
  }
  return out;
}

function guardedTrigger(name: string, table: string, timing: string, fn: string): string {
  return `DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_trigger
    WHERE tgname = '${name}' AND tgrelid = 'app.${table}'::regclass
  ) THEN
    CREATE TRIGGER ${name} ${timing} ON app.${table}
      FOR EACH ROW EXECUTE FUNCTION ${fn}();
  END IF;
END
$$;`;
}

/** How a generated project writes its tables. */
export type GeneratedStyle = 'plain' | 'do-heavy';

/** The noun and the name of a module's `index`th table. */
function tableNameOf(module: number, index: number): { noun: string; name: string } {
  const noun = nouns[(module + index) % nouns.length];
  return { noun, name: `m${pad(module)}_${noun}s_${index}` };
}

function extraColumnsOf(rnd: () => number): string[] {
  return Array.from({ length: 2 + Math.floor(rnd() * 5) }, (_, c) => {
    const kinds = [
      `  note_${c} text`,
      `  amount_${c} numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount_${c} >= 0)`,
      `  due_${c} date`,
      `  flag_${c} boolean NOT NULL DEFAULT false`,
      `  score_${c} integer CHECK (score_${c} BETWEEN 0 AND 100)`,
      `  tags_${c} text[] NOT NULL DEFAULT '{}'`,
    ];
    return kinds[Math.floor(rnd() * kinds.length)];
  });
}

/** A table written with every step guarded inside `DO` (the `do-heavy` style). */
function guardedTable(module: number, index: number, rnd: () => number, previous: string | undefined): { sql: string; name: string } {
  const { noun, name } = tableNameOf(module, index);
  const extraColumns = extraColumnsOf(rnd);
  const policyGuard = (policy: string, create: string) => `DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_policies
    WHERE schemaname = 'app' AND tablename = '${name}' AND policyname = '${policy}'
  ) THEN
    ${create}
  END IF;
END
$$;`;
  const foreignKey = previous
    ? `DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conname = '${name}_parent_id_fkey' AND conrelid = 'app.${name}'::regclass
  ) THEN
    ALTER TABLE app.${name}
      ADD CONSTRAINT ${name}_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES app.${previous} (id) ON DELETE SET NULL;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS ${name}_parent_id_idx ON app.${name} (parent_id);
`
    : '';
  const sql = `DO $$
BEGIN
  CREATE TYPE app.${name}_status AS ENUM (${statuses.map((s) => `'${s}'`).join(', ')});
EXCEPTION
  WHEN duplicate_object THEN NULL;
END
$$;
CREATE TABLE IF NOT EXISTS app.${name} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  display_name text NOT NULL,
  status app.${name}_status NOT NULL DEFAULT '${statuses[index % statuses.length]}',
${previous ? '  parent_id uuid,\n' : ''}${extraColumns.join(',\n')},
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${name}_code_key UNIQUE (code)
);
COMMENT ON TABLE app.${name} IS 'Module ${module}: ${noun} records (${index}).';
${foreignKey}DO $$
BEGIN
  ALTER TABLE app.${name} ADD COLUMN archived_at timestamptz;
EXCEPTION
  WHEN duplicate_column THEN NULL;
END
$$;
CREATE INDEX IF NOT EXISTS ${name}_status_created_idx ON app.${name} (status, created_at DESC) WHERE status <> 'archived';

CREATE OR REPLACE FUNCTION app.${name}_before_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, app
AS $$
BEGIN
  IF NEW.status = 'archived' AND NEW.archived_at IS NULL THEN
    NEW.archived_at := now();
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

ALTER TABLE app.${name} ENABLE ROW LEVEL SECURITY;
${policyGuard(`${name}_select`, `CREATE POLICY ${name}_select ON app.${name} FOR SELECT
      USING (status <> 'archived' OR current_setting('app.role', true) = 'admin');`)}
${policyGuard(`${name}_write`, `CREATE POLICY ${name}_write ON app.${name} FOR UPDATE
      USING (current_setting('app.role', true) IN ('admin', 'editor'));`)}
${guardedTrigger(`${name}_before_write`, name, 'BEFORE INSERT OR UPDATE', `app.${name}_before_write`)}
${index % 2 === 0 ? guardedTrigger(`${name}_audit`, name, 'AFTER INSERT OR UPDATE OR DELETE', 'audit.log_change') : ''}
`;
  return { sql, name };
}

function table(module: number, index: number, rnd: () => number, previous: string | undefined): { sql: string; name: string } {
  const { noun, name } = tableNameOf(module, index);
  const extraColumns = extraColumnsOf(rnd);
  const fk = previous ? `  parent_id uuid REFERENCES app.${previous} (id) ON DELETE SET NULL,\n` : '';
  const sql = `CREATE TABLE IF NOT EXISTS app.${name} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  display_name text NOT NULL,
  status text NOT NULL DEFAULT '${statuses[index % statuses.length]}' CHECK (status IN (${statuses.map((s) => `'${s}'`).join(', ')})),
${fk}${extraColumns.join(',\n')},
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${name}_code_key UNIQUE (code)
);
COMMENT ON TABLE app.${name} IS 'Module ${module}: ${noun} records (${index}).';
COMMENT ON COLUMN app.${name}.code IS 'Stable business key of the ${noun}.';
${previous ? `CREATE INDEX IF NOT EXISTS ${name}_parent_id_idx ON app.${name} (parent_id);\n` : ''}CREATE INDEX IF NOT EXISTS ${name}_status_created_idx ON app.${name} (status, created_at DESC) WHERE status <> 'archived';
ALTER TABLE app.${name} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ${name}_select ON app.${name};
CREATE POLICY ${name}_select ON app.${name} FOR SELECT
  USING (status <> 'archived' OR current_setting('app.role', true) = 'admin');
DROP POLICY IF EXISTS ${name}_write ON app.${name};
CREATE POLICY ${name}_write ON app.${name} FOR UPDATE
  USING (current_setting('app.role', true) IN ('admin', 'editor'))
  WITH CHECK (status IN (${statuses.slice(0, 3).map((s) => `'${s}'`).join(', ')}));
${guardedTrigger(`${name}_touch`, name, 'BEFORE UPDATE', 'app.touch_updated_at')}
${index % 2 === 0 ? guardedTrigger(`${name}_audit`, name, 'AFTER INSERT OR UPDATE OR DELETE', 'audit.log_change') : ''}
`;
  return { sql, name };
}

function routine(module: number, tableName: string): string {
  return `CREATE OR REPLACE FUNCTION app.m${pad(module)}_close_stale(p_days integer DEFAULT 30)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, app
AS $$
DECLARE
  v_count integer := 0;
  v_row record;
BEGIN
  FOR v_row IN
    SELECT id FROM app.${tableName}
    WHERE status = 'paused' AND updated_at < now() - make_interval(days => p_days)
  LOOP
    UPDATE app.${tableName} SET status = 'closed' WHERE id = v_row.id;
    v_count := v_count + 1;
  END LOOP;
  IF v_count > 0 THEN
    RAISE NOTICE 'closed % stale rows in ${tableName}', v_count;
  END IF;
  RETURN v_count;
END
$$;
COMMENT ON FUNCTION app.m${pad(module)}_close_stale(integer) IS 'Closes paused rows untouched for p_days days.';

CREATE OR REPLACE VIEW app.m${pad(module)}_open_items AS
  SELECT id, code, display_name, status, created_at
  FROM app.${tableName}
  WHERE status IN ('active', 'paused');
`;
}

function partitioned(module: number): string {
  const name = `m${pad(module)}_events`;
  const parts = months(2025, 1, 2027, 12)
    .map(([y, m, ny, nm]) => `CREATE TABLE IF NOT EXISTS app.${name}_${y}_${pad(m, 2)} PARTITION OF app.${name} FOR VALUES FROM ('${y}-${pad(m, 2)}-01') TO ('${ny}-${pad(nm, 2)}-01');`)
    .join('\n');
  return `CREATE TABLE IF NOT EXISTS app.${name} (
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
COMMENT ON TABLE app.${name} IS 'Module ${module} event stream, one partition per month.';
${parts}
CREATE TABLE IF NOT EXISTS app.${name}_default PARTITION OF app.${name} DEFAULT;
ALTER TABLE app.${name} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ${name}_read ON app.${name};
CREATE POLICY ${name}_read ON app.${name} FOR SELECT USING (true);
`;
}

function migration(module: number, rnd: () => number, style: GeneratedStyle): { sql: string; tables: string[] } {
  const count = 4 + Math.floor(rnd() * 4);
  const tables: string[] = [];
  let sql = `-- Module ${module}: ${nouns[module % nouns.length]} domain.\n`;
  for (let i = 0; i < count; i++) {
    const t = (style === 'do-heavy' ? guardedTable : table)(module, i, rnd, tables[i - 1]);
    tables.push(t.name);
    sql += `\n${t.sql}`;
  }
  sql += `\n${routine(module, tables[0])}`;
  if (module % 5 === 0) sql += `\n${partitioned(module)}`;
  return { sql, tables };
}

function seedRows(tableName: string, rows: number, dev: boolean): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const code = `${dev ? 'DEV' : 'SYS'}-${tableName.toUpperCase()}-${pad(r, 3)}`;
    return `  ('${code}', '${dev ? 'Demo' : 'Default'} ${r}', '${statuses[r % 3]}', '2026-01-0${(r % 9) + 1} 09:00:00+00', '2026-01-0${(r % 9) + 1} 09:00:00+00')`;
  });
  return `INSERT INTO app.${tableName} (code, display_name, status, created_at, updated_at) VALUES
${values.join(',\n')}
ON CONFLICT (code) DO NOTHING;
`;
}

export interface GeneratedProject {
  dir: string;
  files: number;
  bytes: number;
}

const configFile = {
  exposedSchemas: ['app', 'audit'],
  auditTable: 'audit.audit_logs',
  devSeeds: ['database/seeds/*dev*.sql'],
};

const docs: Record<string, string> = {
  'README.md': '# Synthetic project\n\n<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n',
  'AGENT.md': '# Agent notes\n\n<!-- pgscribe:begin database-guardrails -->\n<!-- pgscribe:end database-guardrails -->\n',
  'Project_Architecture_Document.md':
    '# Architecture\n\n<!-- pgscribe:begin database-architecture -->\n<!-- pgscribe:end database-architecture -->\n',
};

/** Writes a project of about `targetBytes` of SQL into `dir` (which must be empty or absent). */
export function generateProject(dir: string, targetBytes: number, style: GeneratedStyle = 'plain'): GeneratedProject {
  const rnd = random(20261121);
  const migrations = path.join(dir, 'database', 'migrations');
  const seeds = path.join(dir, 'database', 'seeds');
  mkdirSync(migrations, { recursive: true });
  mkdirSync(seeds, { recursive: true });
  const write = (file: string, text: string): number => {
    writeFileSync(file, text);
    return Buffer.byteLength(text);
  };
  let bytes = write(path.join(migrations, '0000_foundation.sql'), foundation());
  let files = 1;
  const seedTargets: string[] = [];
  let seedText = '';
  let seedFile = 1;
  for (let module = 1; bytes < targetBytes; module++) {
    const m = migration(module, rnd, style);
    bytes += write(path.join(migrations, `${pad(module)}_module_${pad(module)}.sql`), m.sql);
    files++;
    seedTargets.push(m.tables[0]);
    seedText += seedRows(m.tables[0], 12, false);
    if (seedTargets.length % 10 === 0) {
      bytes += write(path.join(seeds, `${pad(seedFile, 3)}_system_seed.sql`), `-- System seed ${seedFile}: reference rows.\n${seedText}`);
      files++;
      seedFile++;
      seedText = '';
    }
  }
  if (seedText) {
    bytes += write(path.join(seeds, `${pad(seedFile, 3)}_system_seed.sql`), `-- System seed ${seedFile}: reference rows.\n${seedText}`);
    files++;
  }
  const devSeed = `-- Demo rows for development and test databases only.
DO $$
BEGIN
  IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN
    RAISE EXCEPTION 'dev seed refused: app.environment is "%"', coalesce(current_setting('app.environment', true), '');
  END IF;
END
$$;
${seedTargets.slice(0, 20).map((t) => seedRows(t, 5, true)).join('')}`;
  bytes += write(path.join(seeds, '999_dev_seed.sql'), devSeed);
  files++;
  writeFileSync(path.join(dir, 'pgscribe.config.json'), `${JSON.stringify(configFile, null, 2)}\n`);
  for (const [file, text] of Object.entries(docs)) writeFileSync(path.join(dir, file), text);
  return { dir, files, bytes };
}

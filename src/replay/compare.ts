/**
 * The cross-check: read what Postgres built (pg_catalog) and compare it with
 * the static model — tables, columns and types, nullability, constraints,
 * indexes, triggers, RLS flags, policies and partitions. Each difference is a
 * `replay-model-mismatch` finding at the model object's source (or, for an
 * object the model lacks, at its table's source).
 */

import type { Project } from '../project.js';
import type { Finding } from '../report/findings.js';
import type { ReplayDatabase } from './database.js';
import type { MessageData } from '../lint/types.js';
import { replayFinding } from './findings.js';

const typeAliases: Record<string, string> = {
  'character varying': 'varchar',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  character: 'char',
  bpchar: 'char',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  bool: 'boolean',
  float8: 'double precision',
  float4: 'real',
  decimal: 'numeric',
};

/** A type name both sides agree on: no schema, aliases folded, spaces normalised. */
export function normaliseType(type: string): string {
  let t = type.toLowerCase().replace(/"/g, '').replace(/\s+/g, ' ').trim();
  const array = t.endsWith('[]');
  t = t.replace(/(\[\])+$/, '');
  const mods = /\(([^)]*)\)$/.exec(t);
  let base = (mods ? t.slice(0, mods.index) : t).trim();
  base = base.split('.').pop() ?? base;
  base = typeAliases[base] ?? base;
  const modText = mods ? `(${mods[1].replace(/\s+/g, '')})` : '';
  return `${base}${base === 'char' && !modText ? '(1)' : modText}${array ? '[]' : ''}`;
}

interface Row {
  [key: string]: unknown;
}

const key = (...parts: unknown[]) => parts.join('.');

export async function compareCatalog(db: ReplayDatabase, project: Project): Promise<Finding[]> {
  const { model, config } = project;
  const schemas = [...new Set([...model.schemas.map((s) => s.name), ...model.tables.map((t) => t.schema)])].filter((s) => !config.externalSchemas.includes(s));
  if (schemas.length === 0) return [];
  const findings: Finding[] = [];
  const mismatch = (source: { file: string; line: number }, messageId: string, data: MessageData) => findings.push(replayFinding('replay-model-mismatch', source.file, source.line, 1, { messageId, data }));

  const tables = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
            pn.nspname AS parent_schema, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
       LEFT JOIN pg_class p ON p.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)`,
    [schemas],
  );
  const dbTables = new Map(tables.map((t) => [key(t.schema, t.name), t]));
  const modelTables = new Map(model.tables.filter((t) => schemas.includes(t.schema)).map((t) => [key(t.schema, t.name), t]));
  const lastMigration = { file: model.migrations[model.migrations.length - 1]?.file ?? '', line: 1 };
  for (const [k, t] of modelTables) if (!dbTables.has(k)) mismatch(t.source, 'tableOnlyInModel', { table: k });
  for (const [k] of dbTables) if (!modelTables.has(k)) mismatch(lastMigration, 'tableOnlyInPostgres', { table: k });

  const columns = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY($1)`,
    [schemas],
  );
  const constraints = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype AS type
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype IN ('p', 'f', 'u', 'c', 'x') AND n.nspname = ANY($1) AND k.conparentid = 0`,
    [schemas],
  );
  const triggers = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND n.nspname = ANY($1)`,
    [schemas],
  );
  const policies = await db.query<Row>(`SELECT schemaname AS schema, tablename AS table, policyname AS name, lower(cmd) AS cmd FROM pg_policies WHERE schemaname = ANY($1)`, [schemas]);
  const indexes = await db.query<Row>(
    `SELECT n.nspname AS schema, ic.relname AS name, c.relname AS table
       FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE n.nspname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = x.indexrelid)`,
    [schemas],
  );

  const contypes: Record<string, string> = { p: 'primary key', f: 'foreign key', u: 'unique', c: 'check', x: 'exclusion' };
  for (const [k, table] of modelTables) {
    const dbTable = dbTables.get(k);
    if (!dbTable) continue;
    const dbColumns = columns.filter((c) => key(c.schema, c.table) === k);
    for (const column of table.columns) {
      const found = dbColumns.find((c) => c.name === column.name);
      if (!found) {
        mismatch(column.source, 'columnOnlyInModel', { column: `${k}.${column.name}` });
        continue;
      }
      if (column.type !== 'unknown' && normaliseType(column.type) !== normaliseType(String(found.type))) {
        mismatch(column.source, 'columnType', { column: `${k}.${column.name}`, model: column.type, postgres: String(found.type) });
      }
      if (column.nullable === Boolean(found.notnull)) {
        mismatch(column.source, 'columnNullability', { column: `${k}.${column.name}`, model: column.nullable ? 'nullable' : 'NOT NULL', postgres: found.notnull ? 'NOT NULL' : 'nullable' });
      }
    }
    for (const c of dbColumns) if (!table.columns.some((m) => m.name === c.name)) mismatch(table.source, 'columnOnlyInPostgres', { column: `${k}.${String(c.name)}` });
    if (!table.partitionOf) {
      if (table.rls.enabled !== Boolean(dbTable.rls)) mismatch(table.source, 'rowLevelSecurity', { table: k, postgres: dbTable.rls ? 'on' : 'off', model: table.rls.enabled ? 'on' : 'off' });
      if (table.rls.forced !== Boolean(dbTable.forced)) mismatch(table.source, 'forcedRowLevelSecurity', { table: k, postgres: dbTable.forced ? 'on' : 'off' });
    }
    const dbConstraints = constraints.filter((c) => key(c.schema, c.table) === k);
    for (const c of table.constraints) {
      const found = dbConstraints.find((d) => d.name === c.name);
      if (!found) mismatch(c.source, 'constraintOnlyInModel', { constraint: c.name, table: k });
      else if (contypes[String(found.type)] !== c.type) mismatch(c.source, 'constraintType', { constraint: c.name, table: k, model: c.type, postgres: String(contypes[String(found.type)]) });
    }
    for (const d of dbConstraints) if (!table.constraints.some((c) => c.name === d.name)) mismatch(table.source, 'constraintOnlyInPostgres', { constraint: String(d.name), table: k });
    const children = tables.filter((t) => t.parent && key(t.parent_schema, t.parent) === k);
    for (const p of table.partitions) {
      const found = children.find((c) => c.schema === p.schema && c.name === p.name);
      if (!found) mismatch(p.source, 'partitionNotAttached', { partition: `${p.schema}.${p.name}`, table: k });
      else if ((p.bound.kind === 'default') !== (found.bound === 'DEFAULT')) mismatch(p.source, 'partitionBounds', { partition: `${p.schema}.${p.name}`, postgres: String(found.bound) });
    }
    for (const c of children) if (!table.partitions.some((p) => p.schema === c.schema && p.name === c.name)) mismatch(table.source, 'partitionOnlyInPostgres', { partition: `${String(c.schema)}.${String(c.name)}`, table: k });
  }

  const inScope = (o: { schema: string }) => schemas.includes(o.schema);
  const modelTriggers = new Map(model.triggers.filter((t) => inScope(t.table)).map((t) => [key(t.table.schema, t.table.name, t.name), t]));
  const dbTriggers = new Map(triggers.map((t) => [key(t.schema, t.table, t.name), t]));
  for (const [k, t] of modelTriggers) {
    const found = dbTriggers.get(k);
    if (!found) mismatch(t.source, 'triggerOnlyInModel', { trigger: t.name, table: `${t.table.schema}.${t.table.name}` });
    else if ((found.enabled !== 'D') !== t.enabled) mismatch(t.source, 'triggerEnabled', { trigger: t.name, where: t.enabled ? 'the model' : 'Postgres' });
  }
  for (const [k, t] of dbTriggers) if (!modelTriggers.has(k)) mismatch(modelTables.get(key(t.schema, t.table))?.source ?? lastMigration, 'triggerOnlyInPostgres', { trigger: String(t.name), table: `${String(t.schema)}.${String(t.table)}` });

  const modelPolicies = new Map(model.policies.filter((p) => inScope(p.table)).map((p) => [key(p.table.schema, p.table.name, p.name), p]));
  const dbPolicies = new Map(policies.map((p) => [key(p.schema, p.table, p.name), p]));
  for (const [k, p] of modelPolicies) {
    const found = dbPolicies.get(k);
    if (!found) mismatch(p.source, 'policyOnlyInModel', { policy: p.name, table: `${p.table.schema}.${p.table.name}` });
    else if (String(found.cmd) !== p.command) mismatch(p.source, 'policyCommand', { policy: p.name, model: p.command, postgres: String(found.cmd) });
  }
  for (const [k, p] of dbPolicies) if (!modelPolicies.has(k)) mismatch(modelTables.get(key(p.schema, p.table))?.source ?? lastMigration, 'policyOnlyInPostgres', { policy: String(p.name), table: `${String(p.schema)}.${String(p.table)}` });

  const modelIndexes = new Map(model.indexes.filter(inScope).map((i) => [key(i.schema, i.name), i]));
  const dbIndexes = new Map(indexes.map((i) => [key(i.schema, i.name), i]));
  for (const [k, i] of modelIndexes) if (!dbIndexes.has(k)) mismatch(i.source, 'indexOnlyInModel', { index: k });
  for (const [k, i] of dbIndexes) if (!modelIndexes.has(k)) mismatch(modelTables.get(key(i.schema, i.table))?.source ?? lastMigration, 'indexOnlyInPostgres', { index: k });
  return findings;
}

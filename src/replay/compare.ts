/**
 * The cross-check: what Postgres built (a CatalogState read after the first
 * pass) compared with the static model of the statements that took effect —
 * tables, columns and types, nullability, constraints, indexes, triggers, RLS
 * flags, policies, partitions, views and materialized views, types,
 * functions and procedures (by name and input argument types), and
 * sequences. Each
 * difference is a `replay-model-mismatch` finding at the model object's
 * source (or, for an object the model lacks, at its table's source). Objects that were there before the first migration
 * (the set-up's, the shim's) are left out.
 */

import type { Config } from '../config/schema.js';
import type { MessageData } from '../lint/types.js';
import type { Model } from '../model/types.js';
import type { Finding } from '../report/findings.js';
import { inputTypes } from '../model/catalog.js';
import { buildState, type CatalogState, functionStateKey, objectKey, type StateKind } from './catalog-state.js';
import { replayFinding } from './findings.js';
import { normaliseType } from './type-names.js';

/** What the comparison skips: objects that were there before the first migration ran (made by the set-up or the shim). */
export interface CompareOptions {
  /** The catalog right after the set-up. */
  external?: CatalogState;
  /** Objects that SQL built at run time made (see dynamic.ts): not mismatches when the model lacks them. */
  runtime?: CatalogState;
}

function mergeStates(a: CatalogState, b: CatalogState): CatalogState {
  return buildState((kind) => new Map<string, unknown>([...a[kind], ...b[kind]]));
}

/** The schemas the model is compared in: every schema either side has an object in, but the external ones. */
export function comparedSchemas(model: Model, config: Config, db?: CatalogState): string[] {
  const schemas = new Set<string>(model.schemas.map((s) => s.name));
  for (const list of [model.tables, model.views, model.types, model.indexes, model.sequences, model.functions] as Array<Array<{ schema: string }>>) for (const o of list) schemas.add(o.schema);
  if (db) for (const map of [db.tables, db.views, db.types, db.indexes, db.functions, db.sequences] as Array<Map<string, { schema: string }>>) for (const o of map.values()) schemas.add(o.schema);
  return [...schemas].filter((s) => !config.externalSchemas.includes(s));
}

/** The model compared with what Postgres built (`db`): one `replay-model-mismatch` finding per difference. */
export function compareCatalog(db: CatalogState, model: Model, config: Config, options: CompareOptions = {}): Finding[] {
  const schemas = comparedSchemas(model, config, db);
  if (schemas.length === 0) return [];
  const findings: Finding[] = [];
  const mismatch = (source: { file: string; line: number }, messageId: string, data: MessageData) => findings.push(replayFinding('replay-model-mismatch', source.file, source.line, 1, { messageId, data }));
  const runtime = options.runtime;
  // What the set-up made, and what run-time SQL made, is not the model's to know.
  const external: CatalogState | undefined = options.external && runtime ? mergeStates(options.external, runtime) : (options.external ?? runtime);
  const inScope = (o: { schema: string }) => schemas.includes(o.schema);
  /** Whether an object (of `kind`, by key; on `table`, a `schema.name` key) was there before the migrations, itself or its table. */
  const isExternal = (kind: StateKind, k: string, table?: string) => external !== undefined && (external[kind].has(k) || (table !== undefined && external.tables.has(table)));
  const dbTables = new Map([...db.tables].filter(([k, t]) => inScope(t) && !isExternal('tables', k)));
  const modelTables = new Map(model.tables.filter((t) => inScope(t) && !isExternal('tables', objectKey(t.schema, t.name))).map((t) => [objectKey(t.schema, t.name), t]));
  const lastMigration = { file: model.migrations[model.migrations.length - 1]?.file ?? '', line: 1 };
  for (const [k, t] of modelTables) if (!dbTables.has(k)) mismatch(t.source, 'tableOnlyInModel', { table: k });
  for (const [k] of dbTables) if (!modelTables.has(k)) mismatch(lastMigration, 'tableOnlyInPostgres', { table: k });

  for (const [k, table] of modelTables) {
    const dbTable = dbTables.get(k);
    if (!dbTable) continue;
    for (const column of table.columns) {
      const found = dbTable.columns.get(column.name);
      if (!found) {
        mismatch(column.source, 'columnOnlyInModel', { column: `${k}.${column.name}` });
        continue;
      }
      if (column.type !== 'unknown' && normaliseType(column.type) !== normaliseType(found.type)) {
        mismatch(column.source, 'columnType', { column: `${k}.${column.name}`, model: column.type, postgres: found.type });
      }
      if (column.nullable === found.notNull) {
        mismatch(column.source, 'columnNullability', { column: `${k}.${column.name}`, model: column.nullable ? 'nullable' : 'NOT NULL', postgres: found.notNull ? 'NOT NULL' : 'nullable' });
      }
    }
    for (const name of dbTable.columns.keys()) if (!table.columns.some((m) => m.name === name)) mismatch(table.source, 'columnOnlyInPostgres', { column: `${k}.${name}` });
    if (!table.partitionOf) {
      if (table.rls.enabled !== dbTable.rls) mismatch(table.source, 'rowLevelSecurity', { table: k, postgres: dbTable.rls ? 'on' : 'off', model: table.rls.enabled ? 'on' : 'off' });
      if (table.rls.forced !== dbTable.forced) mismatch(table.source, 'forcedRowLevelSecurity', { table: k, postgres: dbTable.forced ? 'on' : 'off' });
    }
    for (const c of table.constraints) {
      const found = dbTable.constraints.get(c.name);
      if (!found) mismatch(c.source, 'constraintOnlyInModel', { constraint: c.name, table: k });
      else if (found !== c.type) mismatch(c.source, 'constraintType', { constraint: c.name, table: k, model: c.type, postgres: found });
    }
    for (const name of dbTable.constraints.keys()) if (!table.constraints.some((c) => c.name === name)) mismatch(table.source, 'constraintOnlyInPostgres', { constraint: name, table: k });
    const children = [...dbTables.values()].filter((t) => t.parent === k);
    for (const p of table.partitions) {
      const found = dbTables.get(objectKey(p.schema, p.name));
      if (!found || found.parent !== k) mismatch(p.source, 'partitionNotAttached', { partition: `${p.schema}.${p.name}`, table: k });
      else if ((p.bound.kind === 'default') !== (found.bound === 'DEFAULT')) mismatch(p.source, 'partitionBounds', { partition: `${p.schema}.${p.name}`, postgres: String(found.bound) });
    }
    for (const c of children) if (!table.partitions.some((p) => p.schema === c.schema && p.name === c.name)) mismatch(table.source, 'partitionOnlyInPostgres', { partition: `${c.schema}.${c.name}`, table: k });
  }

  const tableSource = (schema: string, table: string) => modelTables.get(objectKey(schema, table))?.source ?? lastMigration;
  const modelTriggers = new Map(
    model.triggers.filter((t) => inScope(t.table) && !isExternal('triggers', objectKey(t.table.schema, t.table.name, t.name), objectKey(t.table.schema, t.table.name))).map((t) => [objectKey(t.table.schema, t.table.name, t.name), t]),
  );
  const dbTriggers = new Map([...db.triggers].filter(([k, t]) => inScope(t) && !isExternal('triggers', k, objectKey(t.schema, t.table))));
  for (const [k, t] of modelTriggers) {
    const found = dbTriggers.get(k);
    if (!found) mismatch(t.source, 'triggerOnlyInModel', { trigger: t.name, table: `${t.table.schema}.${t.table.name}` });
    else if (found.enabled !== t.enabled) mismatch(t.source, 'triggerEnabled', { trigger: t.name, where: t.enabled ? 'the model' : 'Postgres' });
  }
  for (const [k, t] of dbTriggers) if (!modelTriggers.has(k)) mismatch(tableSource(t.schema, t.table), 'triggerOnlyInPostgres', { trigger: t.name, table: `${t.schema}.${t.table}` });

  const modelPolicies = new Map(
    model.policies.filter((p) => inScope(p.table) && !isExternal('policies', objectKey(p.table.schema, p.table.name, p.name), objectKey(p.table.schema, p.table.name))).map((p) => [objectKey(p.table.schema, p.table.name, p.name), p]),
  );
  const dbPolicies = new Map([...db.policies].filter(([k, p]) => inScope(p) && !isExternal('policies', k, objectKey(p.schema, p.table))));
  for (const [k, p] of modelPolicies) {
    const found = dbPolicies.get(k);
    if (!found) mismatch(p.source, 'policyOnlyInModel', { policy: p.name, table: `${p.table.schema}.${p.table.name}` });
    else if (found.command !== p.command) mismatch(p.source, 'policyCommand', { policy: p.name, model: p.command, postgres: found.command });
  }
  for (const [k, p] of dbPolicies) if (!modelPolicies.has(k)) mismatch(tableSource(p.schema, p.table), 'policyOnlyInPostgres', { policy: p.name, table: `${p.schema}.${p.table}` });

  const modelIndexes = new Map(model.indexes.filter((i) => inScope(i) && !isExternal('indexes', objectKey(i.schema, i.name))).map((i) => [objectKey(i.schema, i.name), i]));
  const dbIndexes = new Map([...db.indexes].filter(([k, i]) => inScope(i) && !isExternal('indexes', k)));
  for (const [k, i] of modelIndexes) if (!dbIndexes.has(k)) mismatch(i.source, 'indexOnlyInModel', { index: k });
  for (const [k, i] of dbIndexes) if (!modelIndexes.has(k)) mismatch(tableSource(i.schema, i.table), 'indexOnlyInPostgres', { index: k });

  const modelViews = new Map(model.views.filter((v) => inScope(v) && !isExternal('views', objectKey(v.schema, v.name))).map((v) => [objectKey(v.schema, v.name), v]));
  const dbViews = new Map([...db.views].filter(([k, v]) => inScope(v) && !isExternal('views', k)));
  for (const [k, v] of modelViews) {
    const found = dbViews.get(k);
    const kind = v.materialized ? 'materialized view' : 'view';
    if (!found) mismatch(v.source, 'viewOnlyInModel', { kind, view: k });
    else if (found.materialized !== v.materialized) mismatch(v.source, 'viewKind', { view: k, model: kind, postgres: found.materialized ? 'materialized view' : 'view' });
  }
  for (const [k, v] of dbViews) if (!modelViews.has(k)) mismatch(lastMigration, 'viewOnlyInPostgres', { kind: v.materialized ? 'materialized view' : 'view', view: k });

  const modelTypes = new Map(model.types.filter((t) => inScope(t) && !isExternal('types', objectKey(t.schema, t.name))).map((t) => [objectKey(t.schema, t.name), t]));
  const dbTypes = new Map([...db.types].filter(([k, t]) => inScope(t) && !isExternal('types', k)));
  for (const [k, t] of modelTypes) if (!dbTypes.has(k)) mismatch(t.source, 'typeOnlyInModel', { type: k });
  for (const [k] of dbTypes) if (!modelTypes.has(k)) mismatch(lastMigration, 'typeOnlyInPostgres', { type: k });

  const modelFunctions = new Map(model.functions.map((f) => [functionStateKey(f.schema, f.name, inputTypes(f)), f] as const).filter(([k, f]) => inScope(f) && !isExternal('functions', k)));
  const dbFunctions = new Map([...db.functions].filter(([k, f]) => inScope(f) && !isExternal('functions', k)));
  for (const [k, f] of modelFunctions) if (!dbFunctions.has(k)) mismatch(f.source, 'functionOnlyInModel', { kind: f.kind, function: k });
  for (const [k, f] of dbFunctions) if (!modelFunctions.has(k)) mismatch(lastMigration, 'functionOnlyInPostgres', { kind: f.kind, function: k });

  // Sequences a column owns (serial, identity) are the column's: the model has them as its default, not as sequences.
  const modelSequences = new Map(model.sequences.filter((q) => inScope(q) && !isExternal('sequences', objectKey(q.schema, q.name))).map((q) => [objectKey(q.schema, q.name), q]));
  const dbSequences = new Map([...db.sequences].filter(([k, q]) => inScope(q) && !isExternal('sequences', k)));
  for (const [k, q] of modelSequences) if (!dbSequences.has(k)) mismatch(q.source, 'sequenceOnlyInModel', { sequence: k });
  for (const [k, q] of dbSequences) if (!q.owned && !modelSequences.has(k)) mismatch(lastMigration, 'sequenceOnlyInPostgres', { sequence: k });
  return findings;
}

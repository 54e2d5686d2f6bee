/**
 * Tables and their columns in the model: CREATE TABLE (columns, constraints,
 * partitioning, PARTITION OF, LIKE, INHERITS), ALTER TABLE (columns,
 * defaults, constraints, RLS, triggers on/off, ATTACH/DETACH PARTITION),
 * RENAME of a table or column and SET SCHEMA (what belongs to the table
 * follows it: its indexes, triggers, policies, the foreign keys that
 * reference it, its partitions), and DROP TABLE / DROP COLUMN over
 * dependents.ts (the views on a table or column, the foreign keys that
 * reference it: refused without CASCADE, dropped with it).
 */

import { type AstNode, asKind, bool, child, constValue, list, names, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { rangeVar, typeNameText } from '../sql/names.js';
import { type AlterTableCommand, alterTableCommands, alteredKind, boundForm, constraintKind, identityKind, isTemporary, isUnlogged, partitionStrategy } from '../sql/statements.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, type ObjectRef, sourceOf, touch, triggerKey } from './catalog.js';
import { addConstraint, dropConstraint, dropRedundantUnique, renameConstraint } from './constraints.js';
import { dropObjects } from './dependents.js';
import { qualify } from './lookup.js';
import { makeObjectName } from './names.js';
import { expressionReferences } from './references.js';
import type { ColumnDef, ObjectName, PartitionBound, PartitionKey, TableDef, ViewDef } from './types.js';

function literalText(value: unknown): string {
  const v = constValue(value);
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (v === null) return 'NULL';
  if (v !== undefined) return String(v);
  const ref = asKind(value, 'ColumnRef');
  if (ref) return names(list(ref, 'fields')).join('.').toUpperCase(); // MINVALUE / MAXVALUE
  return '?';
}

/** Reads a PartitionBoundSpec. */
export function partitionBound(spec: AstNode | undefined): PartitionBound {
  const form = boundForm(spec);
  if (!spec || form === 'default') return { kind: 'default', text: 'DEFAULT' };
  if (form === 'range') {
    const from = list(spec, 'lowerdatums').map(literalText);
    const to = list(spec, 'upperdatums').map(literalText);
    return { kind: 'range', from, to, text: `FOR VALUES FROM (${from.join(', ')}) TO (${to.join(', ')})` };
  }
  if (form === 'list') {
    const values = list(spec, 'listdatums').map(literalText);
    return { kind: 'list', values, text: `FOR VALUES IN (${values.join(', ')})` };
  }
  const modulus = Number(spec.modulus ?? 0);
  const remainder = Number(spec.remainder ?? 0);
  return { kind: 'hash', modulus, remainder, text: `FOR VALUES WITH (modulus ${modulus}, remainder ${remainder})` };
}

function partitionKey(statement: SqlStatement, spec: AstNode | undefined): PartitionKey | undefined {
  if (!spec) return undefined;
  const strategy = partitionStrategy(spec);
  const columns = list(spec, 'partParams').map((p) => {
    const elem = asKind(p, 'PartitionElem');
    return str(elem, 'name') || expressionText(statement, elem?.expr, 'element') || '?';
  });
  return { strategy, columns };
}

/** Applies one column-level constraint to the column and table. */
function columnConstraint(statement: SqlStatement, catalog: Catalog, table: TableDef, column: ColumnDef, value: unknown): void {
  const c = asKind(value, 'Constraint');
  if (!c) return;
  switch (constraintKind(c)) {
    case 'not null':
      column.nullable = false;
      return;
    case 'null':
      column.nullable = true;
      return;
    case 'default':
      column.default = expressionText(statement, c.raw_expr, 'default');
      catalog.refer({ kind: 'default', table, column }, column, expressionReferences(catalog, table, c.raw_expr));
      return;
    case 'identity':
      column.identity = identityKind(c);
      column.nullable = false;
      return;
    case 'generated':
      column.generated = expressionText(statement, c.raw_expr);
      // A generated column depends on what its expression uses (the columns it reads among them): it is dropped with a function it calls.
      catalog.refer({ kind: 'column', table, column }, column, expressionReferences(catalog, table, c.raw_expr));
      return;
    default:
      addConstraint(statement, catalog, table, c, [column.name]);
  }
}

/** The sequence Postgres makes for a serial column: ChooseRelationName(table, column, "seq"), cut to fit 63 bytes (before a numeric suffix for a taken name). */
function serialSequenceName(table: string, column: string): string {
  return makeObjectName(table, column, 'seq');
}

function newColumn(statement: SqlStatement, catalog: Catalog, table: TableDef, def: AstNode): ColumnDef {
  const column: ColumnDef = {
    source: sourceOf(statement),
    changedBy: [],
    name: str(def, 'colname'),
    type: catalog.formatType(def.typeName),
    nullable: true,
  };
  if (bool(def, 'is_not_null')) column.nullable = false;
  table.columns = table.columns.filter((c) => c.name !== column.name);
  table.columns.push(column);
  for (const constraint of list(def, 'constraints')) columnConstraint(statement, catalog, table, column, constraint);
  if (/^(big|small)?serial\d?$/.test(typeNameText(def.typeName))) {
    // Postgres makes a sequence and sets the default (and NOT NULL): the column is an integer type.
    column.nullable = false;
    column.default ??= `nextval('${table.schema}.${serialSequenceName(table.name, column.name)}'::regclass)`;
  }
  return column;
}

function copyColumns(statement: SqlStatement, from: TableDef | undefined, into: TableDef): void {
  if (!from) return;
  for (const col of from.columns) {
    if (into.columns.some((c) => c.name === col.name)) continue;
    into.columns.push(Object.assign({}, col, { source: sourceOf(statement), changedBy: [], comment: undefined }));
  }
}

export function createTable(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const rel = rangeVar(node.relation);
  if (!rel) return;
  if (isTemporary(child(node, 'relation'))) {
    catalog.temporaryTables.add(rel.name);
    return;
  }
  const name: ObjectName = { schema: catalog.creationSchema(rel), name: rel.name };
  const k = key(name.schema, name.name);
  const existing = catalog.tables.get(k);
  if (existing) {
    // IF NOT EXISTS (or a failing re-create): the first definition stands.
    catalog.claim(existing, statement, 'table', k);
    return;
  }
  const table: TableDef = {
    source: sourceOf(statement),
    changedBy: [],
    schema: name.schema,
    name: name.name,
    kind: node.partspec ? 'partitioned table' : 'table',
    columns: [],
    constraints: [],
    partitions: [],
    rls: { enabled: false, forced: false },
    disabledTriggers: [],
  };
  if (isUnlogged(child(node, 'relation'))) table.unlogged = true;
  catalog.tables.set(k, table);
  const parents = list(node, 'inhRelations').map((r) => catalog.resolveRelation(rangeVar(r) ?? { name: '' }));
  for (const parent of parents) copyColumns(statement, catalog.table(parent), table);
  for (const element of list(node, 'tableElts')) {
    const column = asKind(element, 'ColumnDef');
    if (column) {
      const existing = table.columns.find((c) => c.name === str(column, 'colname'));
      if (existing && !column.typeName) {
        // `PARTITION OF p (col WITH OPTIONS NOT NULL …)`: options on an inherited column.
        for (const constraint of list(column, 'constraints')) columnConstraint(statement, catalog, table, existing, constraint);
      } else newColumn(statement, catalog, table, column);
      continue;
    }
    const like = asKind(element, 'TableLikeClause');
    if (like) {
      copyColumns(statement, catalog.table(catalog.resolveRelation(rangeVar(like.relation) ?? { name: '' })), table);
      continue;
    }
    const constraint = asKind(element, 'Constraint');
    if (constraint) addConstraint(statement, catalog, table, constraint);
  }
  dropRedundantUnique(table);
  table.partitionKey = partitionKey(statement, child(node, 'partspec'));
  const boundSpec = child(node, 'partbound');
  if (boundSpec && parents[0]) attachPartition(catalog, statement, parents[0], table, partitionBound(boundSpec));
  catalog.record('created', 'table', `${name.schema}.${name.name}`, statement);
}

function attachPartition(catalog: Catalog, statement: SqlStatement, parentName: ObjectName, child: TableDef, bound: PartitionBound): void {
  child.partitionOf = { schema: parentName.schema, name: parentName.name, bound };
  const parent = catalog.table(parentName);
  if (!parent) return;
  parent.partitions = parent.partitions.filter((p) => !(p.schema === child.schema && p.name === child.name));
  parent.partitions.push({ source: sourceOf(statement), changedBy: [], schema: child.schema, name: child.name, bound });
  copyColumns(statement, parent, child);
  // Postgres copies the parent's CHECK constraints onto every partition (the others are linked, not copied).
  for (const check of parent.constraints.filter((c) => c.type === 'check')) {
    if (!child.constraints.some((c) => c.name === check.name)) child.constraints.push(Object.assign({}, check, { source: sourceOf(statement), changedBy: [] }));
  }
  catalog.record('created', 'partition', `${child.schema}.${child.name}`, statement);
  touch(parent, statement);
}

/** Reads `ALTER TABLE … DISABLE/ENABLE TRIGGER` commands of a statement (also used for seeds). */
export function triggerToggles(statement: SqlStatement, resolve: (n: { schema?: string; name: string }) => ObjectName) {
  const out: Array<{ table: ObjectName; action: 'disable' | 'enable'; trigger: string }> = [];
  if (statement.kind !== 'AlterTableStmt') return out;
  const rel = rangeVar(statement.node.relation);
  if (!rel) return out;
  const table = resolve(rel);
  for (const cmd of alterTableCommands(statement.node)) {
    if (cmd.action === 'enable trigger' || cmd.action === 'disable trigger') out.push({ table, action: cmd.action === 'enable trigger' ? 'enable' : 'disable', trigger: cmd.trigger });
  }
  return out;
}

export function alterTable(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const kind = alteredKind(node);
  if (kind && kind !== 'table' && kind !== 'foreign table') return;
  const rel = rangeVar(node.relation);
  if (!rel || catalog.isTemporaryName(rel)) return;
  const name = catalog.resolveRelation(rel);
  const table = catalog.table(name);
  for (const toggle of triggerToggles(statement, () => name)) {
    catalog.triggerToggles.push({ schema: toggle.table.schema, name: toggle.table.name, table: toggle.table.name, action: toggle.action, trigger: toggle.trigger, source: sourceOf(statement) });
  }
  if (!table) return;
  touch(table, statement);
  for (const cmd of alterTableCommands(node)) alterTableCommand(catalog, statement, table, cmd);
}

function findColumn(table: TableDef, name: string): ColumnDef | undefined {
  return table.columns.find((c) => c.name === name);
}

function alterTableCommand(catalog: Catalog, statement: SqlStatement, table: TableDef, cmd: AlterTableCommand): void {
  const tableName = qualify(table);
  switch (cmd.action) {
    case 'add column': {
      const def = cmd.column;
      if (findColumn(table, str(def, 'colname'))) return;
      newColumn(statement, catalog, table, def);
      catalog.record('created', 'column', `${tableName}.${str(def, 'colname')}`, statement);
      return;
    }
    case 'drop column': {
      // With it go the indexes and constraints that use it; the views, policies and foreign keys that use it block it, or go too with CASCADE.
      const column = findColumn(table, cmd.name);
      if (column) dropObjects(catalog, [{ kind: 'column', table, column }], cmd.cascade, statement);
      return;
    }
    case 'set default': {
      const column = findColumn(table, cmd.name);
      if (!column) return;
      column.default = cmd.expression ? expressionText(statement, cmd.expression, 'default') : undefined;
      catalog.refer({ kind: 'default', table, column }, column, cmd.expression ? expressionReferences(catalog, table, cmd.expression) : new Set());
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${cmd.name}`, statement);
      return;
    }
    case 'set not null':
    case 'drop not null': {
      const column = findColumn(table, cmd.name);
      if (!column) return;
      column.nullable = cmd.action === 'drop not null';
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${cmd.name}`, statement);
      return;
    }
    case 'alter column type': {
      const column = findColumn(table, cmd.name);
      if (!column || !cmd.column) return;
      column.type = catalog.formatType(cmd.column.typeName);
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${cmd.name}`, statement);
      return;
    }
    case 'add identity':
    case 'set identity': {
      const column = findColumn(table, cmd.name);
      if (column && cmd.constraint) column.identity = identityKind(cmd.constraint);
      return;
    }
    case 'drop identity': {
      const column = findColumn(table, cmd.name);
      if (column) column.identity = undefined;
      return;
    }
    case 'add constraint': {
      const c = cmd.constraint;
      const written = str(c, 'conname');
      if (written && table.constraints.some((k) => k.name === written)) return; // a re-run fails; the first stands
      if (constraintKind(c) === 'not null') {
        for (const col of names(list(c, 'keys'))) {
          const column = findColumn(table, col);
          if (column) column.nullable = false;
        }
        return;
      }
      addConstraint(statement, catalog, table, c);
      return;
    }
    case 'drop constraint':
      dropConstraint(catalog, statement, table, cmd.name, cmd.cascade);
      return;
    case 'enable row level security':
    case 'disable row level security':
      table.rls.enabled = cmd.action === 'enable row level security';
      catalog.record('changed', 'table', tableName, statement);
      return;
    case 'force row level security':
    case 'no force row level security':
      table.rls.forced = cmd.action === 'force row level security';
      catalog.record('changed', 'table', tableName, statement);
      return;
    case 'attach partition': {
      const childName = catalog.resolveRelation(rangeVar(cmd.partition) ?? { name: '' });
      const childTable = catalog.table(childName);
      if (childTable) attachPartition(catalog, statement, table, childTable, partitionBound(cmd.bound));
      return;
    }
    case 'detach partition': {
      const childName = catalog.resolveRelation(rangeVar(cmd.partition) ?? { name: '' });
      table.partitions = table.partitions.filter((p) => !(p.schema === childName.schema && p.name === childName.name));
      const childTable = catalog.table(childName);
      if (childTable) childTable.partitionOf = undefined;
      catalog.record('dropped', 'partition', `${childName.schema}.${childName.name}`, statement);
      return;
    }
    case 'enable trigger':
    case 'disable trigger': {
      const enable = cmd.action === 'enable trigger';
      const trigger = cmd.trigger;
      if (!enable) {
        if (!table.disabledTriggers.includes(trigger)) table.disabledTriggers.push(trigger);
      } else table.disabledTriggers = table.disabledTriggers.filter((t) => t !== trigger && !(trigger === 'ALL'));
      for (const t of catalog.triggers.values()) {
        if (t.table.schema !== table.schema || t.table.name !== table.name) continue;
        if (cmd.every || t.name === trigger) t.enabled = enable;
      }
      return;
    }
    default:
      return;
  }
}

/**
 * What belongs to a relation follows it to a new name (RENAME, SET SCHEMA):
 * its triggers and policies (keyed by the table's name), its indexes, the
 * foreign keys that reference it, partitions' links. What refers to it by
 * identity (a view's query, a policy's subquery) needs no change.
 */
export function moveRelationDependents(catalog: Catalog, from: ObjectName, to: ObjectName): void {
  const prefix = `${key(from.schema, from.name)}.`;
  for (const map of [catalog.triggers, catalog.policies] as Array<Map<string, { table: ObjectName; schema: string; name: string }>>) {
    for (const [k, v] of [...map]) {
      if (!k.startsWith(prefix)) continue;
      map.delete(k);
      v.table = { ...to };
      v.schema = to.schema;
      map.set(triggerKey(to, v.name), v);
    }
  }
  for (const index of catalog.indexes.values()) {
    if (index.table.schema === from.schema && index.table.name === from.name) index.table = { ...to };
  }
  for (const t of catalog.tables.values()) {
    for (const c of t.constraints) {
      if (c.references && c.references.schema === from.schema && c.references.name === from.name) c.references = { ...c.references, ...to };
    }
    for (const p of t.partitions) if (p.schema === from.schema && p.name === from.name) Object.assign(p, to);
    if (t.partitionOf && t.partitionOf.schema === from.schema && t.partitionOf.name === from.name) t.partitionOf = { ...t.partitionOf, ...to };
  }
}

/** Moves a table (or view) in the catalog's map to its new name, with what belongs to it. */
export function moveRelation<T extends TableDef | ViewDef>(catalog: Catalog, map: Map<string, T>, relation: T, to: ObjectName): ObjectName {
  const from = { schema: relation.schema, name: relation.name };
  map.delete(qualify(from));
  relation.schema = to.schema;
  relation.name = to.name;
  map.set(qualify(relation), relation);
  moveRelationDependents(catalog, from, to);
  return from;
}

/** `ALTER TABLE t RENAME TO u`. */
export function renameTable(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, newName: string): void {
  const table = catalog.table(catalog.resolveRelation(rel));
  if (!table) return;
  const from = moveRelation(catalog, catalog.tables, table, { schema: table.schema, name: newName });
  touch(table, statement);
  catalog.record('renamed', 'table', qualify(from), statement, qualify(table));
}

/** `ALTER TABLE t SET SCHEMA s`. */
export function setTableSchema(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, schema: string): void {
  const table = catalog.table(catalog.resolveRelation(rel));
  if (!table) return;
  const from = moveRelation(catalog, catalog.tables, table, { schema, name: table.name });
  touch(table, statement);
  catalog.record('renamed', 'table', qualify(from), statement, qualify(table));
}

/** `ALTER TABLE t RENAME COLUMN a TO b` (and `RENAME CONSTRAINT`, which is the table's too). */
export function renameColumn(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, oldName: string, newName: string): void {
  const table = catalog.table(catalog.resolveRelation(rel));
  const column = table?.columns.find((c) => c.name === oldName);
  if (!table || !column) return;
  column.name = newName;
  for (const c of table.constraints) c.columns = c.columns.map((x) => (x === oldName ? newName : x));
  touch(column, statement);
  touch(table, statement);
  catalog.record('renamed', 'column', `${qualify(table)}.${oldName}`, statement, `${qualify(table)}.${newName}`);
}

/** `ALTER TABLE t RENAME CONSTRAINT a TO b`. */
export function renameTableConstraint(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, oldName: string, newName: string): void {
  const table = catalog.table(catalog.resolveRelation(rel));
  if (table) renameConstraint(catalog, statement, table, oldName, newName);
}

/**
 * What `DROP TABLE name` drops: the table, or nothing for a temporary one
 * (which leaves the session's names) or one the model does not have.
 */
export function tableTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  if (catalog.isTemporaryName(name)) {
    catalog.temporaryTables.delete(name.name);
    return undefined;
  }
  const table = catalog.table(catalog.resolveRelation(name));
  return table ? { kind: 'table', table } : undefined;
}

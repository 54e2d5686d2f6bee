/**
 * Tables in the model: CREATE TABLE (columns, constraints, partitioning,
 * PARTITION OF, LIKE, INHERITS) and ALTER TABLE (columns, defaults,
 * constraints, RLS, triggers on/off, ATTACH/DETACH PARTITION).
 */

import { type AstNode, asKind, bool, child, constValue, list, names, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { rangeVar, typeNameText } from '../sql/names.js';
import { type AlterTableCommand, alterTableCommands, alteredKind, boundForm, constraintKind, identityKind, isTemporary, isUnlogged, partitionStrategy, referentialAction } from '../sql/statements.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import { chooseName, columnsAddition, makeObjectName } from './names.js';
import type {
  ColumnDef,
  ConstraintDef,
  ObjectName,
  PartitionBound,
  PartitionKey,
  TableDef,
} from './types.js';

/** The label of each kind's default name (`t_pkey`, `t_a_key`, `t_a_fkey`, `t_a_check`, `t_a_excl`). */
const constraintLabels: Record<ConstraintDef['type'], string> = { 'primary key': 'pkey', unique: 'key', 'foreign key': 'fkey', check: 'check', exclusion: 'excl' };

/** The columns part of a constraint's default name: none for a primary key, a check's only when it reads one column. */
function nameColumns(def: ConstraintDef): string | undefined {
  if (def.type === 'primary key' || (def.type === 'check' && def.columns.length !== 1)) return undefined;
  return def.columns.length > 0 ? columnsAddition(def.columns) : undefined;
}

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
      return;
    case 'identity':
      column.identity = identityKind(c);
      column.nullable = false;
      return;
    case 'generated':
      column.generated = expressionText(statement, c.raw_expr);
      return;
    default:
      addConstraint(statement, catalog, table, c, [column.name]);
  }
}

/**
 * `PRIMARY KEY | UNIQUE USING INDEX i`: the index becomes the constraint's
 * (Postgres renames it to the constraint's name), so it is no index of its
 * own any more. Returns it, taken out of the catalog's indexes.
 */
function usedIndex(catalog: Catalog, table: TableDef, c: AstNode) {
  const name = str(c, 'indexname');
  if (!name) return undefined;
  const k = key(table.schema, name);
  const index = catalog.indexes.get(k);
  if (index) catalog.indexes.delete(k);
  return index;
}

/** Builds a table constraint (PK, FK, unique, check, exclusion) and adds it. */
export function addConstraint(
  statement: SqlStatement,
  catalog: Catalog,
  table: TableDef,
  c: AstNode,
  columnOf: string[] = [],
): ConstraintDef | undefined {
  const type = constraintKind(c);
  let def: ConstraintDef | undefined;
  const written = str(c, 'conname');
  // Written out in every literal below, not spread from a shared object: see sourceOf().
  const source = sourceOf(statement);
  const derivedName = !written;
  switch (type) {
    case 'primary key': {
      const index = usedIndex(catalog, table, c);
      const columns = index?.columns ?? (columnOf.length > 0 ? columnOf : names(list(c, 'keys')));
      def = { source, changedBy: [], derivedName: derivedName && !index, name: written || index?.name || '', type: 'primary key', columns };
      for (const col of table.columns) if (columns.includes(col.name)) col.nullable = false;
      break;
    }
    case 'unique': {
      const index = usedIndex(catalog, table, c);
      const columns = index?.columns ?? (columnOf.length > 0 ? columnOf : names(list(c, 'keys')));
      def = { source, changedBy: [], derivedName: derivedName && !index, name: written || index?.name || '', type: 'unique', columns };
      break;
    }
    case 'foreign key': {
      const columns = columnOf.length > 0 ? columnOf : names(list(c, 'fk_attrs'));
      const target = catalog.resolveRelation(rangeVar(c.pktable) ?? { name: '' });
      let refColumns = names(list(c, 'pk_attrs'));
      const implied = refColumns.length === 0;
      if (implied) {
        const pk = catalog.table(target)?.constraints.find((k) => k.type === 'primary key');
        refColumns = pk ? [...pk.columns] : [];
      }
      def = {
        source,
        changedBy: [],
        derivedName,
        name: written,
        type: 'foreign key',
        columns,
        references: implied ? { schema: target.schema, name: target.name, columns: refColumns, implied } : { schema: target.schema, name: target.name, columns: refColumns },
        onDelete: referentialAction(c, 'delete'),
        onUpdate: referentialAction(c, 'update'),
      };
      break;
    }
    case 'check': {
      const expression = expressionText(statement, c.raw_expr) ?? '';
      const referenced = columnOf.length > 0 ? columnOf : checkColumns(c.raw_expr, table);
      def = {
        source,
        changedBy: [],
        derivedName,
        name: written,
        type: 'check',
        columns: referenced,
        expression,
      };
      break;
    }
    case 'exclusion': {
      const elements: string[] = [];
      const columns: string[] = [];
      for (const pair of list(c, 'exclusions')) {
        const items = list(asKind(pair, 'List'), 'items');
        const elem = asKind(items[0], 'IndexElem');
        const op = names(list(asKind(items[1], 'List'), 'items')).join('.');
        const name = str(elem, 'name') || expressionText(statement, elem?.expr, 'element') || '?';
        if (str(elem, 'name')) columns.push(name);
        elements.push(`${name} WITH ${op}`);
      }
      const where = c.where_clause ? expressionText(statement, c.where_clause) : undefined;
      def = {
        source,
        changedBy: [],
        derivedName,
        name: written,
        type: 'exclusion',
        columns,
        using: str(c, 'access_method') || 'btree',
        expression: elements.join(', '),
      };
      if (where !== undefined) def.where = where;
      break;
    }
    default:
      return undefined;
  }
  // A table has one primary key: adding one means the old one is gone (or the statement fails).
  if (def.type === 'primary key') table.constraints = table.constraints.filter((k) => k.type !== 'primary key');
  if (!written) {
    // Postgres' ChooseConstraintName: the table, the columns and the kind's label, with a number in the label when the name is taken (t_check, t_check1, …).
    const taken = (name: string) => table.constraints.some((k) => k.name === name);
    if (!def.name || taken(def.name)) def.name = chooseName(table.name, nameColumns(def), constraintLabels[def.type], taken);
  }
  table.constraints = table.constraints.filter((k) => k.name !== def!.name);
  table.constraints.push(def);
  catalog.record('created', 'constraint', `${qualify(table)}.${def.name}`, statement);
  return def;
}

/** Column names a CHECK expression references (for its default name). */
function checkColumns(expr: unknown, table: TableDef): string[] {
  const found: string[] = [];
  const stack: unknown[] = [expr];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const ref = asKind(v, 'ColumnRef');
      if (ref) {
        const parts = names(list(ref, 'fields'));
        const col = parts[parts.length - 1];
        if (col && table.columns.some((c) => c.name === col) && !found.includes(col)) found.push(col);
      } else stack.push(...Object.values(v));
    }
  }
  return found;
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
  if (catalog.tables.has(k)) return; // IF NOT EXISTS (or a failing re-create): the first definition stands
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

/** CREATE TABLE keeps one index constraint per column list: a UNIQUE on the primary key's columns is dropped. */
function dropRedundantUnique(table: TableDef): void {
  const pk = table.constraints.find((k) => k.type === 'primary key');
  if (!pk) return;
  const same = (k: ConstraintDef) => k.type === 'unique' && k.derivedName && k.columns.join(',') === pk.columns.join(',');
  table.constraints = table.constraints.filter((k) => !same(k));
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
      const columnName = cmd.name;
      if (!findColumn(table, columnName)) return;
      table.columns = table.columns.filter((c) => c.name !== columnName);
      table.constraints = table.constraints.filter((k) => !k.columns.includes(columnName));
      // Postgres drops the indexes that use the column with it.
      for (const [k, index] of [...catalog.indexes]) {
        if (index.table.schema !== table.schema || index.table.name !== table.name) continue;
        if (index.columns.some((c) => new RegExp(`(^|[^\\w"])${columnName}($|[^\\w"])`).test(c))) catalog.indexes.delete(k);
      }
      catalog.record('dropped', 'column', `${tableName}.${columnName}`, statement);
      return;
    }
    case 'set default': {
      const column = findColumn(table, cmd.name);
      if (!column) return;
      column.default = cmd.expression ? expressionText(statement, cmd.expression, 'default') : undefined;
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
      if (!table.constraints.some((k) => k.name === cmd.name)) return;
      table.constraints = table.constraints.filter((k) => k.name !== cmd.name);
      catalog.record('dropped', 'constraint', `${tableName}.${cmd.name}`, statement);
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

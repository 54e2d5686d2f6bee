/**
 * Tables in the model: CREATE TABLE (columns, constraints, partitioning,
 * PARTITION OF, LIKE, INHERITS) and ALTER TABLE (columns, defaults,
 * constraints, RLS, triggers on/off, ATTACH/DETACH PARTITION).
 */

import { type AstNode, asKind, bool, child, constValue, list, names, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { rangeVar, typeNameText } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import type {
  ColumnDef,
  ConstraintDef,
  ObjectName,
  PartitionBound,
  PartitionKey,
  ReferentialAction,
  TableDef,
} from './types.js';

const actions: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};


/** Postgres' default constraint name: table_cols_suffix, each part cut to fit 63 bytes. */
export function defaultConstraintName(table: string, columns: string[], suffix: string): string {
  const parts = [table, ...columns.slice(0, columns.length > 0 ? columns.length : 0)].join('_');
  const name = `${parts}_${suffix}`;
  if (Buffer.byteLength(name) <= 63) return name;
  const room = 63 - suffix.length - 1;
  return `${parts.slice(0, room)}_${suffix}`;
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
  if (!spec || bool(spec, 'is_default')) return { kind: 'default', text: 'DEFAULT' };
  const strategy = str(spec, 'strategy');
  if (strategy === 'r') {
    const from = list(spec, 'lowerdatums').map(literalText);
    const to = list(spec, 'upperdatums').map(literalText);
    return { kind: 'range', from, to, text: `FOR VALUES FROM (${from.join(', ')}) TO (${to.join(', ')})` };
  }
  if (strategy === 'l') {
    const values = list(spec, 'listdatums').map(literalText);
    return { kind: 'list', values, text: `FOR VALUES IN (${values.join(', ')})` };
  }
  const modulus = Number(spec.modulus ?? 0);
  const remainder = Number(spec.remainder ?? 0);
  return { kind: 'hash', modulus, remainder, text: `FOR VALUES WITH (modulus ${modulus}, remainder ${remainder})` };
}

function partitionKey(statement: SqlStatement, spec: AstNode | undefined): PartitionKey | undefined {
  if (!spec) return undefined;
  const raw = str(spec, 'strategy');
  const strategy = raw.endsWith('LIST') ? 'list' : raw.endsWith('HASH') ? 'hash' : 'range';
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
  const type = str(c, 'contype');
  switch (type) {
    case 'CONSTR_NOTNULL':
      column.nullable = false;
      return;
    case 'CONSTR_NULL':
      column.nullable = true;
      return;
    case 'CONSTR_DEFAULT':
      column.default = expressionText(statement, c.raw_expr, 'default');
      return;
    case 'CONSTR_IDENTITY':
      column.identity = str(c, 'generated_when') === 'd' ? 'by default' : 'always';
      column.nullable = false;
      return;
    case 'CONSTR_GENERATED':
      column.generated = expressionText(statement, c.raw_expr);
      return;
    default:
      addConstraint(statement, catalog, table, c, [column.name]);
  }
}

/** Builds a table constraint (PK, FK, unique, check, exclusion) and adds it. */
export function addConstraint(
  statement: SqlStatement,
  catalog: Catalog,
  table: TableDef,
  c: AstNode,
  columnOf: string[] = [],
): ConstraintDef | undefined {
  const type = str(c, 'contype');
  let def: ConstraintDef | undefined;
  const written = str(c, 'conname');
  // Written out in every literal below, not spread from a shared object: see sourceOf().
  const source = sourceOf(statement);
  const derivedName = !written;
  switch (type) {
    case 'CONSTR_PRIMARY': {
      const columns = columnOf.length > 0 ? columnOf : names(list(c, 'keys'));
      def = { source, changedBy: [], derivedName, name: written || `${table.name}_pkey`, type: 'primary key', columns };
      for (const col of table.columns) if (columns.includes(col.name)) col.nullable = false;
      break;
    }
    case 'CONSTR_UNIQUE': {
      const columns = columnOf.length > 0 ? columnOf : names(list(c, 'keys'));
      def = { source, changedBy: [], derivedName, name: written || defaultConstraintName(table.name, columns, 'key'), type: 'unique', columns };
      break;
    }
    case 'CONSTR_FOREIGN': {
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
        name: written || defaultConstraintName(table.name, columns, 'fkey'),
        type: 'foreign key',
        columns,
        references: implied ? { schema: target.schema, name: target.name, columns: refColumns, implied } : { schema: target.schema, name: target.name, columns: refColumns },
        onDelete: actions[str(c, 'fk_del_action') || 'a'] ?? 'no action',
        onUpdate: actions[str(c, 'fk_upd_action') || 'a'] ?? 'no action',
      };
      break;
    }
    case 'CONSTR_CHECK': {
      const expression = expressionText(statement, c.raw_expr) ?? '';
      const referenced = columnOf.length > 0 ? columnOf : checkColumns(c.raw_expr, table);
      def = {
        source,
        changedBy: [],
        derivedName,
        name: written || defaultConstraintName(table.name, referenced.length === 1 ? referenced : [], 'check'),
        type: 'check',
        columns: referenced,
        expression,
      };
      break;
    }
    case 'CONSTR_EXCLUSION': {
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
        name: written || defaultConstraintName(table.name, columns, 'excl'),
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
    // Like Postgres' ChooseConstraintName: a taken name gets a number (t_check, t_check1, …).
    const base = def.name;
    for (let n = 1; table.constraints.some((k) => k.name === def!.name); n++) def.name = `${base}${n}`;
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

function newColumn(statement: SqlStatement, catalog: Catalog, table: TableDef, def: AstNode): ColumnDef {
  const column: ColumnDef = {
    source: sourceOf(statement),
    changedBy: [],
    name: str(def, 'colname'),
    type: typeNameText(def.typeName),
    nullable: true,
  };
  if (bool(def, 'is_not_null')) column.nullable = false;
  table.columns = table.columns.filter((c) => c.name !== column.name);
  table.columns.push(column);
  for (const constraint of list(def, 'constraints')) columnConstraint(statement, catalog, table, column, constraint);
  if (/^(big|small)?serial\d?$/.test(column.type)) column.nullable = false;
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
  if (str(child(node, 'relation'), 'relpersistence') === 'u') table.unlogged = true;
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

const triggerAll = new Map([
  ['AT_DisableTrigAll', ['disable', 'ALL']],
  ['AT_DisableTrigUser', ['disable', 'USER']],
  ['AT_EnableTrigAll', ['enable', 'ALL']],
  ['AT_EnableTrigUser', ['enable', 'USER']],
  ['AT_DisableTrig', ['disable', '']],
  ['AT_EnableTrig', ['enable', '']],
  ['AT_EnableAlwaysTrig', ['enable', '']],
  ['AT_EnableReplicaTrig', ['enable', '']],
]);

/** Reads `ALTER TABLE … DISABLE/ENABLE TRIGGER` commands of a statement (also used for seeds). */
export function triggerToggles(statement: SqlStatement, resolve: (n: { schema?: string; name: string }) => ObjectName) {
  const out: Array<{ table: ObjectName; action: 'disable' | 'enable'; trigger: string }> = [];
  if (statement.kind !== 'AlterTableStmt') return out;
  const rel = rangeVar(statement.node.relation);
  if (!rel) return out;
  const table = resolve(rel);
  for (const cmdValue of list(statement.node, 'cmds')) {
    const cmd = asKind(cmdValue, 'AlterTableCmd');
    const toggle = triggerAll.get(str(cmd, 'subtype'));
    if (!toggle) continue;
    out.push({ table, action: toggle[0] as 'disable' | 'enable', trigger: toggle[1] || str(cmd, 'name') });
  }
  return out;
}

export function alterTable(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const objtype = str(node, 'objtype');
  if (objtype && objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_FOREIGN_TABLE') return;
  const rel = rangeVar(node.relation);
  if (!rel) return;
  const name = catalog.resolveRelation(rel);
  const table = catalog.table(name);
  for (const toggle of triggerToggles(statement, () => name)) {
    catalog.triggerToggles.push({ schema: toggle.table.schema, name: toggle.table.name, table: toggle.table.name, action: toggle.action, trigger: toggle.trigger, source: sourceOf(statement) });
  }
  if (!table) return;
  touch(table, statement);
  for (const cmdValue of list(node, 'cmds')) {
    const cmd = asKind(cmdValue, 'AlterTableCmd');
    if (cmd) alterTableCommand(catalog, statement, table, cmd);
  }
}

function findColumn(table: TableDef, name: string): ColumnDef | undefined {
  return table.columns.find((c) => c.name === name);
}

function alterTableCommand(catalog: Catalog, statement: SqlStatement, table: TableDef, cmd: AstNode): void {
  const subtype = str(cmd, 'subtype');
  const columnName = str(cmd, 'name');
  const tableName = qualify(table);
  switch (subtype) {
    case 'AT_AddColumn': {
      const def = asKind(cmd.def, 'ColumnDef');
      if (!def || findColumn(table, str(def, 'colname'))) return;
      newColumn(statement, catalog, table, def);
      catalog.record('created', 'column', `${tableName}.${str(def, 'colname')}`, statement);
      return;
    }
    case 'AT_DropColumn':
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
    case 'AT_ColumnDefault': {
      const column = findColumn(table, columnName);
      if (!column) return;
      column.default = cmd.def ? expressionText(statement, cmd.def, 'default') : undefined;
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${columnName}`, statement);
      return;
    }
    case 'AT_SetNotNull':
    case 'AT_DropNotNull': {
      const column = findColumn(table, columnName);
      if (!column) return;
      column.nullable = subtype === 'AT_DropNotNull';
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${columnName}`, statement);
      return;
    }
    case 'AT_AlterColumnType': {
      const column = findColumn(table, columnName);
      const def = asKind(cmd.def, 'ColumnDef');
      if (!column || !def) return;
      column.type = typeNameText(def.typeName);
      touch(column, statement);
      catalog.record('changed', 'column', `${tableName}.${columnName}`, statement);
      return;
    }
    case 'AT_AddIdentity':
    case 'AT_SetIdentity': {
      const column = findColumn(table, columnName);
      const c = asKind(cmd.def, 'Constraint');
      if (column && c) column.identity = str(c, 'generated_when') === 'd' ? 'by default' : 'always';
      return;
    }
    case 'AT_DropIdentity': {
      const column = findColumn(table, columnName);
      if (column) column.identity = undefined;
      return;
    }
    case 'AT_AddConstraint': {
      const c = asKind(cmd.def, 'Constraint');
      if (!c) return;
      const written = str(c, 'conname');
      if (written && table.constraints.some((k) => k.name === written)) return; // a re-run fails; the first stands
      if (str(c, 'contype') === 'CONSTR_NOTNULL') {
        for (const col of names(list(c, 'keys'))) {
          const column = findColumn(table, col);
          if (column) column.nullable = false;
        }
        return;
      }
      addConstraint(statement, catalog, table, c);
      return;
    }
    case 'AT_DropConstraint':
      if (!table.constraints.some((k) => k.name === columnName)) return;
      table.constraints = table.constraints.filter((k) => k.name !== columnName);
      catalog.record('dropped', 'constraint', `${tableName}.${columnName}`, statement);
      return;
    case 'AT_EnableRowSecurity':
    case 'AT_DisableRowSecurity':
      table.rls.enabled = subtype === 'AT_EnableRowSecurity';
      catalog.record('changed', 'table', tableName, statement);
      return;
    case 'AT_ForceRowSecurity':
    case 'AT_NoForceRowSecurity':
      table.rls.forced = subtype === 'AT_ForceRowSecurity';
      catalog.record('changed', 'table', tableName, statement);
      return;
    case 'AT_AttachPartition': {
      const partCmd = asKind(cmd.def, 'PartitionCmd');
      const childName = catalog.resolveRelation(rangeVar(partCmd?.name) ?? { name: '' });
      const childTable = catalog.table(childName);
      if (childTable) attachPartition(catalog, statement, table, childTable, partitionBound(child(partCmd, 'bound')));
      return;
    }
    case 'AT_DetachPartition': {
      const partCmd = asKind(cmd.def, 'PartitionCmd');
      const childName = catalog.resolveRelation(rangeVar(partCmd?.name) ?? { name: '' });
      table.partitions = table.partitions.filter((p) => !(p.schema === childName.schema && p.name === childName.name));
      const childTable = catalog.table(childName);
      if (childTable) childTable.partitionOf = undefined;
      catalog.record('dropped', 'partition', `${childName.schema}.${childName.name}`, statement);
      return;
    }
    default: {
      const toggle = triggerAll.get(subtype);
      if (!toggle) return;
      const trigger = toggle[1] || columnName;
      if (toggle[0] === 'disable') {
        if (!table.disabledTriggers.includes(trigger)) table.disabledTriggers.push(trigger);
      } else table.disabledTriggers = table.disabledTriggers.filter((t) => t !== trigger && !(trigger === 'ALL'));
      for (const t of catalog.triggers.values()) {
        if (t.table.schema !== table.schema || t.table.name !== table.name) continue;
        if (toggle[1] || t.name === trigger) t.enabled = toggle[0] === 'enable';
      }
    }
  }
}



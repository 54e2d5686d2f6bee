/**
 * Schemas, extensions, indexes, views, types, sequences, comments, grants,
 * renames, SET SCHEMA and DROP in the model.
 */

import { type AstNode, asKind, bool, child, list, names, str, stringValue } from '../sql/ast.js';
import { expressionText, textFrom } from '../sql/expr.js';
import { nameParts, objectArgs, qualifiedName, rangeVar, roleName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { chooseName, columnsAddition } from './names.js';
import { queryColumns, queryRelations, renamed } from './select-columns.js';
import { alteredKind, commentKind, constraintKind, createdAsKind, dropRecord, figureColumnName, grantTarget, isDescending, isTemporary, type ObjectKind, renameKind } from '../sql/statements.js';
import { type Catalog, key, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import { functionKey, inputTypes } from './routines.js';
import type { IndexDef, Provenance, TriggerDef, TypeDef } from './types.js';


export function createSchema(catalog: Catalog, statement: SqlStatement): void {
  const name = str(statement.node, 'schemaname') || roleName(statement.node.authrole);
  if (!name || catalog.schemas.has(name)) return;
  catalog.schemas.set(name, { source: sourceOf(statement), changedBy: [], name });
  catalog.record('created', 'schema', name, statement);
}

export function createExtension(catalog: Catalog, statement: SqlStatement): void {
  const name = str(statement.node, 'extname');
  if (!name || catalog.extensions.has(name)) return;
  let schema: string | undefined;
  for (const option of list(statement.node, 'options')) {
    const def = asKind(option, 'DefElem');
    if (str(def, 'defname') === 'schema') schema = stringValue(def?.arg);
  }
  catalog.extensions.set(name, { source: sourceOf(statement), changedBy: [], name, schema });
  catalog.record('created', 'extension', name, statement);
}

/**
 * ChooseIndexName for `CREATE INDEX ON t (…)`: table, the columns (an
 * expression by its function's name, else `expr`) and `idx`, with a number
 * when a relation of that name exists in the schema.
 */
function chooseIndexName(catalog: Catalog, table: { schema: string; name: string }, params: unknown[]): string {
  const columns = params.map((p) => {
    const elem = asKind(p, 'IndexElem');
    const column = str(elem, 'name');
    if (column) return column;
    const figured = figureColumnName(elem?.expr);
    return figured === '?column?' ? 'expr' : figured;
  });
  return chooseName(table.name, columnsAddition(columns), 'idx', (name) => catalog.relationNameTaken(table.schema, name));
}

export function createIndex(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const rel = rangeVar(node.relation);
  if (!rel || catalog.isTemporaryName(rel)) return;
  const table = catalog.resolveRelation(rel);
  // Postgres refuses an index on a relation that does not exist: one the model does not know is outside it (an external schema, SQL built at run time).
  if (!catalog.table(table) && !catalog.views.has(key(table.schema, table.name)) && !catalog.externalSchemas.has(table.schema)) return;
  const columns = list(node, 'indexParams').map((p) => {
    const elem = asKind(p, 'IndexElem');
    const text = str(elem, 'name') || expressionText(statement, elem?.expr, 'element') || '?';
    const desc = isDescending(elem) ? ' DESC' : '';
    return `${text}${desc}`;
  });
  const written = str(node, 'idxname');
  const name = written || chooseIndexName(catalog, table, list(node, 'indexParams'));
  const k = key(table.schema, name);
  if (catalog.indexes.has(k)) return;
  const index: IndexDef = {
    source: sourceOf(statement),
    changedBy: [],
    schema: table.schema,
    name,
    table,
    columns,
    unique: bool(node, 'unique'),
    method: str(node, 'accessMethod') || 'btree',
  };
  if (node.whereClause) index.where = expressionText(statement, node.whereClause, 'tail');
  catalog.indexes.set(k, index);
  catalog.record('created', 'index', qualify(index), statement);
}

export function createView(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.view);
  if (!rel) return;
  const schema = catalog.creationSchema(rel);
  const k = key(schema, rel.name);
  const query = viewQuery(statement);
  const existing = catalog.views.get(k);
  if (existing) {
    if (!bool(statement.node, 'replace')) return;
    existing.query = query;
    existing.columns = viewColumns(catalog, statement.node.query, list(statement.node, 'aliases'));
    catalog.viewReads.set(k, queryRelations(catalog, statement.node.query));
    touch(existing, statement);
    catalog.record('changed', 'view', k, statement);
    return;
  }
  catalog.views.set(k, { source: sourceOf(statement), changedBy: [], schema, name: rel.name, materialized: false, query, columns: viewColumns(catalog, statement.node.query, list(statement.node, 'aliases')) });
  catalog.viewReads.set(k, queryRelations(catalog, statement.node.query));
  catalog.record('created', 'view', k, statement);
}

/** The columns of a view, CREATE TABLE … AS or materialized view: the query's, renamed by a column list when there is one. */
function viewColumns(catalog: Catalog, query: unknown, aliases: unknown[]): Array<{ name: string; type: string }> {
  return renamed(queryColumns(catalog, asKind(query, 'SelectStmt') ?? (query as AstNode | undefined)), aliases);
}

function viewQuery(statement: SqlStatement): string {
  const match = /\bAS\b/i.exec(statement.text.replace(/^[\s\S]*?\bVIEW\b/i, (m) => ' '.repeat(m.length)));
  return match ? statement.text.slice(match.index + 2).replace(/\s+/g, ' ').trim() : textFrom(statement, undefined);
}

/**
 * A table made from a query (`CREATE TABLE … AS`, `SELECT … INTO`): its
 * columns from the query, renamed by a column list; a temporary one stays out
 * of the model.
 */
function tableFromQuery(catalog: Catalog, statement: SqlStatement, into: AstNode, query: unknown): void {
  const rel = rangeVar(into.rel);
  if (!rel) return;
  if (isTemporary(child(into, 'rel'))) {
    catalog.temporaryTables.add(rel.name);
    return;
  }
  const schema = catalog.creationSchema(rel);
  const k = key(schema, rel.name);
  if (createdAsKind(statement.node) === 'materialized view') {
    if (catalog.views.has(k)) return;
    catalog.views.set(k, { source: sourceOf(statement), changedBy: [], schema, name: rel.name, materialized: true, query: viewQuery(statement), columns: viewColumns(catalog, query, list(into, 'colNames')) });
    catalog.viewReads.set(k, queryRelations(catalog, query));
    catalog.record('created', 'materialized view', k, statement);
    return;
  }
  if (catalog.tables.has(k)) return;
  const columns = viewColumns(catalog, query, list(into, 'colNames')).map(({ name, type }) => ({ source: sourceOf(statement), changedBy: [], name, type, nullable: true }));
  catalog.tables.set(k, { source: sourceOf(statement), changedBy: [], schema, name: rel.name, kind: 'table', columns, constraints: [], partitions: [], rls: { enabled: false, forced: false }, disabledTriggers: [] });
  catalog.record('created', 'table', k, statement);
}

/** `CREATE TABLE … AS` and `CREATE MATERIALIZED VIEW … AS`. */
export function createTableAs(catalog: Catalog, statement: SqlStatement): void {
  const into = child(statement.node, 'into');
  if (into) tableFromQuery(catalog, statement, into, statement.node.query);
}

/** `SELECT … INTO t FROM …` at the top level creates table t from the query's columns (inside PL/pgSQL, INTO assigns variables). */
export function selectInto(catalog: Catalog, statement: SqlStatement): void {
  const into = child(statement.node, 'intoClause');
  if (into && statement.depth === 0) tableFromQuery(catalog, statement, into, statement.node);
}

function addType(catalog: Catalog, statement: SqlStatement, nameList: unknown[], def: Omit<TypeDef, keyof Provenance | 'schema' | 'name'>): void {
  const q = qualifiedName(nameList);
  const schema = catalog.creationSchema(q);
  const k = key(schema, q.name);
  if (catalog.types.has(k)) return;
  catalog.types.set(k, Object.assign({ source: sourceOf(statement), changedBy: [], schema, name: q.name }, def));
  catalog.record('created', 'type', k, statement);
}

export function createEnum(catalog: Catalog, statement: SqlStatement): void {
  addType(catalog, statement, list(statement.node, 'typeName'), { kind: 'enum', values: names(list(statement.node, 'vals')) });
}

export function alterEnum(catalog: Catalog, statement: SqlStatement): void {
  const type = catalog.types.get(qualify(catalog.resolveType(qualifiedName(list(statement.node, 'typeName')))));
  if (!type || type.kind !== 'enum') return;
  const values = type.values ?? [];
  const oldVal = str(statement.node, 'oldVal');
  const newVal = str(statement.node, 'newVal');
  if (oldVal) {
    type.values = values.map((v) => (v === oldVal ? newVal : v));
  } else if (!values.includes(newVal)) {
    const neighbor = str(statement.node, 'newValNeighbor');
    const at = neighbor ? values.indexOf(neighbor) : -1;
    if (at === -1) values.push(newVal);
    else values.splice(bool(statement.node, 'newValIsAfter') ? at + 1 : at, 0, newVal);
    type.values = values;
  }
  touch(type, statement);
  catalog.record('changed', 'type', qualify(type), statement);
}

export function createComposite(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.typevar);
  if (!rel) return;
  const attributes = list(statement.node, 'coldeflist').map((c) => {
    const col = asKind(c, 'ColumnDef');
    return { name: str(col, 'colname'), type: catalog.formatType(col?.typeName) };
  });
  addType(catalog, statement, rel.schema ? [{ String: { sval: rel.schema } }, { String: { sval: rel.name } }] : [{ String: { sval: rel.name } }], { kind: 'composite', attributes });
}

export function createDomain(catalog: Catalog, statement: SqlStatement): void {
  const checks: string[] = [];
  let notNull = false;
  for (const c of list(statement.node, 'constraints')) {
    const con = asKind(c, 'Constraint');
    if (constraintKind(con) === 'check') checks.push(expressionText(statement, con?.raw_expr) ?? '');
    if (constraintKind(con) === 'not null') notNull = true;
  }
  addType(catalog, statement, list(statement.node, 'domainname'), { kind: 'domain', baseType: catalog.formatType(statement.node.typeName), notNull, checks });
}

export function createRange(catalog: Catalog, statement: SqlStatement): void {
  addType(catalog, statement, list(statement.node, 'typeName'), { kind: 'range' });
}

export function createSequence(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.sequence);
  if (!rel) return;
  const schema = catalog.creationSchema(rel);
  const k = key(schema, rel.name);
  if (catalog.sequences.has(k)) return;
  catalog.sequences.set(k, { source: sourceOf(statement), changedBy: [], schema, name: rel.name });
  catalog.record('created', 'sequence', k, statement);
}

/** COMMENT ON schema / table / column / view / type / function. */
export function comment(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const text = typeof node.comment === 'string' ? node.comment : undefined;
  const parts = nameParts(node.object);
  const type = commentKind(node);
  const q = (p: string[]) => (p.length >= 2 ? { schema: p[p.length - 2], name: p[p.length - 1] } : { name: p[0] ?? '' });
  let target: { comment?: string } & Provenance | undefined;
  switch (type) {
    case 'schema':
      target = catalog.schemas.get(parts[0] ?? '');
      if (!target && parts[0]) {
        if (text === undefined) catalog.schemaComments.delete(parts[0]);
        else catalog.schemaComments.set(parts[0], text);
        return;
      }
      break;
    case 'table':
    case 'foreign table':
      target = catalog.table(catalog.resolveRelation(q(parts)));
      break;
    case 'view':
    case 'materialized view':
      target = catalog.views.get(qualify(catalog.resolveRelation(q(parts))));
      break;
    case 'column': {
      const column = parts[parts.length - 1];
      const table = catalog.table(catalog.resolveRelation(q(parts.slice(0, -1))));
      target = table?.columns.find((c) => c.name === column);
      break;
    }
    case 'type':
    case 'domain':
      target = catalog.types.get(qualify(catalog.resolveType(q(parts))));
      break;
    case 'function':
    case 'procedure': {
      const { name, args } = objectArgs(node.object);
      const candidates = catalog.findFunctions(name);
      target = args ? catalog.functions.get(functionKey(candidates[0]?.schema ?? catalog.creationSchema(name), name.name, args)) : candidates[0];
      target ??= candidates[0];
      break;
    }
    default:
      return;
  }
  if (!target) return;
  target.comment = text;
}

export function grant(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const objects = list(node, 'objects').map((o) => {
    const rel = rangeVar(o);
    if (rel) return qualify(catalog.resolveRelation(rel));
    const owa = asKind(o, 'ObjectWithArgs');
    if (owa) return objectArgs(o).name.name;
    return nameParts(o).join('.');
  });
  const target = grantTarget(node);
  catalog.grants.push({
    grant: target.grant,
    privileges: list(node, 'privileges').map((p) => str(asKind(p, 'AccessPriv'), 'priv_name')).filter(Boolean),
    objectType: target.objectType,
    objects,
    grantees: list(node, 'grantees').map(roleName),
    source: sourceOf(statement),
  });
}

export function rename(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const type = renameKind(node);
  const newName = str(node, 'newname');
  const rel = rangeVar(node.relation);
  switch (type) {
    case 'table':
    case 'foreign table': {
      if (!rel) return;
      const from = catalog.resolveRelation(rel);
      const table = catalog.table(from);
      if (!table) return;
      catalog.tables.delete(qualify(from));
      table.name = newName;
      catalog.tables.set(key(table.schema, newName), table);
      catalog.moveTableDependents(from, table);
      touch(table, statement);
      catalog.record('renamed', 'table', qualify(from), statement, qualify(table));
      return;
    }
    case 'view':
    case 'materialized view': {
      if (!rel) return;
      const from = catalog.resolveRelation(rel);
      const view = catalog.views.get(qualify(from));
      if (!view) return;
      catalog.views.delete(qualify(from));
      view.name = newName;
      catalog.views.set(qualify(view), view);
      catalog.moveTableDependents(from, view);
      touch(view, statement);
      catalog.record('renamed', view.materialized ? 'materialized view' : 'view', qualify(from), statement, qualify(view));
      return;
    }
    case 'column': {
      if (!rel) return;
      const table = catalog.table(catalog.resolveRelation(rel));
      const column = table?.columns.find((c) => c.name === str(node, 'subname'));
      if (!table || !column) return;
      column.name = newName;
      for (const c of table.constraints) c.columns = c.columns.map((x) => (x === str(node, 'subname') ? newName : x));
      touch(column, statement);
      touch(table, statement);
      catalog.record('renamed', 'column', `${qualify(table)}.${str(node, 'subname')}`, statement, `${qualify(table)}.${newName}`);
      return;
    }
    case 'table constraint': {
      if (!rel) return;
      const table = catalog.table(catalog.resolveRelation(rel));
      const constraint = table?.constraints.find((c) => c.name === str(node, 'subname'));
      if (!table || !constraint) return;
      constraint.name = newName;
      constraint.derivedName = false;
      touch(constraint, statement);
      touch(table, statement);
      catalog.record('renamed', 'constraint', `${qualify(table)}.${str(node, 'subname')}`, statement, `${qualify(table)}.${newName}`);
      return;
    }
    case 'trigger':
    case 'policy': {
      if (!rel) return;
      const table = catalog.resolveRelation(rel);
      const map = type === 'trigger' ? catalog.triggers : catalog.policies;
      const oldKey = `${qualify(table)}.${str(node, 'subname')}`;
      const object = map.get(oldKey);
      if (!object) return;
      map.delete(oldKey);
      object.name = newName;
      (map as Map<string, typeof object>).set(`${qualify(table)}.${newName}`, object);
      touch(object, statement);
      const kind = type === 'trigger' ? 'trigger' : 'policy';
      catalog.record('renamed', kind, `${str(node, 'subname')} on ${qualify(table)}`, statement, `${newName} on ${qualify(table)}`);
      return;
    }
    case 'index': {
      if (!rel) return;
      const from = catalog.resolveIndex(rel);
      const index = catalog.indexes.get(qualify(from));
      if (!index) {
        renameConstraintIndex(catalog, statement, from, newName);
        return;
      }
      catalog.indexes.delete(qualify(from));
      index.name = newName;
      catalog.indexes.set(qualify(index), index);
      touch(index, statement);
      catalog.record('renamed', 'index', qualify(from), statement, qualify(index));
      return;
    }
    case 'schema': {
      const oldName = str(node, 'subname');
      const schema = catalog.schemas.get(oldName);
      if (!schema) return;
      catalog.schemas.delete(oldName);
      schema.name = newName;
      catalog.schemas.set(newName, schema);
      catalog.record('renamed', 'schema', oldName, statement, newName);
      return;
    }
    case 'type':
    case 'domain': {
      const from = catalog.resolveType(qualifiedName(nameParts(node.object).map((s) => ({ String: { sval: s } }))));
      const typeDef = catalog.types.get(qualify(from));
      if (!typeDef) return;
      catalog.types.delete(qualify(from));
      typeDef.name = newName;
      catalog.types.set(qualify(typeDef), typeDef);
      // Columns refer to a type, not to its name: they follow the rename (as arrays of it do).
      catalog.renameTypeReferences(qualify(from), qualify(typeDef));
      catalog.record('renamed', 'type', qualify(from), statement, qualify(typeDef));
      return;
    }
    case 'function':
    case 'procedure': {
      const { name, args } = objectArgs(node.object);
      for (const fn of catalog.findFunctions(name)) {
        const oldKey = functionKey(fn.schema, fn.name, inputTypes(fn));
        if (args && functionKey(fn.schema, fn.name, args) !== oldKey) continue;
        catalog.functions.delete(oldKey);
        fn.name = newName;
        fn.signature = fn.signature.replace(/^[^(]*/, newName);
        catalog.functions.set(functionKey(fn.schema, newName, inputTypes(fn)), fn);
        catalog.record('renamed', fn.kind, `${fn.schema}.${name.name}`, statement, `${fn.schema}.${newName}`);
      }
      return;
    }
    default:
  }
}

/**
 * `ALTER INDEX i RENAME TO j` where i backs a primary key, unique or
 * exclusion constraint: Postgres renames the constraint with its index.
 */
function renameConstraintIndex(catalog: Catalog, statement: SqlStatement, index: { schema: string; name: string }, newName: string): void {
  const owner = catalog.constraintIndex(index.schema, index.name);
  if (!owner) return;
  owner.constraint.name = newName;
  owner.constraint.derivedName = false;
  touch(owner.constraint, statement);
  catalog.record('renamed', 'constraint', `${qualify(owner.table)}.${index.name}`, statement, `${qualify(owner.table)}.${newName}`);
}

export function setSchema(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const newSchema = str(node, 'newschema');
  const rel = rangeVar(node.relation);
  const type = alteredKind(node);
  if ((type === 'table' || type === 'foreign table') && rel) {
    const from = catalog.resolveRelation(rel);
    const table = catalog.table(from);
    if (!table) return;
    catalog.tables.delete(qualify(from));
    table.schema = newSchema;
    catalog.tables.set(qualify(table), table);
    catalog.moveTableDependents(from, table);
    touch(table, statement);
    catalog.record('renamed', 'table', qualify(from), statement, qualify(table));
  }
}

function dropObject(catalog: Catalog, statement: SqlStatement, type: ObjectKind, object: unknown, cascade: boolean): void {
  const parts = nameParts(object);
  const q = parts.length >= 2 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] } : { name: parts[0] ?? '' };
  switch (type) {
    case 'table':
    case 'foreign table': {
      if (catalog.isTemporaryName(q)) {
        catalog.temporaryTables.delete(q.name);
        return;
      }
      const name = catalog.resolveRelation(q);
      const table = catalog.table(name);
      if (!table) return;
      // Views that select from the table depend on it: CASCADE drops them; without it Postgres refuses the drop.
      const readers = catalog.viewsReading(qualify(name));
      if (readers.length > 0 && !cascade) return;
      catalog.dropViews(readers, statement);
      catalog.tables.delete(qualify(name));
      catalog.dropTableDependents(name);
      for (const partition of table.partitions) {
        catalog.tables.delete(qualify(partition));
        catalog.dropTableDependents(partition);
      }
      if (cascade) {
        for (const t of catalog.tables.values()) {
          t.constraints = t.constraints.filter((c) => !(c.references && c.references.schema === name.schema && c.references.name === name.name));
        }
      }
      catalog.record('dropped', 'table', qualify(name), statement);
      return;
    }
    case 'view':
    case 'materialized view': {
      const name = catalog.resolveRelation(q);
      if (!catalog.views.has(qualify(name))) return;
      const readers = catalog.viewsReading(qualify(name));
      if (readers.length > 0 && !cascade) return;
      // With it go the views that read it, a view's triggers (INSTEAD OF), a materialized view's indexes and policies.
      catalog.dropViews([qualify(name), ...readers], statement);
      return;
    }
    case 'index': {
      const name = catalog.resolveIndex(q);
      if (catalog.indexes.delete(qualify(name))) catalog.record('dropped', 'index', qualify(name), statement);
      return;
    }
    case 'sequence': {
      const name = catalog.resolveRelation(q);
      if (catalog.sequences.delete(qualify(name))) catalog.record('dropped', 'sequence', qualify(name), statement);
      return;
    }
    case 'type':
    case 'domain': {
      const name = catalog.resolveType(q);
      if (catalog.types.delete(qualify(name))) catalog.record('dropped', 'type', qualify(name), statement);
      return;
    }
    case 'schema': {
      const name = parts[0] ?? '';
      if (!catalog.schemas.delete(name)) return;
      if (cascade) {
        for (const map of [catalog.tables, catalog.views, catalog.types, catalog.sequences, catalog.indexes] as Array<Map<string, { schema: string }>>) {
          for (const [k, v] of [...map]) if (v.schema === name) map.delete(k);
        }
        for (const [k, v] of [...catalog.functions]) if (v.schema === name) catalog.functions.delete(k);
        for (const [k, v] of [...catalog.triggers]) if (v.schema === name) catalog.triggers.delete(k);
        for (const [k, v] of [...catalog.policies]) if (v.schema === name) catalog.policies.delete(k);
      }
      catalog.record('dropped', 'schema', name, statement);
      return;
    }
    case 'extension': {
      if (catalog.extensions.delete(parts[0] ?? '')) catalog.record('dropped', 'extension', parts[0] ?? '', statement);
      return;
    }
    case 'trigger':
    case 'policy': {
      // [schema?, table, name]
      const tableName = catalog.resolveRelation(parts.length >= 3 ? { schema: parts[0], name: parts[1] } : { name: parts[0] ?? '' });
      const objectName = parts[parts.length - 1];
      const map = type === 'trigger' ? catalog.triggers : catalog.policies;
      if (map.delete(`${qualify(tableName)}.${objectName}`)) {
        catalog.record('dropped', type === 'trigger' ? 'trigger' : 'policy', `${objectName} on ${qualify(tableName)}`, statement);
      }
      return;
    }
    case 'function':
    case 'procedure':
    case 'routine': {
      const { name, args } = objectArgs(object);
      for (const fn of catalog.findFunctions(name)) {
        const k = functionKey(fn.schema, fn.name, inputTypes(fn));
        if (args && k !== functionKey(fn.schema, fn.name, args)) continue;
        // Triggers depend on their function (pg_depend): CASCADE drops them with it; without it Postgres refuses the drop.
        const dependents: Array<[string, TriggerDef]> = [];
        if (fn.returns === 'trigger') for (const entry of catalog.triggers) if (entry[1].function.schema === fn.schema && entry[1].function.name === fn.name) dependents.push(entry);
        if (dependents.length > 0 && !cascade) continue;
        for (const [triggerKey, trigger] of dependents) {
          catalog.triggers.delete(triggerKey);
          catalog.record('dropped', 'trigger', `${trigger.name} on ${key(trigger.table.schema, trigger.table.name)}`, statement);
        }
        catalog.functions.delete(k);
        catalog.record('dropped', fn.kind, `${fn.schema}.${fn.signature}`, statement);
      }
      return;
    }
    default:
  }
}

export function drop(catalog: Catalog, statement: SqlStatement): void {
  const { kind, objects, cascade } = dropRecord(statement.node);
  for (const object of objects) dropObject(catalog, statement, kind, object, cascade);
}

/**
 * What each migration statement needs and does, as the predicted second run
 * (rerun-shadow.ts) reads it: created, dropped and renamed names, the names
 * it must find, the rows it inserts. Read during the model fold, where names
 * resolve on the search_path as they did when the statement ran: `opsBefore`
 * before the statement is folded (what it names), `opsAfter` after (what it
 * made, as the model has it: a table's columns, constraints and the indexes
 * behind them; the objects a CASCADE took with it).
 */

import { type AstNode, asKind, bool, child, list, str, stringValue, walk } from '../sql/ast.js';
import { nameParts, objectArgs, qualifiedName, qualifiedParts, type QualifiedName, rangeVar } from '../sql/names.js';
import type { Guard, SqlStatement } from '../sql/parser.js';
import { statementValues } from '../sql/typed-values.js';
import { alterTableCommands, commentKind, constraintKind, createdAsKind, dropRecord, dropsOnCommit, isTemporary, renameKind } from '../sql/statements.js';
import { argumentList, type Catalog, inputArguments, inputTypes, key } from './catalog.js';
import { nameOf, type Op, type RelationContents, schemaOf, type Step, type StepGuard } from './rerun-shadow.js';
import { qualify } from './lookup.js';
import type { FunctionDef, ModelEvent, TableDef } from './types.js';

const relationKindOf: Partial<Record<string, RelationContents['kind']>> = {
  table: 'table',
  'foreign table': 'foreign table',
  view: 'view',
  'materialized view': 'materialized view',
  index: 'index',
  sequence: 'sequence',
};

/** EXECUTE of anything but a string constant: SQL built at run time. */
const runtimeExecute = /\bEXECUTE\s+(?!'|FUNCTION\b|PROCEDURE\b)/i;

function emptyContents(kind: RelationContents['kind']): RelationContents {
  return { kind, columns: [], columnTypes: [], constraints: [], indexes: [], primaryKey: false, keys: [] };
}

/** The tables and views an object refers to, by name (what the model's dependency graph has for it). */
function readsOf(catalog: Catalog, object: object): string[] {
  const out = new Set<string>();
  for (const target of catalog.references.get(object)?.on ?? []) {
    const named = target as { schema?: unknown; name?: unknown };
    if (typeof named.schema !== 'string' || typeof named.name !== 'string') continue;
    const k = key(named.schema, named.name);
    if (catalog.tables.get(k) === target || catalog.views.get(k) === target) out.add(k);
  }
  return [...out];
}

/** The `SEQUENCE NAME` an identity's options give, as name parts. */
function identitySequenceName(constraint: AstNode | undefined): string[] | undefined {
  for (const option of list(constraint, 'options')) {
    const def = asKind(option, 'DefElem');
    if (str(def, 'defname') === 'sequence_name') return nameParts(def?.arg);
  }
  return undefined;
}

/** The table columns an object refers to, as `schema.table.column`. */
function columnsReadBy(catalog: Catalog, object: object): string[] {
  const on = catalog.references.get(object)?.on ?? [];
  if (on.length === 0) return [];
  const referenced = new Set(on);
  const out: string[] = [];
  for (const target of on) {
    const table = target as TableDef;
    if (!Array.isArray(table.columns) || catalog.tables.get(key(table.schema, table.name)) !== table) continue;
    for (const column of table.columns) if (referenced.has(column)) out.push(`${key(table.schema, table.name)}.${column.name}`);
  }
  return out;
}

/** A table's contents as the model has it now. */
function tableContents(table: TableDef | undefined): RelationContents {
  const contents = emptyContents('table');
  if (!table) return contents;
  contents.columns = table.columns.map((c) => c.name);
  contents.columnTypes = table.columns.map((c) => c.type);
  const identities = table.columns.filter((c) => c.identity).map((c) => c.name);
  if (identities.length > 0) contents.identities = identities;
  for (const c of table.constraints) {
    contents.constraints.push(c.name);
    if (c.type === 'primary key' || c.type === 'unique' || c.type === 'exclusion') contents.indexes.push(`${table.schema}.${c.name}`);
    if (c.type === 'primary key') {
      contents.primaryKey = true;
      contents.primaryKeyName = c.name;
      contents.primaryKeyColumns = [...c.columns];
    }
    if (c.type === 'foreign key' && c.references) {
      const target = qualify(c.references);
      (contents.foreignKeys ??= []).push({ name: c.name, target });
      if (target !== qualify(table) && !(contents.reads ??= []).includes(target)) contents.reads.push(target);
    }
    if ((c.type === 'primary key' || c.type === 'unique') && c.columns.length > 0) contents.keys.push([...c.columns]);
  }
  return contents;
}


/** A step at its statement's place. */
function stepAt(statement: SqlStatement): Step {
  return { file: statement.file, line: statement.start.line, column: statement.start.column, endLine: statement.end.line, endColumn: statement.end.column, ops: [], guards: unguarded };
}

/** The guards of a top-level statement (one array for all: thousands of steps share it). */
const unguarded: StepGuard[] = [];

/** The names an op is about, for matching a DO block's IF guard to it. */
function opNames(op: Op): string[] {
  const last = (n: string) => n.slice(n.lastIndexOf('.') + 1);
  const out: string[] = [];
  if ('name' in op) out.push(last(op.name));
  if ('to' in op) out.push(last(op.to));
  if ('on' in op && op.on) out.push(last(op.on));
  return out.map((n) => n.toLowerCase());
}

/** How a statement nested in a DO block is guarded: IFs that check the catalog for its object, exception handlers. */
/** The object name a catalog check's literal names: its last part (`'public.t'`, `'"Schema"."T"'`), unquoted, case-folded. */
function literalName(text: string): string {
  const last = /(?:^|\.)("(?:[^"]|"")*"|[^."]*)$/.exec(text)?.[1] ?? text;
  return (last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last).toLowerCase();
}

function stepGuards(guards: Guard[], ops: Op[]): StepGuard[] {
  const out: StepGuard[] = [];
  let names: Set<string> | undefined;
  for (const guard of guards) {
    if (guard.kind === 'exception') {
      out.push({ kind: 'exception', conditions: guard.conditions });
      continue;
    }
    if (guard.catalogs.length === 0) continue;
    if (guard.literals.length === 0) {
      out.push({ kind: 'catalog-check' });
      continue;
    }
    names ??= new Set(ops.flatMap(opNames).map((n) => n.toLowerCase()));
    const known = names;
    if (guard.literals.some((l) => known.has(literalName(l)))) out.push({ kind: 'catalog-check' });
    else out.push({ kind: 'other-names', names: guard.literals });
  }
  return out;
}

/** The relation a name refers to, resolved now. */
function relation(catalog: Catalog, name: QualifiedName | undefined): string | undefined {
  return name ? qualify(catalog.resolveRelation(name)) : undefined;
}

/** The columns an expression names plainly (`a`, `t.a`), for a table's needs. */
function plainColumns(value: unknown): string[] {
  const out: string[] = [];
  walk(value, (kind, node) => {
    if (kind === 'ColumnRef') {
      const fields = list(node, 'fields');
      const last = stringValue(fields[fields.length - 1]);
      if (last && fields.length <= 2) out.push(last);
      return false;
    }
    if (kind === 'SubLink') return false;
  });
  return out;
}

/** Whether a table has a column of an enum type the migrations made (the values assigned to it are worth reading). */
function hasEnumColumn(catalog: Catalog, name: QualifiedName): boolean {
  const table = catalog.table(catalog.resolveRelation(name));
  return table?.columns.some((c) => catalog.types.get(c.type.replace(/\[\]$/, ''))?.kind === 'enum') ?? false;
}

const valueKinds = new Set(['ViewStmt', 'CreateTableAsStmt', 'SelectStmt', 'DeleteStmt', 'UpdateStmt', 'InsertStmt']);

/**
 * The values a query or DML statement gives columns of an enum type (a
 * literal, a cast to an enum), and the literals it casts to an enum: checked
 * before anything it makes (a statement that fails makes nothing).
 */
function valueOps(catalog: Catalog, statement: SqlStatement): Op[] {
  if (!valueKinds.has(statement.kind)) return [];
  const found = statementValues(statement.kind, statement.node, (table) => hasEnumColumn(catalog, table));
  const ops: Op[] = [];
  const enumOf = (parts: string[]): string | undefined => {
    if (parts.length > 2) return undefined;
    const name = qualify(catalog.resolveType(qualifiedParts(parts)));
    return catalog.types.get(name)?.kind === 'enum' ? name : undefined;
  };
  for (const cast of found.casts) {
    const type = enumOf(cast.type);
    if (type) ops.push({ op: 'need', space: 'enum value', on: type, name: cast.value });
  }
  if (found.values.length === 0) return ops;
  // Each name the statement gives a relation, resolved; a name given to two relations is not followed.
  const byAlias = new Map<string, TableDef | null>();
  for (const { alias, relation } of found.relations) {
    const table = catalog.table(catalog.resolveRelation(relation)) ?? null;
    const known = byAlias.get(alias);
    byAlias.set(alias, known === undefined || known === table ? table : null);
  }
  const tables = [...new Set([...byAlias.values()].filter((t): t is TableDef => t !== null))];
  for (const value of found.values) {
    const table = value.qualifier !== undefined ? byAlias.get(value.qualifier) : onlyOne(tables.filter((t) => t.columns.some((c) => c.name === value.column)));
    const column = table?.columns.find((c) => c.name === value.column);
    if (!table || !column || catalog.types.get(column.type.replace(/\[\]$/, ''))?.kind !== 'enum') continue;
    const on = key(table.schema, table.name);
    if (value.literal !== undefined) ops.push({ op: 'value', on, name: column.name, literal: value.literal, assign: value.assign });
    else if (value.cast) {
      const type = enumOf(value.cast.names);
      if (type) ops.push({ op: 'value', on, name: column.name, type: value.cast.array ? `${type}[]` : type, assign: value.assign });
    }
  }
  return ops;
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/** The ops of a statement, read before it is folded: its values' checks first. */
export function opsBefore(catalog: Catalog, statement: SqlStatement): Op[] {
  const values = valueOps(catalog, statement);
  const ops = statementOps(catalog, statement);
  return values.length === 0 ? ops : [...values, ...ops];
}

function statementOps(catalog: Catalog, statement: SqlStatement): Op[] {
  const node: AstNode = statement.node;
  const ops: Op[] = [];
  switch (statement.kind) {
    case 'CreateStmt': {
      const rel = rangeVar(node.relation);
      if (!rel) return ops;
      if (isTemporary(child(node, 'relation'))) return temporaryTable(rel.name, node, bool(node, 'if_not_exists'));
      const name = key(catalog.creationSchema(rel), rel.name);
      ops.push({ op: 'create', space: 'relation', name, ifNotExists: bool(node, 'if_not_exists'), replace: false, contents: emptyContents('table') });
      for (const parent of list(node, 'inhRelations')) {
        const p = relation(catalog, rangeVar(parent));
        if (p) ops.push({ op: 'need', space: 'relation', name: p });
      }
      return ops;
    }
    case 'CreateTableAsStmt': {
      const into = asKind(node.into, 'IntoClause') ?? (node.into as AstNode | undefined);
      const rel = rangeVar(into?.rel);
      if (!rel) return ops;
      if (isTemporary(child(into, 'rel'))) return temporaryTable(rel.name, into, bool(node, 'if_not_exists'));
      ops.push({ op: 'create', space: 'relation', name: key(catalog.creationSchema(rel), rel.name), ifNotExists: bool(node, 'if_not_exists'), replace: false, contents: emptyContents(createdAsKind(node)) });
      return ops;
    }
    case 'ViewStmt': {
      const rel = rangeVar(node.view);
      if (!rel) return ops;
      ops.push({ op: 'create', space: 'relation', name: key(catalog.creationSchema(rel), rel.name), ifNotExists: false, replace: bool(node, 'replace'), contents: emptyContents('view') });
      return ops;
    }
    case 'IndexStmt': {
      const table = relation(catalog, rangeVar(node.relation));
      if (!table) return ops;
      for (const param of list(node, 'indexParams')) {
        const column = str(asKind(param, 'IndexElem'), 'name');
        if (column) ops.push({ op: 'need', space: 'column', on: table, name: column });
      }
      if (ops.length === 0) ops.push({ op: 'need', space: 'relation', name: table }); // an index on expressions only
      const name = str(node, 'idxname');
      if (name) {
        const contents = emptyContents('index');
        contents.owner = table;
        const columns = list(node, 'indexParams').map((p) => str(asKind(p, 'IndexElem'), 'name'));
        contents.columns = columns.filter((c) => c);
        if (bool(node, 'unique') && !node.whereClause && columns.every((c) => c)) contents.keys.push(columns);
        ops.push({ op: 'create', space: 'relation', name: key(schemaOf(table), name), ifNotExists: bool(node, 'if_not_exists'), replace: false, contents });
      }
      return ops;
    }
    case 'CreateSchemaStmt':
      return [{ op: 'create', space: 'schema', name: str(node, 'schemaname'), ifNotExists: bool(node, 'if_not_exists') }];
    case 'CreateExtensionStmt':
      return [{ op: 'create', space: 'extension', name: str(node, 'extname'), ifNotExists: bool(node, 'if_not_exists') }];
    case 'CreateSeqStmt': {
      const rel = rangeVar(node.sequence);
      if (!rel) return ops;
      return [{ op: 'create', space: 'relation', name: key(catalog.creationSchema(rel), rel.name), ifNotExists: bool(node, 'if_not_exists'), replace: false, contents: emptyContents('sequence') }];
    }
    case 'CreateEnumStmt': {
      const q = qualifiedName(list(node, 'typeName'));
      const values = list(node, 'vals').map((v) => stringValue(v) ?? '');
      return [{ op: 'create', space: 'type', name: key(catalog.creationSchema(q), q.name), ifNotExists: false, values }];
    }
    case 'CreateRangeStmt': {
      const q = qualifiedName(list(node, 'typeName'));
      return [{ op: 'create', space: 'type', name: key(catalog.creationSchema(q), q.name), ifNotExists: false }];
    }
    case 'CompositeTypeStmt': {
      const rel = rangeVar(node.typevar);
      if (!rel) return ops;
      return [{ op: 'create', space: 'type', name: key(catalog.creationSchema(rel), rel.name), ifNotExists: false }];
    }
    case 'CreateDomainStmt': {
      const q = qualifiedName(list(node, 'domainname'));
      return [{ op: 'create', space: 'type', name: key(catalog.creationSchema(q), q.name), ifNotExists: false }];
    }
    case 'CreateTrigStmt': {
      const table = relation(catalog, rangeVar(node.relation));
      if (!table) return ops;
      ops.push({ op: 'add', space: 'trigger', on: table, name: str(node, 'trigname'), ifNotExists: bool(node, 'replace') });
      const fn = catalog.findFunctions(qualifiedName(list(node, 'funcname')))[0];
      if (fn) ops.push({ op: 'need', space: 'function', name: key(fn.schema, fn.name) });
      return ops;
    }
    case 'CreatePolicyStmt': {
      const table = relation(catalog, rangeVar(node.table));
      if (!table) return ops;
      return [{ op: 'add', space: 'policy', on: table, name: str(node, 'policy_name'), ifNotExists: false }];
    }
    case 'AlterEnumStmt': {
      const q = qualifiedName(list(node, 'typeName'));
      const type = qualify(catalog.resolveType(q));
      const oldValue = str(node, 'oldVal');
      if (oldValue) return [{ op: 'rename', space: 'enum value', on: type, name: oldValue, to: str(node, 'newVal'), ifExists: false }];
      return [{ op: 'add', space: 'enum value', on: type, name: str(node, 'newVal'), ifNotExists: bool(node, 'skipIfNewValExists') }];
    }
    case 'AlterTableStmt':
      return alterTableOps(catalog, statement);
    case 'RenameStmt':
      return renameOps(catalog, statement);
    case 'DropStmt':
      return dropOps(catalog, statement);
    case 'AlterObjectSchemaStmt': {
      const rel = rangeVar(node.relation);
      const schema = str(node, 'newschema');
      if (rel) {
        const from = relation(catalog, rel) ?? '';
        return [{ op: 'rename', space: 'relation', name: from, to: key(schema, rel.name), ifExists: bool(node, 'missing_ok') }];
      }
      return ops;
    }
    case 'CommentStmt': {
      const kind = commentKind(node);
      const parts = nameParts(node.object);
      if (kind === 'table' || kind === 'view' || kind === 'materialized view') {
        const r = relation(catalog, qualifiedParts(parts));
        if (r) ops.push({ op: 'need', space: 'relation', name: r });
      } else if (kind === 'column' && parts.length >= 2) {
        const column = parts[parts.length - 1];
        const r = relation(catalog, parts.length >= 3 ? { schema: parts[parts.length - 3], name: parts[parts.length - 2] } : { name: parts[0] });
        if (r) ops.push({ op: 'need', space: 'column', on: r, name: column });
      }
      return ops;
    }
    case 'InsertStmt': {
      const table = relation(catalog, rangeVar(node.relation));
      if (!table) return ops;
      const columns = list(node, 'cols').map((c) => str(asKind(c, 'ResTarget'), 'name'));
      for (const column of columns) ops.push({ op: 'need', space: 'column', on: table, name: column });
      const select = asKind(node.selectStmt, 'SelectStmt');
      const guarded = node.onConflictClause !== undefined || /\bNOT\s+EXISTS\b/i.test(statement.text) || select?.whereClause !== undefined;
      const from = list(select, 'fromClause').length > 0 ? fromTables(catalog, select) : undefined;
      ops.push({ op: 'insert', on: table, columns: columns.length > 0 ? columns : undefined, conflict: guarded, from, fresh: freshColumns(columns, select) });
      return ops;
    }
    case 'UpdateStmt': {
      const table = relation(catalog, rangeVar(node.relation));
      if (!table) return ops;
      ops.push({ op: 'need', space: 'relation', name: table });
      for (const target of list(node, 'targetList')) {
        const column = str(asKind(target, 'ResTarget'), 'name');
        if (column) ops.push({ op: 'need', space: 'column', on: table, name: column });
      }
      return ops;
    }
    case 'DeleteStmt': {
      const table = relation(catalog, rangeVar(node.relation));
      if (!table) return ops;
      if (node.whereClause === undefined) ops.push({ op: 'clear rows', on: table });
      else ops.push({ op: 'need', space: 'relation', name: table });
      return ops;
    }
    case 'SelectStmt': {
      // SELECT … INTO makes a table, as CREATE TABLE … AS does.
      const into = asKind(node.intoClause, 'IntoClause') ?? (node.intoClause as AstNode | undefined);
      const rel = rangeVar(into?.rel);
      if (rel) {
        if (isTemporary(child(into, 'rel'))) return temporaryTable(rel.name, into, false);
        return [{ op: 'create', space: 'relation', name: key(catalog.creationSchema(rel), rel.name), ifNotExists: false, replace: false, contents: emptyContents('table') }];
      }
      return callOps(catalog, node);
    }
    case 'TruncateStmt':
      for (const r of list(node, 'relations')) {
        const table = relation(catalog, rangeVar(r));
        if (table) ops.push({ op: 'clear rows', on: table });
      }
      return ops;
    default:
      return ops;
  }
}

/**
 * A temporary table: it lives as long as the session, and replay runs the
 * whole chain, both times, in one session; one dropped ON COMMIT is gone
 * when its file ends.
 */
function temporaryTable(name: string, node: AstNode | undefined, ifNotExists: boolean): Op[] {
  if (dropsOnCommit(node)) return [];
  return [{ op: 'create', space: 'relation', name: key('pg_temp', name), ifNotExists, replace: false, contents: emptyContents('table') }];
}

/**
 * The inserted columns whose value is made anew on every run in every row of
 * a VALUES list (a function call such as gen_random_uuid() or nextval(…), or
 * DEFAULT), or is NULL: a key on them never meets the first run's rows.
 */
function freshColumns(columns: string[], select: AstNode | undefined): string[] | undefined {
  const rows = list(select, 'valuesLists');
  if (rows.length === 0 || columns.length === 0) return undefined;
  const fresh = columns.filter((_, i) => rows.every((row) => {
    const value = list(asKind(row, 'List'), 'items')[i];
    return asKind(value, 'FuncCall') !== undefined || asKind(value, 'SetToDefault') !== undefined || bool(asKind(value, 'A_Const'), 'isnull');
  }));
  return fresh.length > 0 ? fresh : undefined;
}

/** The tables a query reads rows from (its FROM items and joins, resolved now; subqueries and functions read none the check needs). */
function fromTables(catalog: Catalog, select: AstNode | undefined): string[] {
  const out: string[] = [];
  const visit = (item: unknown) => {
    const range = asKind(item, 'RangeVar');
    if (range) {
      const r = relation(catalog, rangeVar(item));
      if (r) out.push(r);
      return;
    }
    const join = asKind(item, 'JoinExpr');
    if (join) {
      visit(join.larg);
      visit(join.rarg);
    }
  };
  for (const item of list(select, 'fromClause')) visit(item);
  return out;
}

/** `SELECT f(…)` at the top of a statement: each call must find exactly one function of that name taking that many arguments. */
function callOps(catalog: Catalog, select: AstNode): Op[] {
  const ops: Op[] = [];
  if (list(select, 'fromClause').length > 0) return ops;
  for (const target of list(select, 'targetList')) {
    const call = asKind(asKind(target, 'ResTarget')?.val, 'FuncCall');
    if (!call) continue;
    const overloads = catalog.findFunctions(qualifiedName(list(call, 'funcname')));
    const fn = overloads[0];
    if (fn) ops.push({ op: 'call', name: key(fn.schema, fn.name), arguments: list(call, 'args').length });
  }
  return ops;
}

function alterTableOps(catalog: Catalog, statement: SqlStatement): Op[] {
  const node = statement.node;
  const table = relation(catalog, rangeVar(node.relation));
  if (!table) return [];
  const ops: Op[] = [];
  const schema = schemaOf(table);
  for (const cmd of alterTableCommands(node)) {
    switch (cmd.action) {
      case 'add column':
        ops.push({ op: 'add', space: 'column', on: table, name: str(cmd.column, 'colname'), ifNotExists: cmd.ifNotExists });
        break;
      case 'drop column':
        ops.push({ op: 'drop', space: 'column', on: table, name: cmd.name, ifExists: cmd.ifExists, cascade: cmd.cascade });
        break;
      case 'alter column type':
        ops.push({ op: 'retype', on: table, name: cmd.name, type: '' });
        break;
      case 'add identity': {
        ops.push({ op: 'need', space: 'column', on: table, name: cmd.name });
        ops.push({ op: 'add', space: 'identity', on: table, name: cmd.name, ifNotExists: false });
        const sequence = identitySequenceName(cmd.constraint);
        if (sequence) {
          const q = sequence.length >= 2 ? { schema: sequence[sequence.length - 2], name: sequence[sequence.length - 1] } : { name: sequence[0] ?? '' };
          ops.push({ op: 'create', space: 'relation', name: key(q.schema ?? schema, q.name), ifNotExists: false, replace: false, contents: emptyContents('sequence') });
        }
        break;
      }
      case 'drop identity':
        ops.push({ op: 'drop', space: 'identity', on: table, name: cmd.name, ifExists: false });
        break;
      case 'set default':
      case 'set not null':
      case 'drop not null':
      case 'set identity':
        ops.push({ op: 'need', space: 'column', on: table, name: cmd.name });
        break;
      case 'add constraint': {
        const kind = constraintKind(cmd.constraint);
        const name = str(cmd.constraint, 'conname');
        const target = kind === 'foreign key' ? relation(catalog, rangeVar(asKind(cmd.constraint.pktable, 'RangeVar') ?? cmd.constraint.pktable)) : undefined;
        const columns = list(cmd.constraint, 'keys').map((k) => stringValue(k) ?? '');
        for (const column of columns) ops.push({ op: 'need', space: 'column', on: table, name: column });
        if (kind === 'foreign key') {
          if (target) ops.push({ op: 'need', space: 'relation', name: target });
          const local = list(cmd.constraint, 'fk_attrs').map((k) => stringValue(k) ?? '');
          for (const column of local) ops.push({ op: 'need', space: 'column', on: table, name: column });
          const referenced = list(cmd.constraint, 'pk_attrs').map((k) => stringValue(k) ?? '');
          if (target) ops.push({ op: 'reference', on: table, columns: local, target, targetColumns: referenced.length > 0 ? referenced : undefined });
        }
        if (kind === 'check') for (const column of plainColumns(cmd.constraint.raw_expr)) ops.push({ op: 'need', space: 'column', on: table, name: column });
        const indexed = kind === 'primary key' || kind === 'unique' || kind === 'exclusion';
        const indexName = str(cmd.constraint, 'indexname');
        if (name) {
          const index = indexed && !indexName ? key(schema, name) : undefined;
          const unique = (kind === 'primary key' || kind === 'unique') && columns.length > 0 ? columns : undefined;
          ops.push({ op: 'add', space: 'constraint', on: table, name, ifNotExists: false, primaryKey: kind === 'primary key', index, key: unique, references: target });
        } else if (kind === 'primary key') {
          ops.push({ op: 'add', space: 'primary key', on: table, key: columns.length > 0 ? columns : undefined });
        } else if (kind !== 'not null') {
          // Postgres names it anew if the name it would choose is taken: it never fails, and the model has the name it chose.
          ops.push({ op: 'add', space: 'constraint', on: table, name: '', ifNotExists: true, primaryKey: false, index: undefined, key: undefined });
        }
        break;
      }
      case 'drop constraint':
        ops.push({ op: 'drop', space: 'constraint', on: table, name: cmd.name, ifExists: cmd.ifExists });
        break;
      default:
    }
  }
  // The table must be there; an op on a part of it asks that already.
  if (!bool(node, 'missing_ok') && !ops.some((op) => 'on' in op && op.on === table)) ops.unshift({ op: 'need', space: 'relation', name: table });
  return ops;
}

function renameOps(catalog: Catalog, statement: SqlStatement): Op[] {
  const node = statement.node;
  const kind = renameKind(node);
  const to = str(node, 'newname');
  const ifExists = bool(node, 'missing_ok');
  const rel = rangeVar(node.relation);
  const table = relation(catalog, rel);
  switch (kind) {
    case 'table':
    case 'foreign table':
    case 'view':
    case 'materialized view':
    case 'sequence':
    case 'index': {
      if (!rel) return [];
      const from = kind === 'index' ? qualify(catalog.resolveIndex(rel)) : (table ?? '');
      return [{ op: 'rename', space: 'relation', name: from, to: key(schemaOf(from), to), ifExists }];
    }
    case 'column':
      return table ? [{ op: 'rename', space: 'column', on: table, name: str(node, 'subname'), to, ifExists }] : [];
    case 'table constraint':
      return table ? [{ op: 'rename', space: 'constraint', on: table, name: str(node, 'subname'), to, ifExists }] : [];
    case 'trigger':
    case 'policy':
      return table ? [{ op: 'rename', space: kind, on: table, name: str(node, 'subname'), to, ifExists }] : [];
    case 'schema':
      return [{ op: 'rename', space: 'schema', name: str(node, 'subname'), to, ifExists }];
    case 'type':
    case 'domain': {
      const parts = nameParts(node.object);
      const type = qualify(catalog.resolveType(qualifiedParts(parts)));
      return [{ op: 'rename', space: 'type', name: type, to: key(schemaOf(type), to), ifExists }];
    }
    case 'function':
    case 'procedure': {
      const fn = catalog.findFunctions(objectArgs(node.object).name)[0];
      return fn ? [{ op: 'rename', space: 'function', name: key(fn.schema, fn.name), to: key(fn.schema, to), ifExists }] : [];
    }
    default:
      return [];
  }
}

function dropOps(catalog: Catalog, statement: SqlStatement): Op[] {
  const { kind, objects, ifExists, cascade } = dropRecord(statement.node);
  const ops: Op[] = [];
  for (const object of objects) {
    const parts = nameParts(object);
    const name = qualifiedParts(parts);
    const relationKind = relationKindOf[kind];
    if (relationKind) {
      const temporary = kind === 'table' && catalog.isTemporaryName(name);
      const resolved = temporary ? key('pg_temp', name.name) : kind === 'index' ? qualify(catalog.resolveIndex(name)) : (relation(catalog, name) ?? '');
      ops.push({ op: 'drop', space: 'relation', name: resolved, ifExists, cascade, kind: relationKind });
    } else if (kind === 'type' || kind === 'domain') {
      ops.push({ op: 'drop', space: 'type', name: qualify(catalog.resolveType(name)), ifExists, cascade });
    } else if (kind === 'schema') {
      ops.push({ op: 'drop', space: 'schema', name: parts[0] ?? '', ifExists });
    } else if (kind === 'extension') {
      ops.push({ op: 'drop', space: 'extension', name: parts[0] ?? '', ifExists });
    } else if (kind === 'trigger' || kind === 'policy') {
      const table = relation(catalog, parts.length >= 3 ? { schema: parts[0], name: parts[1] } : { name: parts[0] ?? '' });
      if (table) ops.push({ op: 'drop', space: kind, on: table, name: parts[parts.length - 1] ?? '', ifExists });
    } else if (kind === 'function' || kind === 'procedure' || kind === 'routine') {
      const { name: fnName, args } = objectArgs(object);
      const found = catalog.findFunctions(fnName)[0];
      const schema = found?.schema ?? fnName.schema ?? catalog.creationSchema(fnName);
      ops.push({ op: 'drop', space: 'function', name: key(schema, fnName.name), ifExists, signature: args ? argumentList(args) : undefined });
    }
  }
  return ops;
}

/** How many arguments a call of the function may pass: [without the defaulted ones, all (Infinity when variadic)]. */
function arityOf(fn: FunctionDef): [number, number] {
  const inputs = inputArguments(fn.arguments);
  const required = inputs.filter((a) => a.default === undefined && a.mode !== 'variadic').length;
  return [required, inputs.some((a) => a.mode === 'variadic') ? Number.POSITIVE_INFINITY : inputs.length];
}

/** The op that makes `fn` as the model has it (its signature: its input argument types). */
function functionOp(fn: FunctionDef, replace: boolean): Op {
  const types = inputTypes(fn);
  return { op: 'create', space: 'function', name: key(fn.schema, fn.name), signature: argumentList(types), replace, returns: fn.returns ?? '', arity: arityOf(fn), types };
}

/** The event's object as shadow names: `[name, on]`. */
function eventNames(event: ModelEvent): [string, string | undefined] {
  const on = / on (.+)$/.exec(event.object);
  if (on) return [event.object.slice(0, on.index), on[1]];
  if (event.kind === 'column' || event.kind === 'constraint') {
    const at = event.object.lastIndexOf('.');
    return [event.object.slice(at + 1), event.object.slice(0, at)];
  }
  return [event.object, undefined];
}

/** What a CASCADE took with the statement's own drops: drops of those too, if they are there. */
function cascaded(events: ModelEvent[]): Op[] {
  const ops: Op[] = [];
  for (const event of events) {
    if (event.action !== 'dropped') continue;
    const [name, on] = eventNames(event);
    if (event.kind === 'view' || event.kind === 'materialized view' || event.kind === 'table' || event.kind === 'index' || event.kind === 'sequence') ops.push({ op: 'drop', space: 'relation', name, ifExists: true });
    else if ((event.kind === 'constraint' || event.kind === 'column' || event.kind === 'trigger' || event.kind === 'policy') && on) ops.push({ op: 'drop', space: event.kind, name, on, ifExists: true });
  }
  return ops;
}

/** Fills in what the statement made, now that it is folded; the model's events of the statement start at `eventsFrom`. */
export function opsAfter(catalog: Catalog, statement: SqlStatement, ops: Op[], eventsFrom: number): Op[] {
  const out = ops; // opsBefore's own array: what the statement made is added to it
  const made = ops.length;
  for (let i = 0; i < made; i++) {
    const op = ops[i];
    if (op.op !== 'create') continue;
    if (op.space === 'relation') {
      const name = nameOf(op.name);
      const kind = op.contents.kind;
      if (kind === 'table') {
        const table = catalog.table(name);
        Object.assign(op.contents, tableContents(table));
        for (const target of op.contents.reads ?? []) out.push({ op: 'need', space: 'relation', name: target });
        for (const c of table?.constraints ?? []) {
          if (c.type !== 'foreign key' || !c.references) continue;
          out.push({ op: 'reference', on: op.name, columns: c.columns, target: qualify(c.references), targetColumns: c.references.implied ? undefined : c.references.columns });
        }
      } else if (kind === 'view' || kind === 'materialized view') {
        const view = catalog.views.get(op.name);
        const columns = view?.columns ?? catalog.table(name)?.columns ?? [];
        op.contents.columns = columns.map((c) => c.name);
        op.contents.columnTypes = columns.map((c) => c.type);
        if (view) {
          op.contents.reads = readsOf(catalog, view);
          op.contents.readsColumns = columnsReadBy(catalog, view);
        }
      }
    }
  }
  const events = catalog.events.slice(eventsFrom);
  // Unnamed constraints: the names the model chose, in the order it made them.
  const chosen = events.filter((e) => e.action === 'created' && e.kind === 'constraint').map((e) => eventNames(e)[0]);
  for (const op of out) if (op.op === 'add' && op.space === 'constraint' && op.name === '') op.name = chosen.find((n) => !out.some((o) => o.op === 'add' && o.space === 'constraint' && o.name === n)) ?? '';
  for (let i = out.length - 1; i >= 0; i--) {
    const op = out[i];
    if (op.op === 'add' && op.space === 'constraint' && op.name === '') out.splice(i, 1);
  }
  let typesUsed: Set<string> | undefined;
  for (const op of out) {
    if ((op.op === 'add' && op.space === 'column') || op.op === 'retype') {
      const column = catalog.table(nameOf(op.on))?.columns.find((c) => c.name === op.name);
      if (column) {
        op.type = column.type;
        (typesUsed ??= new Set()).add(column.type);
      }
    }
    if (op.op === 'create' && op.space === 'relation' && op.contents.kind === 'table') for (const type of op.contents.columnTypes) (typesUsed ??= new Set()).add(type);
  }
  // A column of a type the migrations made needs the type (columns refer to it, not to its name).
  for (const type of typesUsed ?? []) {
    const base = type.replace(/(\[\])+$/, '');
    if (catalog.types.has(base)) out.push({ op: 'need', space: 'type', name: base });
  }
  if (statement.kind === 'CreateFunctionStmt') {
    const q = qualifiedName(list(statement.node, 'funcname'));
    const overloads = catalog.findFunctions(q);
    const fn = overloads.find((f) => f.source.file === statement.file && f.source.line === statement.start.line) ?? overloads[overloads.length - 1];
    if (fn) out.push(functionOp(fn, bool(statement.node, 'replace')));
  }
  const cascade = statement.kind === 'DropStmt' ? dropRecord(statement.node).cascade : statement.kind === 'AlterTableStmt' && alterTableCommands(statement.node).some((c) => 'cascade' in c && c.cascade);
  if (cascade) {
    const own = new Set(ops.flatMap((op) => (op.op === 'drop' ? [`${op.on ?? ''}|${op.name}`] : [])));
    out.push(...cascaded(events).filter((op) => op.op === 'drop' && !own.has(`${op.on ?? ''}|${op.name}`)));
  }
  return out;
}

/** The step of a top-level statement; `fold` folds one statement into the model (the DO block's nested ones each in turn). */
export function stepOf(catalog: Catalog, statement: SqlStatement, fold: (s: SqlStatement) => void, nested: SqlStatement[]): Step {
  const step = stepAt(statement);
  if (statement.kind !== 'DoStmt') {
    const before = opsBefore(catalog, statement);
    const from = catalog.events.length;
    fold(statement);
    step.ops = opsAfter(catalog, statement, before, from);
    return step;
  }
  step.children = [];
  for (const inner of nested) {
    const child = stepAt(inner);
    const before = opsBefore(catalog, inner);
    const from = catalog.events.length;
    fold(inner);
    child.ops = opsAfter(catalog, inner, before, from);
    const guards = stepGuards(inner.guards, child.ops);
    if (guards.length > 0) child.guards = guards;
    if (child.ops.length > 0) step.children.push(child);
  }
  if (runtimeExecute.test(statement.text)) step.undecided = 'SQL built at run time (EXECUTE of a string that is not a constant)';
  return step;
}

/** The objects the set-up SQL made (replay.setup, a shim), as one step that creates them: where both runs start. */
export function setupStep(catalog: Catalog): Step {
  const step: Step = { file: '', line: 0, column: 0, endLine: 0, endColumn: 0, ops: [], guards: [] };
  const ops = step.ops;
  for (const schema of catalog.schemas.keys()) ops.push({ op: 'create', space: 'schema', name: schema, ifNotExists: true });
  for (const extension of catalog.extensions.keys()) ops.push({ op: 'create', space: 'extension', name: extension, ifNotExists: true });
  for (const [k, table] of catalog.tables) ops.push({ op: 'create', space: 'relation', name: k, ifNotExists: true, replace: false, contents: tableContents(table) });
  for (const [k, view] of catalog.views) {
    const contents = emptyContents(view.materialized ? 'materialized view' : 'view');
    contents.columns = view.columns.map((c) => c.name);
    ops.push({ op: 'create', space: 'relation', name: k, ifNotExists: true, replace: false, contents });
  }
  for (const [k] of catalog.sequences) ops.push({ op: 'create', space: 'relation', name: k, ifNotExists: true, replace: false, contents: emptyContents('sequence') });
  for (const [k, index] of catalog.indexes) {
    const contents = emptyContents('index');
    contents.owner = qualify(index.table);
    ops.push({ op: 'create', space: 'relation', name: k, ifNotExists: true, replace: false, contents });
  }
  for (const [k, type] of catalog.types) ops.push({ op: 'create', space: 'type', name: k, ifNotExists: true, ...(type.values ? { values: [...type.values] } : {}) });
  for (const fn of catalog.functions.values()) ops.push(functionOp(fn, true));
  for (const trigger of catalog.triggers.values()) ops.push({ op: 'add', space: 'trigger', on: qualify(trigger.table), name: trigger.name, ifNotExists: true });
  for (const policy of catalog.policies.values()) ops.push({ op: 'add', space: 'policy', on: qualify(policy.table), name: policy.name, ifNotExists: true });
  return step;
}

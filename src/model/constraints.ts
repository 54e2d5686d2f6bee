/**
 * Table constraints in the model: primary keys, foreign keys, unique, check
 * and exclusion constraints, from CREATE TABLE and ALTER TABLE … ADD
 * CONSTRAINT (also `USING INDEX`), with the names Postgres chooses for
 * unnamed ones; RENAME CONSTRAINT (which renames a constraint's index with
 * it, the two being one name) and DROP CONSTRAINT (over dependents.ts: a
 * primary key that a foreign key references is refused without CASCADE).
 */

import { type AstNode, asKind, list, names, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { rangeVar } from '../sql/names.js';
import { constraintKind, referentialAction } from '../sql/statements.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, sourceOf, touch } from './catalog.js';
import { dropObjects } from './dependents.js';
import { qualify } from './lookup.js';
import { chooseName, columnsAddition } from './names.js';
import { foreignReferences } from './references.js';
import type { ConstraintDef, TableDef } from './types.js';

/** The label of each kind's default name (`t_pkey`, `t_a_key`, `t_a_fkey`, `t_a_check`, `t_a_excl`). */
const constraintLabels: Record<ConstraintDef['type'], string> = { 'primary key': 'pkey', unique: 'key', 'foreign key': 'fkey', check: 'check', exclusion: 'excl' };

/** The columns part of a constraint's default name: none for a primary key, a check's only when it reads one column. */
function nameColumns(def: ConstraintDef): string | undefined {
  if (def.type === 'primary key' || (def.type === 'check' && def.columns.length !== 1)) return undefined;
  return def.columns.length > 0 ? columnsAddition(def.columns) : undefined;
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
  // A CHECK depends on the functions and types it uses (its own table's columns are its parts: dropping one drops it).
  if (def.type === 'check') catalog.refer({ kind: 'constraint', table, constraint: def }, def, foreignReferences(catalog, table, c.raw_expr));
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

/** CREATE TABLE keeps one index constraint per column list: a UNIQUE on the primary key's columns is dropped. */
export function dropRedundantUnique(table: TableDef): void {
  const pk = table.constraints.find((k) => k.type === 'primary key');
  if (!pk) return;
  const same = (k: ConstraintDef) => k.type === 'unique' && k.derivedName && k.columns.join(',') === pk.columns.join(',');
  table.constraints = table.constraints.filter((k) => !same(k));
}

/** `ALTER TABLE t RENAME CONSTRAINT a TO b`. */
export function renameConstraint(catalog: Catalog, statement: SqlStatement, table: TableDef, oldName: string, newName: string): void {
  const constraint = table.constraints.find((c) => c.name === oldName);
  if (!constraint) return;
  constraint.name = newName;
  constraint.derivedName = false;
  touch(constraint, statement);
  touch(table, statement);
  catalog.record('renamed', 'constraint', `${qualify(table)}.${oldName}`, statement, `${qualify(table)}.${newName}`);
}

/** `ALTER TABLE t DROP CONSTRAINT k [CASCADE]`. */
export function dropConstraint(catalog: Catalog, statement: SqlStatement, table: TableDef, name: string, cascade: boolean): void {
  const constraint = table.constraints.find((k) => k.name === name);
  if (constraint) dropObjects(catalog, [{ kind: 'constraint', table, constraint }], cascade, statement);
}

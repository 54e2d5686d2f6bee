/**
 * Indexes in the model: CREATE INDEX (with the name Postgres chooses for an
 * unnamed one), ALTER INDEX … RENAME (of a constraint's index, which renames
 * the constraint) and DROP INDEX. An index belongs to its table or
 * materialized view: it follows its renames and goes with its drop
 * (dependents.ts), and with a column it uses.
 */

import { asKind, bool, list, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { figureColumnName, isDescending } from '../sql/statements.js';
import { type Catalog, key, type ObjectRef, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import { chooseName, columnsAddition } from './names.js';
import { foreignReferences } from './references.js';
import type { IndexDef } from './types.js';

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
  const owner = catalog.table(table) ?? catalog.views.get(key(table.schema, table.name));
  // Postgres refuses an index on a relation that does not exist: one the model does not know is outside it (an external schema, SQL built at run time).
  if (!owner && !catalog.externalSchemas.has(table.schema)) return;
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
  // An index depends on the functions its expressions call (its table's columns are what it is made of).
  if (owner) catalog.refer({ kind: 'index', index }, index, foreignReferences(catalog, owner, [list(node, 'indexParams').map((p) => asKind(p, 'IndexElem')?.expr), node.whereClause]));
  catalog.record('created', 'index', qualify(index), statement);
}

/** `ALTER INDEX i RENAME TO j`. */
export function renameIndex(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, newName: string): void {
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

/** What `DROP INDEX name` drops, when the model has it (a constraint's index cannot be dropped on its own: Postgres refuses). */
export function indexTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  const index = catalog.indexes.get(qualify(catalog.resolveIndex(name)));
  return index ? { kind: 'index', index } : undefined;
}

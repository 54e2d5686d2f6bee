/**
 * Views and materialized views in the model, and the tables a query makes:
 * CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW, CREATE TABLE … AS and
 * SELECT … INTO (columns from the query, see select-columns.ts), RENAME and
 * DROP. A view depends on what its query reads (references.ts): dropping a
 * table, column or function it uses is refused, or drops the view with
 * CASCADE (dependents.ts).
 */

import { type AstNode, asKind, bool, child, list } from '../sql/ast.js';
import { textFrom } from '../sql/expr.js';
import { rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { createdAsKind, isTemporary } from '../sql/statements.js';
import { type Catalog, key, type ObjectRef, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import { queryReferences } from './references.js';
import { queryColumns, renamed } from './select-columns.js';
import { moveRelation } from './tables.js';
import type { ViewDef } from './types.js';

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
    catalog.refer({ kind: 'view', view: existing }, existing, queryReferences(catalog, statement.node.query));
    touch(existing, statement);
    catalog.record('changed', 'view', k, statement);
    return;
  }
  const view: ViewDef = { source: sourceOf(statement), changedBy: [], schema, name: rel.name, materialized: false, query, columns: viewColumns(catalog, statement.node.query, list(statement.node, 'aliases')) };
  catalog.views.set(k, view);
  catalog.refer({ kind: 'view', view }, view, queryReferences(catalog, statement.node.query));
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
    const view: ViewDef = { source: sourceOf(statement), changedBy: [], schema, name: rel.name, materialized: true, query: viewQuery(statement), columns: viewColumns(catalog, query, list(into, 'colNames')) };
    catalog.views.set(k, view);
    catalog.refer({ kind: 'view', view }, view, queryReferences(catalog, query));
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

/** `ALTER VIEW | MATERIALIZED VIEW v RENAME TO w`: its indexes and triggers follow it. */
export function renameView(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, newName: string): void {
  const view = catalog.views.get(qualify(catalog.resolveRelation(rel)));
  if (!view) return;
  const from = moveRelation(catalog, catalog.views, view, { schema: view.schema, name: newName });
  touch(view, statement);
  catalog.record('renamed', view.materialized ? 'materialized view' : 'view', qualify(from), statement, qualify(view));
}

/** What `DROP VIEW name` drops, when the model has it. */
export function viewTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  const view = catalog.views.get(qualify(catalog.resolveRelation(name)));
  return view ? { kind: 'view', view } : undefined;
}

/** `ALTER VIEW | MATERIALIZED VIEW v SET SCHEMA s`. */
export function setViewSchema(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, schema: string): void {
  const view = catalog.views.get(qualify(catalog.resolveRelation(rel)));
  if (!view) return;
  const from = moveRelation(catalog, catalog.views, view, { schema, name: view.name });
  touch(view, statement);
  catalog.record('renamed', view.materialized ? 'materialized view' : 'view', qualify(from), statement, qualify(view));
}

/**
 * What an expression or a query refers to, as model objects: the tables and
 * views it reads, the columns it names (a `*` names every column of its
 * relation, as Postgres expands it when the view is made), the functions it
 * calls, the sequences `nextval('s')` uses and the types it casts to. These
 * are the pg_depend entries Postgres records for a view's query, a column's
 * default or generation expression, a policy's USING / WITH CHECK, a CHECK
 * constraint and an index expression (recordDependencyOnExpr); dependents.ts
 * reads them when something is dropped.
 *
 * Column references are resolved as Postgres does: in the innermost query
 * whose FROM has a relation with that column (or the alias named), then
 * outwards; an expression on a table (a default, a policy) sees that table.
 */

import { asKind, constValue, isObject, list, names, str, unwrap, type AstNode } from '../sql/ast.js';
import { qualifiedName, rangeVar } from '../sql/names.js';
import { type Catalog, inputArguments, key } from './catalog.js';
import type { ColumnDef, TableDef, ViewDef } from './types.js';

/** A relation in scope: what it goes by there and the model object (none for a subquery, a CTE or an unknown relation). */
interface ScopeEntry {
  alias: string;
  relation?: TableDef | ViewDef;
  /** Column names a subquery or CTE returns (they name no base column of their own). */
  derived?: string[];
}

/** The model objects an expression or query refers to, in the order first met. */
export type Referenced = Set<object>;

/** The relation `rel` names, when the model has it. */
function relationOf(catalog: Catalog, rel: { schema?: string; name: string }): TableDef | ViewDef | undefined {
  if (catalog.isTemporaryName(rel)) return undefined;
  const name = catalog.resolveRelation(rel);
  const k = key(name.schema, name.name);
  return catalog.tables.get(k) ?? catalog.views.get(k);
}

/** The column called `name` of a table (a view's columns are no objects of their own: a view that reads a view depends on the view). */
function columnOf(relation: TableDef | ViewDef | undefined, name: string): ColumnDef | undefined {
  if (!relation || !('constraints' in relation)) return undefined;
  return relation.columns.find((c) => c.name === name);
}

const hasColumn = (entry: ScopeEntry, name: string): boolean =>
  entry.derived ? entry.derived.includes(name) : (entry.relation?.columns.some((c) => c.name === name) ?? false);

class ReferenceWalk {
  readonly found: Referenced = new Set();
  private readonly ctes: string[][] = [];

  constructor(private readonly catalog: Catalog) {}

  /** Walks a query (SelectStmt) with the scopes around it. */
  query(select: AstNode, outer: ScopeEntry[][]): void {
    const withClause = asKind(select.withClause, 'WithClause') ?? (isObject(select.withClause) ? select.withClause : undefined);
    const cteNames: string[] = [];
    for (const cte of list(withClause, 'ctes')) {
      const c = asKind(cte, 'CommonTableExpr');
      if (!c) continue;
      this.value(c.ctequery, outer);
      cteNames.push(str(c, 'ctename'));
    }
    this.ctes.push(cteNames);
    try {
      if (select.larg || select.rarg) {
        this.value(select.larg, outer);
        this.value(select.rarg, outer);
        return;
      }
      const scope: ScopeEntry[] = [];
      for (const item of list(select, 'fromClause')) this.fromItem(item, scope, outer);
      const scopes = [scope, ...outer];
      for (const [field, value] of Object.entries(select)) {
        if (field === 'fromClause' || field === 'withClause' || field === 'larg' || field === 'rarg') continue;
        this.value(value, scopes);
      }
    } finally {
      this.ctes.pop();
    }
  }

  private isCte(name: string): boolean {
    return this.ctes.some((names) => names.includes(name));
  }

  /** Adds what one FROM item brings into `scope`, walking its subqueries and join conditions. */
  private fromItem(item: unknown, scope: ScopeEntry[], outer: ScopeEntry[][]): void {
    const wrapped = unwrap(item);
    if (!wrapped) return;
    const { kind, node } = wrapped;
    if (kind === 'RangeVar') {
      const rel = rangeVar(item);
      if (!rel) return;
      const alias = str(asKind(node.alias, 'Alias') ?? (isObject(node.alias) ? node.alias : undefined), 'aliasname') || rel.name;
      if (!rel.schema && this.isCte(rel.name)) {
        scope.push({ alias, derived: [] });
        return;
      }
      const relation = relationOf(this.catalog, rel);
      if (relation) this.found.add(relation);
      scope.push({ alias, relation });
      return;
    }
    if (kind === 'RangeSubselect') {
      this.value(node.subquery, outer);
      const alias = isObject(node.alias) ? (asKind(node.alias, 'Alias') ?? node.alias) : undefined;
      scope.push({ alias: str(alias, 'aliasname'), derived: [] });
      return;
    }
    if (kind === 'JoinExpr') {
      this.fromItem(node.larg, scope, outer);
      this.fromItem(node.rarg, scope, outer);
      for (const column of names(list(node, 'usingClause'))) this.column([column], [scope, ...outer]);
      this.value(node.quals, [scope, ...outer]);
      return;
    }
    this.value(item, [scope, ...outer]); // a function in FROM
  }

  /** A column reference (its name parts), resolved in the nearest scope that has it. */
  private column(fields: string[], scopes: ScopeEntry[][]): void {
    const name = fields[fields.length - 1];
    const qualifier = fields.length > 1 ? fields[fields.length - 2] : undefined;
    for (const scope of scopes) {
      const entry = qualifier === undefined ? scope.find((e) => hasColumn(e, name)) : scope.find((e) => e.alias === qualifier || e.relation?.name === qualifier);
      if (!entry) continue;
      const column = columnOf(entry.relation, name);
      if (column) this.found.add(column);
      return;
    }
  }

  /** `*` or `t.*`: every column of the relations it covers. */
  private star(qualifier: string | undefined, scopes: ScopeEntry[][]): void {
    for (const entry of scopes[0] ?? []) {
      if (qualifier !== undefined && entry.alias !== qualifier) continue;
      if (entry.relation && 'constraints' in entry.relation) for (const column of entry.relation.columns) this.found.add(column);
    }
  }

  /** Any other node: column references, function calls, casts, sublinks. */
  value(value: unknown, scopes: ScopeEntry[][]): void {
    if (Array.isArray(value)) {
      for (const v of value) this.value(v, scopes);
      return;
    }
    if (!isObject(value)) return;
    // The wrapped node's kind, read without unwrapping (this walk visits every node of every policy, default and view).
    let kind: string | undefined;
    for (const field in value) {
      kind = kind === undefined ? field : '';
      if (kind === '') break;
    }
    const inner = kind ? value[kind] : undefined;
    if (kind === 'SelectStmt' && isObject(inner)) {
      this.query(inner, scopes);
      return;
    }
    if (kind === 'ColumnRef' && isObject(inner)) {
      const fields = list(inner, 'fields');
      if (asKind(fields[fields.length - 1], 'A_Star')) this.star(names(fields.slice(0, -1)).pop(), scopes);
      else this.column(names(fields), scopes);
      return;
    }
    if (kind === 'FuncCall' && isObject(inner)) this.call(inner);
    if (kind === 'TypeCast' && isObject(inner)) this.type(inner.typeName);
    for (const field in value) this.value(value[field], scopes);
  }

  /** A call: the functions of that name (the overloads taking that many arguments, when some do), and `nextval('s')`'s sequence. */
  private call(call: AstNode): void {
    const name = qualifiedName(list(call, 'funcname'));
    const args = list(call, 'args');
    if (name.name === 'nextval' && (!name.schema || name.schema === 'pg_catalog')) {
      const text = constValue(args[0]) ?? constValue(asKind(args[0], 'TypeCast')?.arg);
      if (typeof text === 'string') {
        const parts = text.split('.').map((p) => p.replace(/^"(.*)"$/, '$1'));
        const seq = this.catalog.resolveRelation(parts.length === 2 ? { schema: parts[0], name: parts[1] } : { name: parts[0] });
        const sequence = this.catalog.sequences.get(key(seq.schema, seq.name));
        if (sequence) this.found.add(sequence);
      }
      return;
    }
    const candidates = this.catalog.findFunctions(name);
    const matching = candidates.filter((fn) => inputArguments(fn.arguments).length === args.length);
    for (const fn of matching.length > 0 ? matching : candidates) this.found.add(fn);
  }

  /** A cast to one of the model's types. */
  type(typeName: unknown): void {
    const parts = names(list(asKind(typeName, 'TypeName') ?? (isObject(typeName) ? typeName : undefined), 'names'));
    if (parts.length === 0 || parts.length > 2) return;
    const name = this.catalog.resolveType(parts.length === 2 ? { schema: parts[0], name: parts[1] } : { name: parts[0] });
    const type = this.catalog.types.get(key(name.schema, name.name));
    if (type) this.found.add(type);
  }
}

/** What a view's (or materialized view's, or CREATE TABLE … AS) query refers to. */
export function queryReferences(catalog: Catalog, query: unknown): Referenced {
  const walk = new ReferenceWalk(catalog);
  if (isObject(query) && !unwrap(query)) walk.query(query, []); // a bare SelectStmt (SELECT … INTO)
  else walk.value(query, []);
  return walk.found;
}

/** What an expression on `table` (a default, a generation expression, a policy, a CHECK, an index expression) refers to, its own columns included. */
export function expressionReferences(catalog: Catalog, table: TableDef | ViewDef | undefined, expression: unknown): Referenced {
  const walk = new ReferenceWalk(catalog);
  walk.value(expression, table ? [[{ alias: table.name, relation: table }]] : []);
  return walk.found;
}

/** What an expression on `table` refers to beyond the table itself: for a CHECK constraint or an index, whose own columns are their parts. */
export function foreignReferences(catalog: Catalog, table: TableDef | ViewDef, expression: unknown): Referenced {
  const found = expressionReferences(catalog, table, expression);
  found.delete(table);
  for (const column of table.columns) found.delete(column);
  return found;
}

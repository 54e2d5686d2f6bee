/**
 * The columns a query returns, as Postgres names them: for `CREATE TABLE … AS`,
 * `SELECT … INTO`, views and materialized views. Names always (an alias, else
 * the column's or function's name, else `?column?`); `*` and `t.*` expand to
 * the columns of the tables, views, subqueries and CTEs in FROM. Types where
 * they follow: a known column's type, a cast's type, a literal's; otherwise
 * `unknown` (compared by name only).
 */

import { asKind, constValue, isObject, list, names, str, unwrap, type AstNode } from '../sql/ast.js';
import { formatType, rangeVar } from '../sql/names.js';
import { figureColumnName } from '../sql/statements.js';
import type { Catalog } from './catalog.js';

export interface QueryColumn {
  name: string;
  type: string;
}

/** A relation a query reads, by the name it goes by there (its alias, else its own name). */
interface Source {
  alias: string;
  columns: QueryColumn[];
}

/** The columns `query` (a SelectStmt node) returns; `ctes` are the WITH queries visible to it. */
export function queryColumns(catalog: Catalog, query: AstNode | undefined, ctes = new Map<string, QueryColumn[]>()): QueryColumn[] {
  if (!query) return [];
  const select = asKind(query, 'SelectStmt') ?? query;
  const visible = new Map(ctes);
  const withClause = asKind(select.withClause, 'WithClause') ?? (isObject(select.withClause) ? select.withClause : undefined);
  for (const cte of list(withClause, 'ctes')) {
    const c = asKind(cte, 'CommonTableExpr');
    if (!c) continue;
    const columns = queryColumns(catalog, asKind(c.ctequery, 'SelectStmt'), visible);
    visible.set(str(c, 'ctename'), renamed(columns, list(c, 'aliascolnames')));
  }
  // UNION / INTERSECT / EXCEPT: the left arm names the columns.
  if (select.larg) return queryColumns(catalog, asKind(select.larg, 'SelectStmt') ?? (select.larg as AstNode), visible);
  const values = list(select, 'valuesLists');
  if (values.length > 0) return list(asKind(values[0], 'List'), 'items').map((v, i) => ({ name: `column${i + 1}`, type: expressionType(v, []) }));
  const sources = list(select, 'fromClause').flatMap((item) => fromSources(catalog, item, visible));
  const out: QueryColumn[] = [];
  for (const target of list(select, 'targetList')) {
    const res = asKind(target, 'ResTarget');
    if (!res) continue;
    const star = starOf(res.val);
    if (star !== undefined) {
      for (const source of sources) if (star === '' || source.alias === star) out.push(...source.columns);
      continue;
    }
    const alias = str(res, 'name');
    out.push({ name: alias || figureColumnName(res.val), type: expressionType(res.val, sources) });
  }
  return out;
}

/** `*` → '', `t.*` → 't'; undefined for any other target. */
function starOf(value: unknown): string | undefined {
  const ref = asKind(value, 'ColumnRef');
  if (!ref) return undefined;
  const fields = list(ref, 'fields');
  if (!asKind(fields[fields.length - 1], 'A_Star')) return undefined;
  return names(fields.slice(0, -1)).pop() ?? '';
}

/** The relations one FROM item brings in. */
function fromSources(catalog: Catalog, item: unknown, ctes: Map<string, QueryColumn[]>): Source[] {
  const wrapped = unwrap(item);
  if (!wrapped) return [];
  const { kind, node } = wrapped;
  if (kind === 'RangeVar') {
    const rel = rangeVar(item);
    if (!rel) return [];
    const alias = str(asKind(node.alias, 'Alias') ?? (isObject(node.alias) ? node.alias : undefined), 'aliasname') || rel.name;
    const cte = !rel.schema ? ctes.get(rel.name) : undefined;
    return [{ alias, columns: renamedBy(node.alias, cte ?? relationColumns(catalog, rel)) }];
  }
  if (kind === 'RangeSubselect') {
    const alias = isObject(node.alias) ? (asKind(node.alias, 'Alias') ?? node.alias) : undefined;
    return [{ alias: str(alias, 'aliasname'), columns: renamedBy(node.alias, queryColumns(catalog, asKind(node.subquery, 'SelectStmt'), ctes)) }];
  }
  if (kind === 'JoinExpr') return [...fromSources(catalog, node.larg, ctes), ...fromSources(catalog, node.rarg, ctes)];
  return [];
}

/** Columns renamed by an alias's column list (`AS t (a, b)`). */
function renamedBy(alias: unknown, columns: QueryColumn[]): QueryColumn[] {
  return renamed(columns, list(asKind(alias, 'Alias') ?? (isObject(alias) ? alias : undefined), 'colnames'));
}

/** Columns renamed by a column list (`v (a, b)`, `cte (a, b)`, `AS t (a, b)`): the first ones take the given names, the rest keep theirs. */
export function renamed(columns: QueryColumn[], nameList: unknown[]): QueryColumn[] {
  const given = names(nameList);
  return given.length === 0 ? columns : columns.map((c, i) => ({ name: given[i] ?? c.name, type: c.type }));
}

/** The columns of a table or view the catalog knows (none for one it does not). */
function relationColumns(catalog: Catalog, rel: { schema?: string; name: string }): QueryColumn[] {
  const name = catalog.resolveRelation(rel);
  const table = catalog.table(name);
  if (table) return table.columns.map((c) => ({ name: c.name, type: c.type }));
  return catalog.views.get(`${name.schema}.${name.name}`)?.columns ?? [];
}

/** An expression's type where it follows from a known column, a cast or a literal; else `unknown`. */
function expressionType(value: unknown, sources: Source[]): string {
  const wrapped = unwrap(value);
  if (!wrapped) return 'unknown';
  const { kind, node } = wrapped;
  if (kind === 'TypeCast') return formatType(node.typeName);
  if (kind === 'ColumnRef') {
    const fields = names(list(node, 'fields'));
    const column = fields[fields.length - 1];
    const from = fields.length > 1 ? sources.filter((s) => s.alias === fields[fields.length - 2]) : sources;
    const found = from.flatMap((s) => s.columns.filter((c) => c.name === column));
    return found.length === 1 ? found[0].type : 'unknown';
  }
  if (kind === 'A_Const') {
    const v = constValue(value);
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'numeric';
    if (typeof v === 'boolean') return 'boolean';
    return 'unknown';
  }
  return 'unknown';
}

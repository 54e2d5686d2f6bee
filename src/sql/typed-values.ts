/**
 * The values a statement compares with a column or assigns to one, where
 * their type is plain to see in the SQL: a string literal (`'Valid'`), a cast
 * of a literal or of an array (`'Valid'::"Status"`, `ARRAY['a']::"E"[]`), an
 * array of casts (`ARRAY['a'::"E"]`); and every cast of a string literal to a
 * named type. The re-run prediction reads them: Postgres coerces a literal
 * to the column's type when it plans the statement, so a value the enum does
 * not have fails even on an empty table, and no operator compares two enum
 * types. Words only: the model resolves the names.
 */

import { type AstNode, asKind, constValue, isObject, list, names, str, walk } from './ast.js';
import { type QualifiedName, rangeVar } from './names.js';

/** A value of a visible type: an untyped string literal, or a cast to a named type. */
export interface VisibleValue {
  literal?: string;
  /** The cast's type name parts, and whether it is an array of that type. */
  cast?: { names: string[]; array: boolean };
}

/** A column a value meets: by comparison (`=`, `<>`, `IN`) or by assignment (UPDATE SET, INSERT VALUES). */
export interface ColumnValue extends VisibleValue {
  /** The table or alias the column is qualified with, if it is. */
  qualifier: string | undefined;
  column: string;
  assign: boolean;
}

/** What a statement says about its values. */
export interface StatementValues {
  /** The relations the statement reads or writes, each with the name it goes by there (its alias, else its own). CTE names are left out. */
  relations: Array<{ alias: string; relation: QualifiedName }>;
  values: ColumnValue[];
  /** String literals cast to a named (non-array) type: the type must take them. */
  casts: Array<{ value: string; type: string[] }>;
}

function typeNameOf(value: unknown): { names: string[]; array: boolean } | undefined {
  const typeName = asKind(value, 'TypeName') ?? (isObject(value) ? value : undefined);
  const parts = names(list(typeName, 'names'));
  if (parts.length === 0) return undefined;
  return { names: parts, array: list(typeName, 'arrayBounds').length > 0 };
}

const isStringConst = (value: unknown): boolean => asKind(value, 'A_Const') !== undefined && typeof constValue(value) === 'string';

/** A value whose type the SQL shows, or undefined. */
export function visibleValue(value: unknown): VisibleValue | undefined {
  if (isStringConst(value)) return { literal: constValue(value) as string };
  const cast = asKind(value, 'TypeCast');
  if (cast) {
    const type = typeNameOf(cast.typeName);
    if (!type) return undefined;
    if (isStringConst(cast.arg) || asKind(cast.arg, 'A_ArrayExpr')) return { cast: type };
    return undefined;
  }
  const array = asKind(value, 'A_ArrayExpr');
  if (array) {
    const elements = list(array, 'elements').map((e) => visibleValue(e)?.cast);
    const first = elements[0];
    if (!first || first.array || elements.some((e) => !e || e.array || e.names.join('.') !== first.names.join('.'))) return undefined;
    return { cast: { names: first.names, array: true } };
  }
  return undefined;
}

/** The column a ColumnRef names: [qualifier, column], or undefined for `*` and for what is not a column reference. */
function columnOf(value: unknown): [string | undefined, string] | undefined {
  const ref = asKind(value, 'ColumnRef');
  if (!ref) return undefined;
  const fields = list(ref, 'fields');
  const parts = names(fields);
  if (parts.length !== fields.length || parts.length === 0 || parts.length > 3) return undefined;
  const column = parts[parts.length - 1];
  if (column === '*') return undefined;
  return [parts.length >= 2 ? parts[parts.length - 2] : undefined, column];
}

const comparisonOperators = new Set(['=', '<>', '!=']);

/** Reads the comparisons, casts and relations under `root` into `out`. */
function readComparisons(root: unknown, out: StatementValues, ctes: Set<string>): void {
  walk(root, (kind, node) => {
    if (kind === 'RangeVar') {
      const relation = rangeVar(node);
      if (relation && (relation.schema || !ctes.has(relation.name))) out.relations.push({ alias: aliasOf(node) || relation.name, relation });
      return;
    }
    if (kind === 'TypeCast' && isStringConst(node.arg)) {
      const type = typeNameOf(node.typeName);
      if (type && !type.array) out.casts.push({ value: constValue(node.arg) as string, type: type.names });
      return;
    }
    if (kind !== 'A_Expr') return;
    const operator = names(list(node, 'name'));
    if (operator.length !== 1 || !comparisonOperators.has(operator[0])) return;
    const exprKind = str(node, 'kind');
    if (exprKind === 'AEXPR_IN') {
      const column = columnOf(node.lexpr);
      if (!column) return;
      for (const item of list(asKind(node.rexpr, 'List'), 'items')) {
        const value = visibleValue(item);
        if (value) out.values.push({ ...value, qualifier: column[0], column: column[1], assign: false });
      }
      return;
    }
    if (exprKind !== 'AEXPR_OP') return;
    for (const [one, other] of [
      [node.lexpr, node.rexpr],
      [node.rexpr, node.lexpr],
    ]) {
      const column = columnOf(one);
      const value = column && visibleValue(other);
      if (column && value) out.values.push({ ...value, qualifier: column[0], column: column[1], assign: false });
    }
  });
}

function aliasOf(rangeVarNode: AstNode): string {
  const alias = asKind(rangeVarNode.alias, 'Alias') ?? (isObject(rangeVarNode.alias) ? rangeVarNode.alias : undefined);
  return str(alias, 'aliasname');
}

function cteNames(root: unknown): Set<string> {
  const out = new Set<string>();
  walk(root, (kind, node) => {
    if (kind === 'CommonTableExpr') out.add(str(node, 'ctename'));
  });
  return out;
}

/** The target table of an INSERT or UPDATE (a bare RangeVar the walk does not visit), by the name it goes by. */
function target(node: AstNode, out: StatementValues): string | undefined {
  const relation = rangeVar(node.relation);
  if (!relation) return undefined;
  const alias = isObject(node.relation) ? aliasOf(node.relation) || relation.name : relation.name;
  out.relations.push({ alias, relation });
  return alias;
}

/**
 * The values of a statement: comparisons anywhere in a query, a view's query,
 * an UPDATE or DELETE; and, when `assigned` says the target has columns worth
 * it, the values an UPDATE sets and an INSERT's VALUES give (read only then:
 * a seed's VALUES may hold a million rows).
 */
export function statementValues(kind: string, node: AstNode, assigned: (table: QualifiedName) => boolean): StatementValues {
  const out: StatementValues = { relations: [], values: [], casts: [] };
  switch (kind) {
    case 'ViewStmt':
      readComparisons(node.query, out, cteNames(node.query));
      break;
    case 'CreateTableAsStmt':
    case 'SelectStmt':
    case 'DeleteStmt': {
      if (kind === 'DeleteStmt') target(node, out);
      const root = kind === 'CreateTableAsStmt' ? node.query : node;
      readComparisons(root, out, cteNames(root));
      break;
    }
    case 'UpdateStmt': {
      const name = target(node, out);
      readComparisons(node, out, cteNames(node));
      const table = rangeVar(node.relation);
      if (!name || !table || !assigned(table)) break;
      for (const item of list(node, 'targetList')) {
        const res = asKind(item, 'ResTarget');
        const value = visibleValue(res?.val);
        const column = str(res, 'name');
        if (value && column && list(res, 'indirection').length === 0) out.values.push({ ...value, qualifier: name, column, assign: true });
      }
      break;
    }
    case 'InsertStmt': {
      const table = rangeVar(node.relation);
      const select = asKind(node.selectStmt, 'SelectStmt');
      if (!table || !select) break;
      const rows = list(select, 'valuesLists');
      if (rows.length === 0) {
        readComparisons(select, out, cteNames(select));
        break;
      }
      const name = target(node, out);
      const columns = list(node, 'cols').map((c) => str(asKind(c, 'ResTarget'), 'name'));
      if (!name || columns.length === 0 || !assigned(table)) break;
      for (const row of rows) {
        list(asKind(row, 'List'), 'items').forEach((item, i) => {
          const value = visibleValue(item);
          if (value && columns[i]) out.values.push({ ...value, qualifier: name, column: columns[i], assign: true });
        });
      }
      break;
    }
  }
  return out;
}

/**
 * What each seed file does: its class (system or dev), the tables it writes
 * and how (row counts, ON CONFLICT / NOT EXISTS), its environment guard, the
 * literal and volatile timestamps it stores, trigger toggles and any DDL.
 * Seeds are read against the catalog the migrations built (for column types
 * and name resolution) and never change it.
 */

import { asKind, constValue, list, names, str, walk } from '../sql/ast.js';
import { rangeVar, typeNameText } from '../sql/names.js';
import type { Guard, SqlStatement } from '../sql/parser.js';
import { sqlValueFunction } from '../sql/statements.js';
import { bodyOf } from '../sql/plpgsql.js';
import { type Catalog, sourceOf } from './catalog.js';
import { setSearchPath } from './settings.js';
import { triggerToggles } from './tables.js';
import type { ObjectName, SeedGuard, SeedInfo, SeedTarget, TableDef } from './types.js';

const dataKinds = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt', 'TruncateStmt']);

const ddlKinds = /^(Create\w*Stmt|Alter\w*Stmt|DropStmt|RenameStmt|CommentStmt|GrantStmt|GrantRoleStmt|IndexStmt|ViewStmt|DefineStmt|CompositeTypeStmt|RuleStmt)$/;

/** Statement kinds that change the schema (ALTER TABLE that only toggles triggers is not DDL here). */
export function isDdl(statement: SqlStatement): boolean {
  if (statement.kind === 'AlterTableStmt') {
    const toggles = triggerToggles(statement, (n) => ({ schema: n.schema ?? '', name: n.name }));
    return toggles.length < list(statement.node, 'cmds').length;
  }
  return ddlKinds.test(statement.kind);
}

const timestampType = /^(timestamp|timestamptz|date|time|timetz)\b|^timestamp with/;
const timeFunctions = new Set(['now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday']);

function isTimestampColumn(table: TableDef | undefined, column: string): boolean {
  const col = table?.columns.find((c) => c.name === column);
  return col ? timestampType.test(col.type.toLowerCase()) : false;
}

/** A literal timestamp in a VALUES cell, directly, by cast, or through a PL/pgSQL variable. */
function literalTimestamp(value: unknown, variables: Map<string, string>, typed: boolean): string | undefined {
  const cast = asKind(value, 'TypeCast');
  if (cast) {
    const type = typeNameText(cast.typeName).toLowerCase();
    const inner = constValue(cast.arg);
    if (typeof inner === 'string' && timestampType.test(type)) return inner;
    return literalTimestamp(cast.arg, variables, typed || timestampType.test(type));
  }
  const v = constValue(value);
  if (typeof v === 'string' && typed) return v;
  const ref = asKind(value, 'ColumnRef');
  if (ref) {
    const name = names(list(ref, 'fields')).join('.');
    return variables.get(name);
  }
  return undefined;
}

/** The text of a volatile time expression in a VALUES cell (`now()`, `CURRENT_TIMESTAMP`). */
function volatileTime(value: unknown): string | undefined {
  let found: string | undefined;
  walk(value, (kind, node) => {
    if (found) return false;
    if (kind === 'FuncCall') {
      const fname = names(list(node, 'funcname')).pop() ?? '';
      if (timeFunctions.has(fname)) found = `${fname}()`;
    } else if (kind === 'SQLValueFunction') {
      const keyword = sqlValueFunction(node);
      if (/CURRENT_(TIMESTAMP|DATE|TIME)|LOCAL/.test(keyword)) found = keyword;
    }
    return undefined;
  });
  return found;
}

/** Literal timestamps assigned to PL/pgSQL variables (`v_seed_ts timestamptz := '2024-01-15'`). */
function timestampVariables(statement: SqlStatement | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!statement) return out;
  const body = bodyOf(statement);
  for (const v of body?.variables ?? []) {
    const match = /^'([^']*)'(?:::\s*(timestamptz|timestamp|date|timestamp with(?:out)? time zone))?$/i.exec(v.defaultExpression?.trim() ?? '');
    if (match && /^\d{4}-\d{2}-\d{2}/.test(match[1])) out.set(v.name, match[1]);
  }
  return out;
}

function analyseInsert(catalog: Catalog, statement: SqlStatement, seed: SeedInfo): void {
  const node = statement.node;
  const rel = rangeVar(node.relation);
  if (!rel) return;
  const target: ObjectName = catalog.resolveRelation(rel);
  const table = catalog.table(target);
  const select = asKind(node.selectStmt, 'SelectStmt');
  const rows = list(select, 'valuesLists');
  const written = list(node, 'cols').map((c) => str(asKind(c, 'ResTarget'), 'name'));
  const columns = written.length > 0 ? written : (table?.columns.map((c) => c.name) ?? []);
  const variables = timestampVariables(statement.container);
  let entry = seed.targets.find((t) => t.schema === target.schema && t.table === target.name);
  if (!entry) {
    entry = { schema: target.schema, table: target.name, rows: 0, statements: 0, onConflict: true, notExists: true, source: sourceOf(statement) } as SeedTarget;
    seed.targets.push(entry);
  }
  entry.statements++;
  entry.rows = rows.length > 0 && entry.rows !== undefined ? entry.rows + rows.length : undefined;
  const onConflict = node.onConflictClause !== undefined;
  const notExists = /\bNOT\s+EXISTS\b/i.test(statement.text);
  entry.onConflict &&= onConflict;
  entry.notExists &&= notExists;
  for (const row of rows) {
    const cells = list(asKind(row, 'List'), 'items');
    cells.forEach((cell, i) => {
      const column = columns[i];
      if (!column) return;
      const typed = isTimestampColumn(table, column);
      const literal = literalTimestamp(cell, variables, typed);
      if (literal !== undefined && (typed || /^\d{4}-\d{2}-\d{2}/.test(literal))) {
        seed.timestamps.push({ schema: target.schema, name: target.name, table: target.name, column, value: literal, source: sourceOf(statement) });
      }
      const volatile = volatileTime(cell);
      if (volatile) seed.volatileTimestamps.push({ schema: target.schema, name: target.name, table: target.name, column, expression: volatile, source: sourceOf(statement) });
    });
  }
}

/** Reads a dev-seed guard from a DO block: an IF on the environment setting around a RAISE. */
function findGuard(statement: SqlStatement, setting: string, leading: boolean): SeedGuard | undefined {
  const body = bodyOf(statement);
  if (!body) return undefined;
  const settingVariables = new Set(
    body.variables.filter((v) => v.defaultExpression?.includes(`'${setting}'`)).map((v) => v.name),
  );
  for (const raise of body.raises) {
    for (const guard of raise.guards) {
      if (guard.kind !== 'if') continue;
      const mentions = guard.literals.includes(setting) || [...settingVariables].some((v) => new RegExp(`\\b${v}\\b`).test(guard.condition));
      if (!mentions) continue;
      return readGuard(guard, setting, raise.level === 'exception', leading, statement);
    }
  }
  return undefined;
}

function readGuard(guard: Extract<Guard, { kind: 'if' }>, setting: string, raises: boolean, leading: boolean, statement: SqlStatement): SeedGuard {
  const values = guard.literals.filter((l) => l !== setting && l !== '' && !/^(true|false)$/i.test(l));
  const excludes = /\bNOT\s+IN\b|<>|!=|\bIS\s+DISTINCT\b|\bNOT\s*\(/i.test(guard.condition);
  // The RAISE runs when the condition holds (or, in an ELSE branch, when it fails).
  const raiseWhenListed = guard.negated ? excludes : !excludes;
  return {
    setting,
    values,
    mode: raiseWhenListed ? 'deny' : 'allow',
    raises,
    leading,
    source: sourceOf(statement),
  };
}

/** All statements of a file in execution order, with DO bodies flattened after their DO. */
export function flatten(statements: SqlStatement[]): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (const statement of statements) {
    out.push(statement);
    if (statement.kind === 'DoStmt') out.push(...(bodyOf(statement)?.statements ?? []));
  }
  return out;
}

export function analyseSeed(
  catalog: Catalog,
  file: { file: string; hash: string; statements: SqlStatement[]; syntaxErrors: number },
  seedClass: 'system' | 'dev',
  setting: string,
): SeedInfo {
  const seed: SeedInfo = {
    file: file.file,
    hash: file.hash,
    class: seedClass,
    statements: file.statements.length,
    targets: [],
    timestamps: [],
    volatileTimestamps: [],
    triggerToggles: [],
    ddl: [],
    syntaxErrors: file.syntaxErrors,
  };
  catalog.searchPath = [...catalog.defaultSearchPath];
  let dataSeen = false;
  for (const statement of file.statements) {
    if (statement.kind === 'DoStmt' && !seed.guard) {
      const guard = findGuard(statement, setting, !dataSeen);
      if (guard) seed.guard = guard;
    }
    for (const s of statement.kind === 'DoStmt' ? [statement, ...(bodyOf(statement)?.statements ?? [])] : [statement]) {
      analyseStatement(catalog, s, seed);
      if (dataKinds.has(s.kind)) dataSeen = true;
    }
  }
  return seed;
}

function analyseStatement(catalog: Catalog, statement: SqlStatement, seed: SeedInfo): void {
  switch (statement.kind) {
    case 'InsertStmt':
      analyseInsert(catalog, statement, seed);
      return;
    case 'VariableSetStmt': {
      const name = str(statement.node, 'name');
      if (name === 'search_path') {
        setSearchPath(catalog, list(statement.node, 'args').map((a) => String(constValue(a) ?? '')));
      } else if (name === 'session_replication_role') {
        const value = String(constValue(list(statement.node, 'args')[0]) ?? '');
        seed.triggerToggles.push({ schema: '*', name: '*', table: '*', action: value === 'replica' ? 'disable' : 'enable', trigger: 'session_replication_role', source: sourceOf(statement) });
      }
      return;
    }
    case 'AlterTableStmt':
      for (const t of triggerToggles(statement, (n) => catalog.resolveRelation(n))) {
        seed.triggerToggles.push({ schema: t.table.schema, name: t.table.name, table: t.table.name, action: t.action, trigger: t.trigger, source: sourceOf(statement) });
      }
      break;
    default:
  }
  if (isDdl(statement)) seed.ddl.push({ statement: statement.kind.replace(/Stmt$/, ''), source: sourceOf(statement) });
}


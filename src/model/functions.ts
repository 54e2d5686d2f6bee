/**
 * Functions and procedures in the model: CREATE [OR REPLACE] FUNCTION |
 * PROCEDURE (a replaced function stays the object that triggers, defaults and
 * views depend on), ALTER FUNCTION (SECURITY DEFINER, SET search_path,
 * volatility, strictness), RENAME and DROP (the triggers, defaults, generated
 * columns, indexes, CHECKs, policies and views that use it block the drop,
 * or go with it with CASCADE: dependents.ts).
 */

import { type AstNode, asKind, bool, constValue, list, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { defElems, defElemValue, formatType, objectArgs, qualifiedName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { parameterMode, variableSetKind } from '../sql/statements.js';
import { type Catalog, functionKey, inputArguments, inputTypes, type ObjectRef, sourceOf, touch } from './catalog.js';
import type { FunctionArgument, FunctionDef, Volatility } from './types.js';

/** A `SET name = …` / `RESET name` option of CREATE or ALTER FUNCTION, applied to the function's settings. */
function applySetting(settings: Record<string, string>, set: AstNode): void {
  const name = str(set, 'name');
  const kind = variableSetKind(set);
  if (kind === 'reset') {
    if (name) delete settings[name];
    else for (const k of Object.keys(settings)) delete settings[k]; // RESET ALL
    return;
  }
  settings[name] = kind === 'from current' ? 'FROM CURRENT' : list(set, 'args').map((a) => String(constValue(a) ?? '')).join(', ');
}

/** `ALTER FUNCTION|PROCEDURE f(…) SECURITY DEFINER | SET … | RESET … | IMMUTABLE | STRICT …`: the function as Postgres leaves it. */
export function alterFunction(catalog: Catalog, statement: SqlStatement): void {
  const { name, args } = objectArgs(statement.node.func);
  const candidates = catalog.findFunctions(name);
  const fn = args ? candidates.find((f) => functionKey(f.schema, f.name, inputTypes(f)) === functionKey(f.schema, f.name, args)) : candidates.length === 1 ? candidates[0] : undefined;
  if (!fn) return;
  for (const item of list(statement.node, 'actions')) {
    const def = asKind(item, 'DefElem');
    const option = str(def, 'defname');
    const value = defElemValue(def);
    if (option === 'security') fn.securityDefiner = value === true;
    else if (option === 'volatility' && typeof value === 'string') fn.volatility = value.toLowerCase() as Volatility;
    else if (option === 'strict') fn.strict = value === true;
    else if (option === 'set') {
      const set = asKind(def?.arg, 'VariableSetStmt');
      if (set) applySetting(fn.settings, set);
    }
  }
  touch(fn, statement);
  catalog.record('changed', fn.kind, `${fn.schema}.${fn.signature}`, statement);
}

export function createFunction(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const q = qualifiedName(list(node, 'funcname'));
  const schema = catalog.creationSchema(q);
  const args: FunctionArgument[] = list(node, 'parameters').map((p) => {
    const param = asKind(p, 'FunctionParameter');
    const arg: FunctionArgument = { type: formatType(param?.argType), mode: parameterMode(param) };
    if (str(param, 'name')) arg.name = str(param, 'name');
    if (param?.defexpr) arg.default = expressionText(statement, param.defexpr, 'default');
    return arg;
  });
  const options = defElems(list(node, 'options'));
  const tableColumns = args.filter((a) => a.mode === 'table');
  let returns = node.returnType ? formatType(node.returnType) : undefined;
  if (tableColumns.length > 0) returns = `TABLE(${tableColumns.map((a) => `${a.name ?? ''} ${a.type}`.trim()).join(', ')})`;
  const settings: Record<string, string> = {};
  for (const item of list(node, 'options')) {
    const def = asKind(item, 'DefElem');
    if (str(def, 'defname') !== 'set') continue;
    const set = asKind(def?.arg, 'VariableSetStmt');
    if (set) applySetting(settings, set);
  }
  const bodyText = defElemValue(options.get('as'));
  const fn: FunctionDef = {
    source: sourceOf(statement),
    changedBy: [],
    schema,
    name: q.name,
    kind: bool(node, 'is_procedure') ? 'procedure' : 'function',
    signature: `${q.name}(${inputArguments(args).map((a) => a.type).join(', ')})`,
    arguments: args,
    returns,
    language: String(defElemValue(options.get('language')) ?? (node.sql_body ? 'sql' : 'sql')).toLowerCase(),
    volatility: (String(defElemValue(options.get('volatility')) ?? 'volatile').toLowerCase() as Volatility),
    securityDefiner: defElemValue(options.get('security')) === true,
    settings,
    strict: defElemValue(options.get('strict')) === true,
  };
  if (typeof bodyText === 'string') fn.body = describeBody(bodyText);
  const k = functionKey(schema, q.name, inputTypes(fn));
  const existing = catalog.functions.get(k);
  if (existing) {
    if (!bool(node, 'replace')) return;
    fn.source = existing.source;
    fn.changedBy = existing.changedBy;
    fn.comment = existing.comment;
    touch(fn, statement);
    catalog.functions.set(k, fn);
    catalog.replaced(existing, fn);
    catalog.record('changed', fn.kind, `${schema}.${fn.signature}`, statement);
    return;
  }
  catalog.functions.set(k, fn);
  catalog.record('created', fn.kind, `${schema}.${fn.signature}`, statement);
}

/** What a function body consults and creates, read from its text. */
function describeBody(text: string): NonNullable<FunctionDef['body']> {
  const catalogs = [...new Set((text.match(/\b(pg_[a-z_]+|information_schema\.[a-z_]+)\b/gi) ?? []).map((c) => c.toLowerCase()))].sort();
  const creates = [...new Set((text.match(/\bCREATE\s+(?:OR\s+REPLACE\s+)?(POLICY|TRIGGER|TABLE|INDEX|FUNCTION|TYPE)\b/gi) ?? []).map((c) => c.split(/\s+/).pop()!.toLowerCase()))].sort();
  const writes = [...new Set((text.match(/\bINSERT\s+INTO\s+([\w."]+)/gi) ?? []).map((m) => m.split(/\s+/).pop()!.replace(/"/g, '').toLowerCase()))].sort();
  return { catalogs, creates, writes };
}

/** The functions a name and optional argument list pick: the one with those arguments, or every overload of the name. */
function picked(catalog: Catalog, object: unknown): FunctionDef[] {
  const { name, args } = objectArgs(object);
  return catalog.findFunctions(name).filter((fn) => !args || functionKey(fn.schema, fn.name, args) === functionKey(fn.schema, fn.name, inputTypes(fn)));
}

/** `ALTER FUNCTION | PROCEDURE f(…) RENAME TO g`. */
export function renameFunction(catalog: Catalog, statement: SqlStatement, object: unknown, newName: string): void {
  const { name } = objectArgs(object);
  for (const fn of picked(catalog, object)) {
    catalog.functions.delete(functionKey(fn.schema, fn.name, inputTypes(fn)));
    fn.name = newName;
    fn.signature = fn.signature.replace(/^[^(]*/, newName);
    catalog.functions.set(functionKey(fn.schema, newName, inputTypes(fn)), fn);
    catalog.record('renamed', fn.kind, `${fn.schema}.${name.name}`, statement, `${fn.schema}.${newName}`);
  }
}

/** What `DROP FUNCTION | PROCEDURE | ROUTINE f[(…)]` drops. */
export function functionTargets(catalog: Catalog, object: unknown): ObjectRef[] {
  return picked(catalog, object).map((fn) => ({ kind: 'function', fn }));
}

/** `ALTER FUNCTION | PROCEDURE f(…) SET SCHEMA s`. */
export function setFunctionSchema(catalog: Catalog, statement: SqlStatement, object: unknown, schema: string): void {
  for (const fn of picked(catalog, object)) {
    const from = `${fn.schema}.${fn.name}`;
    catalog.functions.delete(functionKey(fn.schema, fn.name, inputTypes(fn)));
    fn.schema = schema;
    catalog.functions.set(functionKey(schema, fn.name, inputTypes(fn)), fn);
    touch(fn, statement);
    catalog.record('renamed', fn.kind, from, statement, `${schema}.${fn.name}`);
  }
}

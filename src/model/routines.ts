/**
 * Functions, procedures, triggers and policies in the model, including
 * policies created through a helper function such as
 * `create_policy_if_not_exists(name, table, command, using)`, and the
 * search_path set by SET or set_config().
 */

import { type AstNode, asKind, bool, constValue, list, str, stringValue } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { defElems, defElemValue, formatType, objectArgs, qualifiedName, rangeVar, roleName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { parameterMode, triggerFiring, variableSetKind } from '../sql/statements.js';
import { type Catalog, key, sourceOf, touch } from './catalog.js';
import { type DropLedger, guardOf } from './guards.js';
import type { FunctionArgument, FunctionDef, ObjectName, PolicyCommand, PolicyDef, TriggerDef, Volatility } from './types.js';

export function functionKey(schema: string, name: string, argTypes: string[]): string {
  return `${schema}.${name}(${argTypes.map((t) => t.toLowerCase().replace(/\s+/g, ' ')).join(',')})`;
}


function inputArguments(args: FunctionArgument[]): FunctionArgument[] {
  return args.filter((a) => a.mode !== 'out' && a.mode !== 'table');
}

/** Input argument types (what identifies a function). */
export function inputTypes(fn: FunctionDef): string[] {
  return inputArguments(fn.arguments).map((a) => a.type);
}

/** Per-file state the fold keeps: objects dropped with IF EXISTS earlier in the file. */
export interface FileState {
  drops: DropLedger;
}

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

export function triggerKey(table: ObjectName, name: string): string {
  return `${key(table.schema, table.name)}.${name}`;
}

export function createTrigger(catalog: Catalog, statement: SqlStatement, state: FileState): void {
  const node = statement.node;
  const rel = rangeVar(node.relation);
  if (!rel) return;
  const table = catalog.resolveRelation(rel);
  const name = str(node, 'trigname');
  const k = triggerKey(table, name);
  const existing = catalog.triggers.get(k);
  if (existing && !bool(node, 'replace')) return;
  const fnName = qualifiedName(list(node, 'funcname'));
  const fn = catalog.findFunctions(fnName)[0];
  const { timing, events } = triggerFiring(node);
  const trigger: TriggerDef = {
    source: sourceOf(statement),
    changedBy: [],
    schema: table.schema,
    name,
    table,
    timing,
    events,
    level: bool(node, 'row') ? 'row' : 'statement',
    function: { schema: fn?.schema ?? fnName.schema ?? catalog.creationSchema(fnName), name: fnName.name },
    guarded: bool(node, 'replace') || guardOf(statement, { kind: 'trigger', name, schema: rel.schema, table: rel.name }, state.drops, table) !== undefined,
    enabled: true,
  };
  const columns = list(node, 'columns').map((c) => stringValue(c) ?? '');
  if (columns.length > 0) trigger.updateColumns = columns;
  if (node.whenClause) trigger.when = expressionText(statement, node.whenClause);
  if (bool(node, 'isconstraint')) trigger.constraint = true;
  const owner = catalog.table(table);
  if (owner && (owner.disabledTriggers.includes('ALL') || owner.disabledTriggers.includes('USER'))) trigger.enabled = false;
  if (existing) {
    trigger.source = existing.source;
    trigger.changedBy = existing.changedBy;
    touch(trigger, statement);
  }
  catalog.triggers.set(k, trigger);
  catalog.record(existing ? 'changed' : 'created', 'trigger', `${name} on ${key(table.schema, table.name)}`, statement);
}

const policyCommands = new Set(['all', 'select', 'insert', 'update', 'delete']);

function addPolicy(catalog: Catalog, statement: SqlStatement, policy: PolicyDef): void {
  const k = triggerKey(policy.table, policy.name);
  if (catalog.policies.has(k)) return; // a second CREATE POLICY fails; the first stands
  catalog.policies.set(k, policy);
  const table = catalog.table(policy.table);
  if (table) touch(table, statement);
  catalog.record('created', 'policy', `${policy.name} on ${key(policy.table.schema, policy.table.name)}`, statement);
}

export function createPolicy(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const rel = rangeVar(node.table);
  if (!rel) return;
  const table = catalog.resolveRelation(rel);
  const command = (str(node, 'cmd_name') || 'all').toLowerCase();
  const policy: PolicyDef = {
    source: sourceOf(statement),
    changedBy: [],
    schema: table.schema,
    name: str(node, 'policy_name'),
    table,
    command: (policyCommands.has(command) ? command : 'all') as PolicyCommand,
    permissive: bool(node, 'permissive'),
    roles: list(node, 'roles').map(roleName),
  };
  if (policy.roles.length === 0) policy.roles = ['public'];
  if (node.qual) policy.using = expressionText(statement, node.qual);
  if (node.with_check) policy.withCheck = expressionText(statement, node.with_check);
  addPolicy(catalog, statement, policy);
}

export function alterPolicy(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const rel = rangeVar(node.table);
  if (!rel) return;
  const table = catalog.resolveRelation(rel);
  const policy = catalog.policies.get(triggerKey(table, str(node, 'policy_name')));
  if (!policy) return;
  const roles = list(node, 'roles').map(roleName);
  if (roles.length > 0) policy.roles = roles;
  if (node.qual) policy.using = expressionText(statement, node.qual);
  if (node.with_check) policy.withCheck = expressionText(statement, node.with_check);
  touch(policy, statement);
  catalog.record('changed', 'policy', `${policy.name} on ${key(table.schema, table.name)}`, statement);
}

/** Argument values of a call, by parameter name where the function is known. */
function callArguments(call: AstNode, fn: FunctionDef): Map<string, string> | undefined {
  const params = inputArguments(fn.arguments);
  const values = new Map<string, string>();
  let position = 0;
  for (const arg of list(call, 'args')) {
    const named = asKind(arg, 'NamedArgExpr');
    const raw = named ? named.arg : arg;
    let value = constValue(raw);
    if (value === undefined) value = constValue(asKind(raw, 'TypeCast')?.arg);
    const param = named ? str(named, 'name') : params[position]?.name;
    position++;
    if (!param) continue;
    if (value === undefined) return undefined; // not a constant call: cannot tell what it creates
    if (value !== null) values.set(param.toLowerCase(), String(value));
  }
  for (const p of params) {
    if (p.name && !values.has(p.name.toLowerCase()) && p.default) {
      const d = p.default.replace(/::[\w. ]+$/, '');
      if (/^'.*'$/.test(d)) values.set(p.name.toLowerCase(), d.slice(1, -1).replace(/''/g, "'"));
    }
  }
  return values;
}

function pick(values: Map<string, string>, pattern: RegExp, exclude?: RegExp): string | undefined {
  for (const [name, value] of values) if (pattern.test(name) && !(exclude && exclude.test(name))) return value;
  return undefined;
}

/**
 * `SELECT helper('name', 'schema.table', 'select', 'expr')` where `helper`
 * is a known function whose body creates policies: adds the policy it makes.
 */
export function helperCalls(catalog: Catalog, statement: SqlStatement): void {
  const targets = list(statement.node, 'targetList');
  for (const target of targets) {
    const call = asKind(asKind(target, 'ResTarget')?.val, 'FuncCall');
    if (!call) continue;
    const fnName = qualifiedName(list(call, 'funcname'));
    if ((fnName.name === 'set_config' || fnName.name === 'pg_catalog.set_config') && constValue(list(call, 'args')[0]) === 'search_path') {
      setSearchPath(catalog, String(constValue(list(call, 'args')[1]) ?? '').split(','));
      continue;
    }
    const fn = catalog.findFunctions(fnName).find((f) => f.body?.creates.includes('policy'));
    if (!fn) continue;
    const values = callArguments(call, fn);
    if (!values) continue;
    const name = pick(values, /polic|^p?_?name$/, /table|schema|role/);
    const tableText = pick(values, /table|relation/);
    if (!name || !tableText) continue;
    const schemaText = pick(values, /schema/);
    const parts = tableText.split('.');
    const table = catalog.resolveRelation(parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: schemaText, name: tableText });
    const command = (pick(values, /cmd|command|action|operation|^p?_?for$/) ?? 'all').toLowerCase();
    const policy: PolicyDef = {
      source: sourceOf(statement),
    changedBy: [],
      schema: table.schema,
      name,
      table,
      command: (policyCommands.has(command) ? command : 'all') as PolicyCommand,
      permissive: !/restrictive/i.test(pick(values, /permissive|restrictive|^p?_?as$/) ?? ''),
      roles: (pick(values, /role/) ?? 'public').split(',').map((r) => r.trim()).filter(Boolean),
      via: `${fn.schema}.${fn.name}`,
    };
    const using = pick(values, /using|qual/);
    const check = pick(values, /check/);
    if (using) policy.using = using.trim();
    if (check) policy.withCheck = check.trim();
    addPolicy(catalog, statement, policy);
  }
}

export function setSearchPath(catalog: Catalog, schemas: string[]): void {
  const cleaned = schemas.map((s) => s.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  catalog.searchPath = cleaned;
}

export function variableSet(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  if (str(node, 'name') !== 'search_path') return;
  if (variableSetKind(node) === 'reset') {
    catalog.searchPath = [...catalog.defaultSearchPath];
    return;
  }
  setSearchPath(catalog, list(node, 'args').map((a) => String(constValue(a) ?? stringValue(a) ?? '')));
}

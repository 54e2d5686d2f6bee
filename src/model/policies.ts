/**
 * Row level security policies in the model: CREATE POLICY, ALTER POLICY,
 * policies made through a helper function such as
 * `create_policy_if_not_exists(name, table, command, using)`, RENAME and DROP
 * POLICY. A policy belongs to its table and depends on what its USING and
 * WITH CHECK read (columns, other tables, functions: references.ts), so a
 * DROP of those is refused, or takes the policy with CASCADE.
 */

import { type AstNode, asKind, bool, constValue, list, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { qualifiedName, rangeVar, roleName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, inputArguments, key, namedOnTable, type ObjectRef, renameOnTable, sourceOf, touch, triggerKey } from './catalog.js';
import { expressionReferences } from './references.js';
import type { FunctionDef, PolicyCommand, PolicyDef } from './types.js';

const policyCommands = new Set(['all', 'select', 'insert', 'update', 'delete']);

/** Adds a policy; false when one of that name exists on the table (a second CREATE POLICY fails; the first stands). */
function addPolicy(catalog: Catalog, statement: SqlStatement, policy: PolicyDef): boolean {
  const k = triggerKey(policy.table, policy.name);
  if (catalog.policies.has(k)) return false;
  catalog.policies.set(k, policy);
  const table = catalog.table(policy.table);
  if (table) touch(table, statement);
  catalog.record('created', 'policy', `${policy.name} on ${key(policy.table.schema, policy.table.name)}`, statement);
  return true;
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
  if (addPolicy(catalog, statement, policy)) catalog.refer({ kind: 'policy', policy }, policy, expressionReferences(catalog, catalog.table(table), [node.qual, node.with_check]));
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
  // What the new expressions read joins what the policy read before (an expression left as it was keeps its references).
  const reads = new Set([...(catalog.references.get(policy)?.on ?? []), ...expressionReferences(catalog, catalog.table(table), [node.qual, node.with_check])]);
  catalog.refer({ kind: 'policy', policy }, policy, reads);
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

/** `ALTER POLICY x ON t RENAME TO y`. */
export function renamePolicy(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, oldName: string, newName: string): void {
  renameOnTable(catalog, catalog.policies, 'policy', statement, rel, oldName, newName);
}

/** What `DROP POLICY x ON t` drops (its name parts: [schema?, table, policy]). */
export function policyTarget(catalog: Catalog, parts: string[]): ObjectRef | undefined {
  const policy = namedOnTable(catalog, catalog.policies, parts);
  return policy ? { kind: 'policy', policy } : undefined;
}

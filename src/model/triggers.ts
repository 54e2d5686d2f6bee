/**
 * Triggers in the model: CREATE [OR REPLACE] TRIGGER (whether a re-run of
 * its file survives it: guards.ts), ALTER TRIGGER … RENAME and DROP TRIGGER.
 * A trigger belongs to its table (it follows renames and goes with a drop)
 * and depends on its function (dependents.ts).
 */

import { bool, list, str, stringValue } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { qualifiedName, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { triggerFiring } from '../sql/statements.js';
import { type Catalog, key, namedOnTable, type ObjectRef, renameOnTable, sourceOf, touch, triggerKey } from './catalog.js';
import type { TriggerDef } from './types.js';

export function createTrigger(catalog: Catalog, statement: SqlStatement): void {
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
    guarded: true, // until the predicted second run says otherwise (build.ts)
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

/** `ALTER TRIGGER x ON t RENAME TO y`. */
export function renameTrigger(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, oldName: string, newName: string): void {
  renameOnTable(catalog, catalog.triggers, 'trigger', statement, rel, oldName, newName);
}

/** What `DROP TRIGGER x ON t` drops (its name parts: [schema?, table, trigger]). */
export function triggerTarget(catalog: Catalog, parts: string[]): ObjectRef | undefined {
  const trigger = namedOnTable(catalog, catalog.triggers, parts);
  return trigger ? { kind: 'trigger', trigger } : undefined;
}

/**
 * Look-ups by name over a finished model: tables by qualified name, and the
 * indexes, triggers, policies and referencing foreign keys of each table.
 *
 * Built once per model (and cached for it), so a view or a rule that asks
 * "what belongs to this table" for every table costs a map look-up, not a
 * scan of the whole model — the reference pages of a 4,000-table project
 * would otherwise be quadratic.
 */

import type { IndexDef, Model, ObjectName, PolicyDef, TableDef, TriggerDef } from './types.js';

export interface ReferencingKey {
  /** The table that holds the foreign key. */
  table: TableDef;
  columns: string[];
  name: string;
}

export interface ModelLookup {
  table(name: ObjectName): TableDef | undefined;
  /** Tables of a schema, in model order. */
  tablesIn(schema: string): TableDef[];
  indexesOn(table: ObjectName): IndexDef[];
  triggersOn(table: ObjectName): TriggerDef[];
  policiesOn(table: ObjectName): PolicyDef[];
  /** Foreign keys (of any table) that reference `table`, in model order. */
  referencing(table: ObjectName): ReferencingKey[];
  /** Where a table of the model stands in `model.tables`. */
  position(table: TableDef): number;
}

/** `schema.name`: how the model names an object in maps and messages. */
export const qualify = (o: ObjectName): string => `${o.schema}.${o.name}`;

/** The name in a `schema.name` string (a config value such as `auditTable`). */
export function objectNamed(qualified: string): ObjectName {
  const [schema, name] = qualified.split('.');
  return { schema, name };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function build(model: Model): ModelLookup {
  const tables = new Map(model.tables.map((t) => [qualify(t), t]));
  const positions = new Map(model.tables.map((t, i) => [t, i]));
  const bySchema = groupBy(model.tables, (t) => t.schema);
  const indexes = groupBy(model.indexes, (i) => qualify(i.table));
  const triggers = groupBy(model.triggers, (t) => qualify(t.table));
  const policies = groupBy(model.policies, (p) => qualify(p.table));
  const referencing = new Map<string, ReferencingKey[]>();
  for (const table of model.tables) {
    for (const c of table.constraints) {
      if (c.type !== 'foreign key' || !c.references) continue;
      const list = referencing.get(qualify(c.references));
      const found = { table, columns: c.columns, name: c.name };
      if (list) list.push(found);
      else referencing.set(qualify(c.references), [found]);
    }
  }
  const none: never[] = [];
  return {
    table: (name) => tables.get(qualify(name)),
    tablesIn: (schema) => bySchema.get(schema) ?? none,
    indexesOn: (table) => indexes.get(qualify(table)) ?? none,
    triggersOn: (table) => triggers.get(qualify(table)) ?? none,
    policiesOn: (table) => policies.get(qualify(table)) ?? none,
    referencing: (table) => referencing.get(qualify(table)) ?? none,
    position: (table) => positions.get(table) ?? -1,
  };
}

const cache = new WeakMap<Model, ModelLookup>();

/** The look-ups for `model` (which must not change afterwards). */
export function lookup(model: Model): ModelLookup {
  let found = cache.get(model);
  if (!found) {
    found = build(model);
    cache.set(model, found);
  }
  return found;
}

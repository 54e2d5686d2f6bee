/**
 * The model's dependency graph, as Postgres keeps it in pg_depend
 * (src/backend/catalog/dependency.c), and DROP over it.
 *
 * An object's dependents are either *auto* — its parts, dropped with it
 * without asking (a table's constraints, indexes, triggers, policies and
 * partitions; the indexes and constraints that use a dropped column) — or
 * *normal*: objects of their own that use it (a view on a table, a foreign
 * key that references it, a trigger that calls a function, a default that
 * calls it, a column of a dropped type, a policy that reads a column). A DROP
 * removes its targets with their auto dependents; a normal dependent makes it
 * fail unless the statement says CASCADE, which removes the dependent too
 * (with what depends on that). A DROP that fails changes nothing and is
 * recorded for the drop-has-dependents rule.
 *
 * Edges that the objects' own fields hold (an index's table, a foreign key's
 * referenced table, a trigger's function, a column's type) are read from
 * those fields; edges inside expressions and queries are what references.ts
 * found when the object was made (Catalog.references).
 */

import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, functionKey, inputTypes, key, type ObjectRef, triggerKey } from './catalog.js';
import type { ColumnDef, IndexDef, ObjectKind, ObjectName, SourceRef, TableDef, TypeDef, ViewDef } from './types.js';

export type DependencyType = 'normal' | 'auto';

interface Dependent {
  ref: ObjectRef;
  type: DependencyType;
}

const qualified = (o: { schema: string; name: string }): string => key(o.schema, o.name);
const sameName = (a: ObjectName, b: { schema: string; name: string }): boolean => a.schema === b.schema && a.name === b.name;

/** The object a ref stands for (a default stands for its column, under its own kind). */
function objectOf(ref: ObjectRef): object {
  switch (ref.kind) {
    case 'table':
      return ref.table;
    case 'view':
      return ref.view;
    case 'column':
    case 'default':
      return ref.column;
    case 'constraint':
      return ref.constraint;
    case 'index':
      return ref.index;
    case 'trigger':
      return ref.trigger;
    case 'policy':
      return ref.policy;
    case 'function':
      return ref.fn;
    case 'type':
      return ref.type;
    case 'sequence':
      return ref.sequence;
    case 'extension':
      return ref.extension;
    case 'schema':
      return ref.schema;
  }
}

/** An object as Postgres' messages name it (pg_describe_object), schema-qualified. */
export function describe(ref: ObjectRef): string {
  switch (ref.kind) {
    case 'table':
      return `table ${qualified(ref.table)}`;
    case 'view':
      return `${ref.view.materialized ? 'materialized view' : 'view'} ${qualified(ref.view)}`;
    case 'column':
      return `column ${ref.column.name} of table ${qualified(ref.table)}`;
    case 'default':
      return `default value for column ${ref.column.name} of table ${qualified(ref.table)}`;
    case 'constraint':
      return `constraint ${ref.constraint.name} on table ${qualified(ref.table)}`;
    case 'index':
      return `index ${qualified(ref.index)}`;
    case 'trigger':
      return `trigger ${ref.trigger.name} on table ${qualified(ref.trigger.table)}`;
    case 'policy':
      return `policy ${ref.policy.name} on table ${qualified(ref.policy.table)}`;
    case 'function':
      return `${ref.fn.kind} ${ref.fn.schema}.${ref.fn.signature}`;
    case 'type':
      return `${ref.type.kind === 'domain' ? 'domain' : 'type'} ${qualified(ref.type)}`;
    case 'sequence':
      return `sequence ${qualified(ref.sequence)}`;
    case 'extension':
      return `extension ${ref.extension.name}`;
    case 'schema':
      return `schema ${ref.schema.name}`;
  }
}

/** Where an object was made. */
function sourceOfRef(ref: ObjectRef): SourceRef {
  return (objectOf(ref) as { source: SourceRef }).source;
}

/** Whether an index's columns or expressions use the column `name`. */
function indexUses(index: IndexDef, name: string): boolean {
  const word = new RegExp(`(^|[^\\w"])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w"])`);
  return index.columns.some((c) => c === name || word.test(c));
}

/** A relation's own indexes, triggers and policies (a view has triggers; a materialized view indexes). */
function partsOf(catalog: Catalog, relation: TableDef | ViewDef, out: Dependent[]): void {
  for (const index of catalog.indexes.values()) if (sameName(index.table, relation)) out.push({ ref: { kind: 'index', index }, type: 'auto' });
  for (const trigger of catalog.triggers.values()) if (sameName(trigger.table, relation)) out.push({ ref: { kind: 'trigger', trigger }, type: 'auto' });
  for (const policy of catalog.policies.values()) if (sameName(policy.table, relation)) out.push({ ref: { kind: 'policy', policy }, type: 'auto' });
}

/** Foreign keys (of any table) that reference `table`, optionally only those whose referenced columns pass `columns`. */
function referencingKeys(catalog: Catalog, table: TableDef, out: Dependent[], columns?: (referenced: string[]) => boolean): void {
  for (const other of catalog.tables.values()) {
    for (const constraint of other.constraints) {
      if (!constraint.references || !sameName(constraint.references, table)) continue;
      if (columns && !columns(constraint.references.columns)) continue;
      out.push({ ref: { kind: 'constraint', table: other, constraint }, type: 'normal' });
    }
  }
}

/** The sequences that `columns` own (OWNED BY): parts of the column. */
function ownedSequences(catalog: Catalog, columns: ColumnDef[], out: Dependent[]): void {
  for (const [sequence, owner] of catalog.sequenceOwners) if (columns.includes(owner)) out.push({ ref: { kind: 'sequence', sequence }, type: 'auto' });
}

/** Whether a type spelling (a column's, an argument's) is `type` or an array of it. */
function spellsType(spelling: string | undefined, type: TypeDef): boolean {
  if (spelling === undefined) return false;
  const base = spelling.replace(/(\[\])+$/, '').replace(/"/g, '');
  return base === qualified(type) || base === type.name;
}

/** The objects that depend on `ref`, each with how. */
export function dependentsOf(catalog: Catalog, ref: ObjectRef): Dependent[] {
  const out: Dependent[] = [];
  switch (ref.kind) {
    case 'table': {
      const { table } = ref;
      for (const constraint of table.constraints) out.push({ ref: { kind: 'constraint', table, constraint }, type: 'auto' });
      partsOf(catalog, table, out);
      for (const partition of table.partitions) {
        const child = catalog.table(partition);
        if (child) out.push({ ref: { kind: 'table', table: child }, type: 'auto' });
      }
      referencingKeys(catalog, table, out);
      ownedSequences(catalog, table.columns, out);
      break;
    }
    case 'view':
      partsOf(catalog, ref.view, out);
      break;
    case 'column': {
      const { table, column } = ref;
      for (const constraint of table.constraints) if (constraint.columns.includes(column.name)) out.push({ ref: { kind: 'constraint', table, constraint }, type: 'auto' });
      for (const index of catalog.indexes.values()) if (sameName(index.table, table) && indexUses(index, column.name)) out.push({ ref: { kind: 'index', index }, type: 'auto' });
      referencingKeys(catalog, table, out, (referenced) => referenced.includes(column.name));
      for (const trigger of catalog.triggers.values()) if (sameName(trigger.table, table) && trigger.updateColumns?.includes(column.name)) out.push({ ref: { kind: 'trigger', trigger }, type: 'normal' });
      ownedSequences(catalog, [column], out);
      break;
    }
    case 'constraint': {
      const { table, constraint } = ref;
      if (constraint.type === 'primary key' || constraint.type === 'unique') {
        const columns = [...constraint.columns].sort().join(',');
        referencingKeys(catalog, table, out, (referenced) => [...referenced].sort().join(',') === columns);
      }
      break;
    }
    case 'function': {
      const { fn } = ref;
      if (fn.returns === 'trigger') for (const trigger of catalog.triggers.values()) if (sameName(trigger.function, fn)) out.push({ ref: { kind: 'trigger', trigger }, type: 'normal' });
      break;
    }
    case 'type': {
      const { type } = ref;
      for (const table of catalog.tables.values()) for (const column of table.columns) if (spellsType(column.type, type)) out.push({ ref: { kind: 'column', table, column }, type: 'normal' });
      for (const other of catalog.types.values()) {
        if (other !== type && (spellsType(other.baseType, type) || other.attributes?.some((a) => spellsType(a.type, type)))) out.push({ ref: { kind: 'type', type: other }, type: 'normal' });
      }
      for (const fn of catalog.functions.values()) {
        if (fn.arguments.some((a) => spellsType(a.type, type)) || spellsType(fn.returns, type)) out.push({ ref: { kind: 'function', fn }, type: 'normal' });
      }
      break;
    }
    case 'schema': {
      const name = ref.schema.name;
      for (const table of catalog.tables.values()) if (table.schema === name) out.push({ ref: { kind: 'table', table }, type: 'normal' });
      for (const view of catalog.views.values()) if (view.schema === name) out.push({ ref: { kind: 'view', view }, type: 'normal' });
      for (const type of catalog.types.values()) if (type.schema === name) out.push({ ref: { kind: 'type', type }, type: 'normal' });
      for (const sequence of catalog.sequences.values()) if (sequence.schema === name) out.push({ ref: { kind: 'sequence', sequence }, type: 'normal' });
      for (const fn of catalog.functions.values()) if (fn.schema === name) out.push({ ref: { kind: 'function', fn }, type: 'normal' });
      for (const extension of catalog.extensions.values()) if (extension.schema === name) out.push({ ref: { kind: 'extension', extension }, type: 'normal' });
      break;
    }
    default:
      break;
  }
  const target = objectOf(ref);
  for (const entry of catalog.references.values()) if (entry.on.includes(target)) out.push({ ref: entry.ref, type: 'normal' });
  return out;
}

/** The name a model event gives an object (as the fold's other events do). */
function eventOf(ref: ObjectRef): { kind: ObjectKind; object: string } | undefined {
  switch (ref.kind) {
    case 'table':
      return { kind: 'table', object: qualified(ref.table) };
    case 'view':
      return { kind: ref.view.materialized ? 'materialized view' : 'view', object: qualified(ref.view) };
    case 'column':
      return { kind: 'column', object: `${qualified(ref.table)}.${ref.column.name}` };
    case 'constraint':
      return { kind: 'constraint', object: `${qualified(ref.table)}.${ref.constraint.name}` };
    case 'index':
      return { kind: 'index', object: qualified(ref.index) };
    case 'trigger':
      return { kind: 'trigger', object: `${ref.trigger.name} on ${qualified(ref.trigger.table)}` };
    case 'policy':
      return { kind: 'policy', object: `${ref.policy.name} on ${qualified(ref.policy.table)}` };
    case 'function':
      return { kind: ref.fn.kind, object: `${ref.fn.schema}.${ref.fn.signature}` };
    case 'type':
      return { kind: 'type', object: qualified(ref.type) };
    case 'sequence':
      return { kind: 'sequence', object: qualified(ref.sequence) };
    case 'extension':
      return { kind: 'extension', object: ref.extension.name };
    case 'schema':
      return { kind: 'schema', object: ref.schema.name };
    default:
      return undefined; // a default is part of its column
  }
}

/** Takes one object out of the catalog (its parts are taken out as objects of their own). */
function remove(catalog: Catalog, ref: ObjectRef): void {
  catalog.references.delete(objectOf(ref));
  switch (ref.kind) {
    case 'table': {
      const { table } = ref;
      catalog.tables.delete(qualified(table));
      for (const column of table.columns) catalog.references.delete(column);
      for (const parent of catalog.tables.values()) parent.partitions = parent.partitions.filter((p) => !sameName(p, table));
      return;
    }
    case 'view':
      catalog.views.delete(qualified(ref.view));
      return;
    case 'column':
      ref.table.columns = ref.table.columns.filter((c) => c !== ref.column);
      return;
    case 'default':
      ref.column.default = undefined;
      return;
    case 'constraint':
      ref.table.constraints = ref.table.constraints.filter((c) => c !== ref.constraint);
      return;
    case 'index':
      catalog.indexes.delete(qualified(ref.index));
      return;
    case 'trigger':
      catalog.triggers.delete(triggerKey(ref.trigger.table, ref.trigger.name));
      return;
    case 'policy':
      catalog.policies.delete(triggerKey(ref.policy.table, ref.policy.name));
      return;
    case 'function':
      catalog.functions.delete(functionKey(ref.fn.schema, ref.fn.name, inputTypes(ref.fn)));
      return;
    case 'type':
      catalog.types.delete(qualified(ref.type));
      return;
    case 'sequence':
      catalog.sequences.delete(qualified(ref.sequence));
      catalog.sequenceOwners.delete(ref.sequence);
      return;
    case 'extension':
      catalog.extensions.delete(ref.extension.name);
      return;
    case 'schema':
      catalog.schemas.delete(ref.schema.name);
      catalog.schemaComments.delete(ref.schema.name);
      return;
  }
}

/** Objects seen by a drop, by identity (a column and its default apart). */
class Seen {
  private readonly objects = new Set<object>();
  private readonly defaults = new Set<ColumnDef>();

  has(ref: ObjectRef): boolean {
    return ref.kind === 'default' ? this.defaults.has(ref.column) || this.objects.has(ref.column) : this.objects.has(objectOf(ref));
  }

  add(ref: ObjectRef): void {
    if (ref.kind === 'default') this.defaults.add(ref.column);
    else this.objects.add(objectOf(ref));
  }
}

/**
 * DROP of `targets` (the objects of one statement), as Postgres does it: each
 * with its auto dependents and, with `cascade`, its normal dependents (and
 * theirs). Without `cascade`, a normal dependent that is not dropped anyway
 * makes the whole statement fail: nothing is removed, the refusal is
 * recorded, and the result is false. Recorded as dropped: the targets and
 * what CASCADE took with them (an object's parts go unrecorded, as before).
 */
export function dropObjects(catalog: Catalog, targets: ObjectRef[], cascade: boolean, statement: SqlStatement): boolean {
  const seen = new Seen();
  const dropped: Array<{ ref: ObjectRef; recorded: boolean }> = [];
  const waiting: Array<{ ref: ObjectRef; on: ObjectRef; root: ObjectRef }> = [];
  const visit = (ref: ObjectRef, recorded: boolean, root: ObjectRef): void => {
    seen.add(ref);
    dropped.push({ ref, recorded });
    for (const dependent of dependentsOf(catalog, ref)) {
      if (seen.has(dependent.ref)) continue;
      if (dependent.type === 'auto') visit(dependent.ref, false, root);
      else if (cascade) visit(dependent.ref, true, root);
      else waiting.push({ ref: dependent.ref, on: ref, root });
    }
  };
  for (const target of targets) if (!seen.has(target)) visit(target, true, target);
  const blocking = waiting.filter((w) => !seen.has(w.ref));
  if (blocking.length > 0) {
    // An exception handler around the statement that catches the error makes the refusal part of the plan, not a failing migration.
    if (statement.guards.some((g) => g.kind === 'exception' && g.conditions.some((c) => c === 'dependent_objects_still_exist' || c === 'others'))) return false;
    const place = { file: statement.file, line: statement.start.line, column: statement.start.column, endLine: statement.end.line, endColumn: statement.end.column };
    catalog.blockedDrops.push({
      ...place,
      target: describe(blocking[0].root),
      dependents: blocking.map((b) => ({ object: describe(b.ref), source: sourceOfRef(b.ref), on: describe(b.on) })),
    });
    return false;
  }
  for (const { ref } of dropped) remove(catalog, ref);
  const events = dropped.filter((d) => d.recorded && !targets.includes(d.ref)).concat(dropped.filter((d) => targets.includes(d.ref)));
  for (const { ref } of events) {
    const event = eventOf(ref);
    if (event) catalog.record('dropped', event.kind, event.object, statement);
  }
  return true;
}

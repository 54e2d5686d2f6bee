/**
 * The mutable catalog that migrations are folded into, with name resolution
 * through the search_path and provenance bookkeeping. `snapshot()` turns it
 * into the plain, stably ordered Model.
 */

import { formatType, type QualifiedName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import type {
  ConstraintDef,
  ExtensionDef,
  FunctionDef,
  GrantDef,
  IndexDef,
  ModelEvent,
  ObjectKind,
  ObjectName,
  PolicyDef,
  Provenance,
  SchemaDef,
  SequenceDef,
  SourceRef,
  TableDef,
  TriggerDef,
  TriggerToggle,
  TypeDef,
  ViewDef,
} from './types.js';

export const key = (schema: string, name: string): string => `${schema}.${name}`;

/**
 * Where a statement is, for an object it makes. Model objects are written as
 * whole literals (`{ source: sourceOf(statement), changedBy: [], … }`), never
 * spread from a shared object: in Node 20's V8 every `{ ...x, more }` made in a
 * hot loop gets a hidden class of its own, ~250 bytes per object, 11 MB on a
 * 4 MB project.
 */
export function sourceOf(statement: SqlStatement): SourceRef {
  return { file: statement.file, line: statement.start.line };
}

/** Records that `statement` changed `object` (once per statement). */
export function touch(object: Provenance, statement: SqlStatement): void {
  const ref = sourceOf(statement);
  const last = object.changedBy[object.changedBy.length - 1];
  if (last && last.file === ref.file && last.line === ref.line) return;
  if (object.source.file === ref.file && object.source.line === ref.line) return;
  object.changedBy.push(ref);
}

/**
 * Functions keyed by `schema.name(argtypes)`, with an index of the overloads
 * of each `schema.name` kept in step, so finding a function by name (every
 * trigger does) is a look-up, not a scan of every function.
 */
export class FunctionMap extends Map<string, FunctionDef> {
  private readonly byName = new Map<string, Map<string, FunctionDef>>();

  override set(k: string, fn: FunctionDef): this {
    const previous = super.get(k);
    if (previous && key(previous.schema, previous.name) !== key(fn.schema, fn.name)) this.byName.get(key(previous.schema, previous.name))?.delete(k);
    super.set(k, fn);
    const name = key(fn.schema, fn.name);
    const overloads = this.byName.get(name) ?? new Map<string, FunctionDef>();
    overloads.set(k, fn);
    this.byName.set(name, overloads);
    return this;
  }

  override delete(k: string): boolean {
    const previous = super.get(k);
    if (previous) this.byName.get(key(previous.schema, previous.name))?.delete(k);
    return super.delete(k);
  }

  override clear(): void {
    this.byName.clear();
    super.clear();
  }

  /** The overloads of `schema.name`, in the order they were defined. */
  named(schema: string, name: string): FunctionDef[] {
    return [...(this.byName.get(key(schema, name))?.values() ?? [])];
  }
}

export class Catalog {
  readonly schemas = new Map<string, SchemaDef>();
  /** COMMENT ON SCHEMA for schemas no migration creates (`public`, say). */
  readonly schemaComments = new Map<string, string>();
  readonly extensions = new Map<string, ExtensionDef>();
  readonly tables = new Map<string, TableDef>();
  readonly views = new Map<string, ViewDef>();
  readonly types = new Map<string, TypeDef>();
  readonly sequences = new Map<string, SequenceDef>();
  /** Keyed by `schema.name(argtypes)`. */
  readonly functions = new FunctionMap();
  /** Keyed by `schema.table.trigger`. */
  readonly triggers = new Map<string, TriggerDef>();
  /** Keyed by `schema.table.policy`. */
  readonly policies = new Map<string, PolicyDef>();
  readonly indexes = new Map<string, IndexDef>();
  readonly grants: GrantDef[] = [];
  readonly triggerToggles: TriggerToggle[] = [];
  readonly dropped: ModelEvent[] = [];
  /** What each view reads (`schema.name` → the tables and views it selects from): its pg_depend entries. */
  readonly viewReads = new Map<string, Set<string>>();
  /** Temporary tables made so far (by name): session objects, never in the model; an unqualified name that is one refers to it. */
  readonly temporaryTables = new Set<string>();
  /** Events of the file being folded. */
  events: ModelEvent[] = [];
  searchPath: string[];

  constructor(readonly defaultSearchPath: string[], readonly externalSchemas: Set<string>) {
    this.searchPath = [...defaultSearchPath];
  }

  /** Schemas to search for unqualified names, ignoring `$user` and pg_catalog. */
  private pathSchemas(): string[] {
    const out = this.searchPath.filter((s) => s !== '$user' && s !== 'pg_catalog' && s !== 'pg_temp');
    return out.length > 0 ? out : ['public'];
  }

  /** The schema an unqualified CREATE puts an object into. */
  creationSchema(name: QualifiedName): string {
    if (name.schema) return name.schema;
    const path = this.pathSchemas();
    return path.find((s) => this.schemas.has(s)) ?? path[0];
  }

  private resolveIn<T>(map: Map<string, T>, name: QualifiedName): ObjectName {
    if (name.schema) return { schema: name.schema, name: name.name };
    for (const schema of this.pathSchemas()) {
      if (map.has(key(schema, name.name))) return { schema, name: name.name };
    }
    return { schema: this.creationSchema(name), name: name.name };
  }

  /** A table (or view) reference resolved through the search_path. */
  resolveRelation(name: QualifiedName): ObjectName {
    if (name.schema) return { schema: name.schema, name: name.name };
    for (const schema of this.pathSchemas()) {
      const k = key(schema, name.name);
      if (this.tables.has(k) || this.views.has(k) || this.sequences.has(k)) return { schema, name: name.name };
    }
    return { schema: this.creationSchema(name), name: name.name };
  }

  resolveType(name: QualifiedName): ObjectName {
    return this.resolveIn(this.types, name);
  }

  resolveIndex(name: QualifiedName): ObjectName {
    return this.resolveIn(this.indexes, name);
  }

  /** Functions with this name (any arguments), resolved through the search_path. */
  findFunctions(name: QualifiedName): FunctionDef[] {
    const schemas = name.schema ? [name.schema] : this.pathSchemas();
    for (const schema of schemas) {
      const found = this.functions.named(schema, name.name);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** A column's (or attribute's, or domain's) type as format_type prints it, the model's own types named by schema. */
  formatType(typeName: unknown): string {
    return formatType(typeName, this.qualifyType);
  }

  /** A one-part type name the model has, as `schema.name`; undefined for any other (builtins, extensions' types). */
  private readonly qualifyType = (parts: string[]): string | undefined => {
    if (parts.length !== 1 || this.types.size === 0) return undefined;
    const name = this.resolveType({ name: parts[0] });
    return this.types.has(key(name.schema, name.name)) ? key(name.schema, name.name) : undefined;
  };

  /** Every column, composite attribute and domain of type `from` (or an array of it) now names `to`. */
  renameTypeReferences(from: string, to: string): void {
    const renamed = (type: string) => (type === from ? to : type.startsWith(`${from}[`) ? `${to}${type.slice(from.length)}` : type);
    for (const table of this.tables.values()) for (const column of table.columns) column.type = renamed(column.type);
    for (const type of this.types.values()) {
      for (const attribute of type.attributes ?? []) attribute.type = renamed(attribute.type);
      if (type.baseType !== undefined) type.baseType = renamed(type.baseType);
    }
  }

  /** The views that read `relation` (a table or view key), and the views that read those, in the order a CASCADE drops them. */
  viewsReading(relation: string): string[] {
    const found: string[] = [];
    const queue = [relation];
    while (queue.length > 0) {
      const next = queue.shift()!;
      for (const [view, reads] of this.viewReads) {
        if (!reads.has(next) || found.includes(view) || !this.views.has(view)) continue;
        found.push(view);
        queue.push(view);
      }
    }
    return found;
  }

  /** Drops views (by key) with what belongs to them, recording each. */
  dropViews(views: string[], statement: SqlStatement): void {
    for (const k of views) {
      const view = this.views.get(k);
      if (!view) continue;
      this.views.delete(k);
      this.viewReads.delete(k);
      this.dropTableDependents({ schema: view.schema, name: view.name });
      this.record('dropped', view.materialized ? 'materialized view' : 'view', k, statement);
    }
  }

  /** Whether `schema.name` is taken in pg_class: a table, view, sequence, index, or the index of a primary key, unique or exclusion constraint. */
  relationNameTaken(schema: string, name: string): boolean {
    const k = key(schema, name);
    return this.tables.has(k) || this.views.has(k) || this.sequences.has(k) || this.indexes.has(k) || this.constraintIndex(schema, name) !== undefined;
  }

  /** The primary key, unique or exclusion constraint whose index is `schema.name` (the index has the constraint's name), with its table. */
  constraintIndex(schema: string, name: string): { table: TableDef; constraint: ConstraintDef } | undefined {
    for (const table of this.tables.values()) {
      if (table.schema !== schema) continue;
      const constraint = table.constraints.find((c) => c.name === name && (c.type === 'primary key' || c.type === 'unique' || c.type === 'exclusion'));
      if (constraint) return { table, constraint };
    }
    return undefined;
  }

  /** Whether an unqualified relation name refers to a temporary table (pg_temp comes first on the search path). */
  isTemporaryName(name: QualifiedName): boolean {
    return !name.schema && this.temporaryTables.has(name.name);
  }

  table(name: ObjectName): TableDef | undefined {
    return this.tables.get(key(name.schema, name.name));
  }

  record(action: ModelEvent['action'], kind: ObjectKind, object: string, statement: SqlStatement, to?: string): void {
    const event: ModelEvent = { action, kind, object, source: sourceOf(statement) };
    if (to) event.to = to;
    this.events.push(event);
    if (action === 'dropped') this.dropped.push(event);
  }

  /** Drops everything that belongs to a table (its triggers, policies, indexes, partitions' links). */
  dropTableDependents(table: ObjectName): void {
    const prefix = `${key(table.schema, table.name)}.`;
    for (const k of [...this.triggers.keys()]) if (k.startsWith(prefix)) this.triggers.delete(k);
    for (const k of [...this.policies.keys()]) if (k.startsWith(prefix)) this.policies.delete(k);
    for (const [k, index] of [...this.indexes]) {
      if (index.table.schema === table.schema && index.table.name === table.name) this.indexes.delete(k);
    }
    for (const t of this.tables.values()) {
      t.partitions = t.partitions.filter((p) => !(p.schema === table.schema && p.name === table.name));
    }
  }

  /** Moves a table's (or view's) dependents to a new name (rename or set schema); views that read it keep reading it. */
  moveTableDependents(from: ObjectName, to: ObjectName): void {
    const fromKey = key(from.schema, from.name);
    const toKey = key(to.schema, to.name);
    const reads = this.viewReads.get(fromKey);
    if (reads) {
      this.viewReads.delete(fromKey);
      this.viewReads.set(toKey, reads);
    }
    for (const set of this.viewReads.values()) {
      if (!set.delete(fromKey)) continue;
      set.add(toKey);
    }
    const prefix = `${key(from.schema, from.name)}.`;
    for (const map of [this.triggers, this.policies] as Array<Map<string, TriggerDef | PolicyDef>>) {
      for (const [k, v] of [...map]) {
        if (!k.startsWith(prefix)) continue;
        map.delete(k);
        v.table = { ...to };
        v.schema = to.schema;
        map.set(`${key(to.schema, to.name)}.${v.name}`, v);
      }
    }
    for (const index of this.indexes.values()) {
      if (index.table.schema === from.schema && index.table.name === from.name) index.table = { ...to };
    }
    for (const t of this.tables.values()) {
      for (const c of t.constraints) {
        if (c.references && c.references.schema === from.schema && c.references.name === from.name) {
          c.references = { ...c.references, ...to };
        }
      }
      for (const p of t.partitions) if (p.schema === from.schema && p.name === from.name) Object.assign(p, to);
      if (t.partitionOf && t.partitionOf.schema === from.schema && t.partitionOf.name === from.name) {
        t.partitionOf = { ...t.partitionOf, ...to };
      }
    }
  }
}

/**
 * The mutable catalog that migrations are folded into, with name resolution
 * through the search_path and provenance bookkeeping. `snapshot()` turns it
 * into the plain, stably ordered Model.
 */

import { formatType, type QualifiedName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import type { Step } from './rerun-shadow.js';
import type {
  ColumnDef,
  ConstraintDef,
  ExtensionDef,
  FunctionArgument,
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

/** A function's key: `schema.name(argtypes)` over its input arguments' types. */
export function functionKey(schema: string, name: string, argTypes: string[]): string {
  return `${schema}.${name}(${argumentList(argTypes)})`;
}

/** Argument types as a function's key lists them (`integer,text`). */
export function argumentList(argTypes: string[]): string {
  return argTypes.map((t) => t.toLowerCase().replace(/\s+/g, ' ')).join(',');
}

/** The input arguments of a function (OUT and TABLE columns are its result, not its arguments). */
export function inputArguments(args: FunctionArgument[]): FunctionArgument[] {
  return args.filter((a) => a.mode !== 'out' && a.mode !== 'table');
}

/** Input argument types (what identifies a function). */
export function inputTypes(fn: FunctionDef): string[] {
  return inputArguments(fn.arguments).map((a) => a.type);
}

/** A trigger's or policy's key: `schema.table.name`. */
export function triggerKey(table: ObjectName, name: string): string {
  return `${key(table.schema, table.name)}.${name}`;
}

/** An object named per table (a trigger, a policy) by the name parts a DROP gives it: `[schema?, table, name]`. */
export function namedOnTable<T>(catalog: Catalog, map: Map<string, T>, parts: string[]): T | undefined {
  const table = catalog.resolveRelation(parts.length >= 3 ? { schema: parts[0], name: parts[1] } : { name: parts[0] ?? '' });
  return map.get(triggerKey(table, parts[parts.length - 1]));
}

/** `ALTER TRIGGER | POLICY x ON t RENAME TO y`: the object under its new key. */
export function renameOnTable<T extends Provenance & { name: string }>(
  catalog: Catalog,
  map: Map<string, T>,
  kind: 'trigger' | 'policy',
  statement: SqlStatement,
  rel: QualifiedName,
  oldName: string,
  newName: string,
): void {
  const table = catalog.resolveRelation(rel);
  const object = map.get(triggerKey(table, oldName));
  if (!object) return;
  map.delete(triggerKey(table, oldName));
  object.name = newName;
  map.set(triggerKey(table, newName), object);
  touch(object, statement);
  catalog.record('renamed', kind, `${oldName} on ${key(table.schema, table.name)}`, statement, `${newName} on ${key(table.schema, table.name)}`);
}

/**
 * One object of the model as pg_depend sees it: what it is and, for the
 * parts of a table, which table. A column's default is an object of its own
 * (a DROP FUNCTION … CASCADE removes the default, not the column).
 */
export type ObjectRef =
  | { kind: 'table'; table: TableDef }
  | { kind: 'view'; view: ViewDef }
  | { kind: 'column'; table: TableDef; column: ColumnDef }
  | { kind: 'default'; table: TableDef; column: ColumnDef }
  | { kind: 'constraint'; table: TableDef; constraint: ConstraintDef }
  | { kind: 'index'; index: IndexDef }
  | { kind: 'trigger'; trigger: TriggerDef }
  | { kind: 'policy'; policy: PolicyDef }
  | { kind: 'function'; fn: FunctionDef }
  | { kind: 'type'; type: TypeDef }
  | { kind: 'sequence'; sequence: SequenceDef }
  | { kind: 'extension'; extension: ExtensionDef }
  | { kind: 'schema'; schema: SchemaDef };

/** A DROP that Postgres refuses: the statement's place, what it drops and what depends on it. */
export interface BlockedDrop {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** What the statement drops, as Postgres names it (`table public.t`). */
  target: string;
  /** Each dependent that blocks the drop: what it is, where it was made, and what it depends on. */
  dependents: Array<{ object: string; source: SourceRef; on: string }>;
}

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
  /**
   * What views, defaults, generation expressions, policies, CHECK constraints
   * and index expressions refer to (see references.ts), by the object that
   * refers: the pg_depend entries that the objects' own fields do not hold.
   * Keyed by the model objects themselves, as pg_depend keys by oid, so a
   * rename changes nothing here.
   */
  readonly references = new Map<object, { ref: ObjectRef; on: object[] }>();
  /**
   * Objects the replay's set-up SQL (`replay.setup`, the Supabase shim) makes
   * before the first migration: there for the migrations to use, but not the
   * project's, so they stay out of the model (and replay leaves them out of
   * its cross-check). By identity; `externalNames` by qualified name, for
   * rules that ask about a reference.
   */
  readonly externalObjects = new Set<object>();
  readonly externalNames = new Set<string>();
  /** Sequences a column owns (OWNED BY): they go with the column, and with its table. */
  readonly sequenceOwners = new Map<SequenceDef, ColumnDef>();
  /** DROP statements Postgres refuses because other objects depend on what they drop (the drop-has-dependents rule). */
  readonly blockedDrops: BlockedDrop[] = [];
  /** Temporary tables made so far (by name): session objects, never in the model; an unqualified name that is one refers to it. */
  readonly temporaryTables = new Set<string>();
  /** Events of the file being folded. */
  events: ModelEvent[] = [];
  searchPath: string[];

  /** Each migration's statements as the predicted second run reads them (rerun-steps.ts), in order; emptied once the prediction is made (second-run.ts). */
  readonly rerun: Step[][] = [];
  /** What the set-up SQL made, as a step both runs start from. */
  rerunSetup?: Step;

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

  /** Records what `ref`'s object refers to (replacing what it referred to before); nothing is kept for an object that refers to nothing the model has. */
  refer(ref: ObjectRef, object: object, on: Set<object>): void {
    if (on.size === 0) this.references.delete(object);
    else this.references.set(object, { ref, on: [...on] }); // an array of a few: a Set costs ten times as much, for thousands of policies
  }

  /** A CREATE OR REPLACE that made a new object for an old one (a function): what referred to the old one refers to the new. */
  replaced(old: object, next: object): void {
    for (const entry of this.references.values()) {
      const at = entry.on.indexOf(old);
      if (at !== -1) entry.on[at] = next;
    }
  }

  /** Marks everything the catalog holds now as external (after the set-up SQL was folded). */
  markExternal(): void {
    for (const map of [this.tables, this.views, this.types, this.sequences, this.indexes] as Array<Map<string, object>>) for (const [k, object] of map) {
      this.externalObjects.add(object);
      this.externalNames.add(k);
    }
    for (const fn of this.functions.values()) {
      this.externalObjects.add(fn);
      this.externalNames.add(key(fn.schema, fn.name));
    }
    for (const map of [this.schemas, this.extensions, this.triggers, this.policies] as Array<Map<string, object>>) for (const object of map.values()) this.externalObjects.add(object);
  }

  /**
   * A migration's CREATE … IF NOT EXISTS of an object the set-up SQL made (a
   * schema the Supabase shim makes, say): the object is the project's from
   * then on, made where the migration says. False for any other object.
   */
  claim(object: Provenance, statement: SqlStatement, kind: ObjectKind, name: string): boolean {
    if (!this.externalObjects.delete(object)) return false;
    object.source = sourceOf(statement);
    object.changedBy = [];
    this.record('created', kind, name, statement);
    return true;
  }
}

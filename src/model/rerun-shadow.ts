/**
 * The shadow catalog the predicted second run plays on (rerun-passes.ts): the
 * names that decide whether a statement fails — relations with their columns
 * and column types, constraints, keys, triggers, policies, rows and what they
 * depend on; types and their enum values; functions by signature and arity;
 * schemas; extensions — with what last happened to each, for the finding's
 * "why". Also the vocabulary of the steps (rerun-steps.ts makes them): ops,
 * guards, failures.
 */

import type { SourceRef } from './types.js';

/** The name spaces a precondition reads. */
export type Space = 'relation' | 'type' | 'function' | 'schema' | 'extension' | 'column' | 'constraint' | 'trigger' | 'policy' | 'enum value' | 'identity';

/** What a created relation holds (as the first run made it). */
export interface RelationContents {
  kind: 'table' | 'view' | 'materialized view' | 'sequence' | 'index' | 'foreign table';
  columns: string[];
  /** The columns' types as format_type spells them, in the columns' order ('' when unknown). */
  columnTypes: string[];
  /** Constraint names; a primary key, unique or exclusion constraint also names an index. */
  constraints: string[];
  indexes: string[];
  primaryKey: boolean;
  /** Column sets of primary keys and unique constraints. */
  keys: string[][];
  /** Identity columns. */
  identities?: string[];
  /** The primary key constraint's name. */
  primaryKeyName?: string;
  /** The primary key's columns. */
  primaryKeyColumns?: string[];
  /** For an index: its table (`schema.name`). */
  owner?: string;
  /** Relations the object depends on (a view's tables and views, a table's foreign keys' tables). */
  reads?: string[];
  /** Columns a view reads, as `schema.table.column`. */
  readsColumns?: string[];
  /** A table's foreign keys: the constraint and the table it references (a DROP … CASCADE of that table takes the constraint). */
  foreignKeys?: Array<{ name: string; target: string }>;
}

/** One thing a statement does or needs. Names are resolved (`schema.name`); `on` is a relation (`schema.table`) or type. */
export type Op =
  | { op: 'create'; space: 'relation'; name: string; ifNotExists: boolean; replace: boolean; contents: RelationContents }
  | { op: 'create'; space: 'type'; name: string; ifNotExists: boolean; values?: string[] }
  | { op: 'create'; space: 'function'; name: string; signature: string; replace: boolean; returns: string; arity: [number, number]; types: string[] }
  | { op: 'create'; space: 'schema' | 'extension'; name: string; ifNotExists: boolean }
  | { op: 'add'; space: 'column' | 'constraint' | 'trigger' | 'policy' | 'enum value' | 'identity'; on: string; name: string; ifNotExists: boolean; primaryKey?: boolean; index?: string; key?: string[]; type?: string; references?: string }
  /** ALTER COLUMN … TYPE: what the model made the column's type. */
  | { op: 'retype'; on: string; name: string; type: string }
  /** A foreign key from `columns` of `on` to `targetColumns` (its primary key when undefined) of `target`: the types must compare. */
  | { op: 'reference'; on: string; columns: string[]; target: string; targetColumns: string[] | undefined }
  | { op: 'add'; space: 'primary key'; on: string; index?: string; key?: string[] }
  | { op: 'drop'; space: Space; name: string; on?: string; ifExists: boolean; signature?: string; cascade?: boolean; kind?: RelationContents['kind'] }
  | { op: 'rename'; space: Space; name: string; to: string; on?: string; ifExists: boolean }
  | { op: 'need'; space: Space; name: string; on?: string }
  /** `from`: the tables an INSERT … SELECT reads; no rows come from tables that hold none. */
  | { op: 'insert'; on: string; columns: string[] | undefined; conflict: boolean; from?: string[]; fresh?: string[] }
  /** A value of a visible type (`literal`, or a cast to `type`) compared with or assigned to a column: the column's type must take it. */
  | { op: 'value'; on: string; name: string; literal?: string; type?: string; assign: boolean }
  /** A call of a function by name with this many arguments: one function must take it. */
  | { op: 'call'; name: string; arguments: number }
  | { op: 'clear rows'; on: string };

/** How a nested statement is guarded in its DO block. */
export type StepGuard =
  /** An IF that checks the catalog for the object: the statement runs only when it would succeed. */
  | { kind: 'catalog-check' }
  /** An IF that checks the catalog for other names than the statement's: it protects nothing (the names, for the finding). */
  | { kind: 'other-names'; names: string[] }
  /** An exception handler: a failure whose condition is listed is caught (the block goes on). */
  | { kind: 'exception'; conditions: string[] };

/** One statement of the chain as the second run sees it. */
export interface Step {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ops: Op[];
  guards: StepGuard[];
  /** The statements a DO block runs. */
  children?: Step[];
  /** Why the shadow cannot tell whether the statement fails (SQL built at run time…). */
  undecided?: string;
}

/** Why a step fails on the second run. */
export interface Failure {
  /** The statement that fails (nested in `container` when that is set). */
  step: Step;
  /** The op whose precondition fails. */
  op?: Op;
  /** The SQLSTATE condition name Postgres raises (`duplicate_object`). */
  condition: string;
  messageId: 'exists' | 'missing' | 'duplicateRow' | 'viewColumns' | 'returnType' | 'wrongKind' | 'dependents' | 'ambiguous' | 'keyTypes' | 'usedByView' | 'enumValue' | 'valueType';
  /** The object, as `kind name`. */
  object: string;
  /** The name space of the object (for the fix that fits it). */
  space?: Space | 'primary key';
  /** Where the object came to be as it is: made, dropped or renamed there (on the first run, or earlier on the second). */
  cause?: { what: 'created' | 'dropped' | 'renamed' | 'inserted'; at: SourceRef; run: 1 | 2; to?: string };
  /** Set when `step` is nested in a DO block: the DO block (what replay sees fail). */
  container?: Step;
  /** The names an IF around the statement checks the catalog for, when they are not the statement's. */
  guardChecks?: string[];
}

export interface Relation extends RelationContents {
  /** A table the model does not know (made outside it) that a statement added a trigger, policy, column or constraint to: its parts are followed, it is not known to exist. */
  phantom?: boolean;
  /** Trigger and policy names (a few per table: arrays cost less than sets, for thousands of tables). */
  triggers: string[];
  policies: string[];
  /** The INSERTs whose rows are in the table (not deleted since): the rows an INSERT meets again are its own. */
  rows: Set<Op> | undefined;
}

export interface FunctionEntry {
  returns: string;
  arity: [number, number];
  /** Input argument types, in order. */
  types: string[];
}

/** What last happened to a name: by which step, on which run (the step's place is the finding's "where"). */
export interface History {
  what: 'created' | 'dropped' | 'renamed';
  step: Step;
  run: 1 | 2;
  to: string | undefined;
}

export const conditionFor: Record<string, [exists: string, missing: string]> = {
  relation: ['duplicate_table', 'undefined_table'],
  type: ['duplicate_object', 'undefined_object'],
  function: ['duplicate_function', 'undefined_function'],
  schema: ['duplicate_schema', 'invalid_schema_name'],
  extension: ['duplicate_object', 'undefined_object'],
  column: ['duplicate_column', 'undefined_column'],
  constraint: ['duplicate_object', 'undefined_object'],
  trigger: ['duplicate_object', 'undefined_object'],
  policy: ['duplicate_object', 'undefined_object'],
  'enum value': ['duplicate_object', 'invalid_parameter_value'],
  'primary key': ['invalid_table_definition', 'undefined_object'],
  identity: ['object_not_in_prerequisite_state', 'object_not_in_prerequisite_state'],
};

/** Condition names a handler may list that cover each raised condition (besides `others` and the name itself). */
const classOf: Record<string, string> = {
  duplicate_table: 'duplicate_object',
  unique_violation: 'integrity_constraint_violation',
};

/** Whether an exception handler listing `conditions` catches `condition`. */
export function catches(conditions: string[], condition: string): boolean {
  return conditions.some((c) => c === 'others' || c === condition || classOf[condition] === c);
}

/** The relations that have a row type (a CREATE TYPE of their name fails). */
const relationKinds = new Set(['table', 'view', 'materialized view', 'foreign table']);

/** The shadow catalog: one, which the first pass builds and the second goes on from. */
export class Shadow {
  relations = new Map<string, Relation>();
  types = new Map<string, Set<string> | undefined>();
  functions = new Map<string, Map<string, FunctionEntry>>();
  schemas = new Set<string>();
  extensions = new Set<string>();
  /** What last happened to each name (`space:name`), for the finding's "why". */
  history = new Map<string, History>();

  /** Whether a name exists in a space (`on` for the per-relation spaces). */
  has(space: Space | 'primary key', name: string, on?: string): boolean {
    switch (space) {
      case 'relation': {
        const relation = this.relations.get(name);
        return relation !== undefined && !relation.phantom;
      }
      case 'type':
        return this.types.has(name) || relationKinds.has(this.relations.get(name)?.kind ?? '');
      case 'function':
        return (this.functions.get(name)?.size ?? 0) > 0;
      case 'schema':
        return this.schemas.has(name);
      case 'extension':
        return this.extensions.has(name);
      case 'column':
        return this.relations.get(on ?? '')?.columns.includes(name) ?? false;
      case 'constraint':
        return this.relations.get(on ?? '')?.constraints.includes(name) ?? false;
      case 'trigger':
        return this.relations.get(on ?? '')?.triggers.includes(name) ?? false;
      case 'policy':
        return this.relations.get(on ?? '')?.policies.includes(name) ?? false;
      case 'enum value':
        return this.types.get(on ?? '')?.has(name) ?? false;
      case 'primary key':
        return this.relations.get(on ?? '')?.primaryKey ?? false;
      case 'identity':
        return this.relations.get(on ?? '')?.identities?.includes(name) ?? false;
    }
  }

  /** Whether the object the op is about is known at all (its relation or type, for the per-relation spaces). */
  holder(space: Space | 'primary key', on: string | undefined): boolean {
    if (space === 'enum value') return this.types.has(on ?? '');
    if (space === 'column' || space === 'constraint' || space === 'trigger' || space === 'policy' || space === 'primary key' || space === 'identity') return this.relations.has(on ?? '');
    return true;
  }

  note(space: string, name: string, on: string | undefined, history: History): void {
    this.history.set(`${space}:${on ? `${on}.` : ''}${name}`, history);
  }

  why(space: string, name: string, on: string | undefined): Failure['cause'] {
    const history = this.history.get(`${space}:${on ? `${on}.` : ''}${name}`) ?? (on ? this.history.get(`relation:${on}`) : undefined);
    if (!history) return undefined;
    const cause: NonNullable<Failure['cause']> = { what: history.what, at: { file: history.step.file, line: history.step.line }, run: history.run };
    if (history.to !== undefined) cause.to = history.to;
    return cause;
  }

  /** A view that reads the column `schema.table.column`. */
  readerOf(column: string): { kind: string; name: string } | undefined {
    for (const [k, r] of this.relations) if (r.readsColumns?.includes(column)) return { kind: r.kind, name: k };
    return undefined;
  }

  /** A column (`schema.table.column`) of type `type` (or an array of it). */
  columnOfType(type: string): string | undefined {
    for (const [k, r] of this.relations) {
      if (r.kind !== 'table') continue;
      const at = r.columnTypes.findIndex((t) => t === type || t === `${type}[]`);
      if (at !== -1) return `${k}.${r.columns[at]}`;
    }
    return undefined;
  }

  /** A relation that depends on `name` (a view that reads it, a table whose foreign key references it), as `kind name`. */
  dependentOf(name: string): string | undefined {
    for (const [k, r] of this.relations) if (k !== name && r.reads?.includes(name)) return `${r.kind} ${k}`;
    return undefined;
  }

  /** Removes a relation and what belongs to it (its indexes, for a table); with `cascade`, the relations that depend on it too. */
  dropRelation(name: string, cascade = false): void {
    const relation = this.relations.get(name);
    if (!relation) return;
    this.relations.delete(name);
    if (cascade) {
      for (const [k, r] of [...this.relations]) {
        if (!r.reads?.includes(name)) continue;
        if (r.kind !== 'table') {
          this.dropRelation(k, true);
          continue;
        }
        // The foreign keys go, not the table.
        r.reads = r.reads.filter((x) => x !== name);
        const gone = new Set((r.foreignKeys ?? []).filter((f) => f.target === name).map((f) => f.name));
        r.constraints = r.constraints.filter((c) => !gone.has(c));
        r.foreignKeys = r.foreignKeys?.filter((f) => f.target !== name);
      }
    }
    for (const index of relation.indexes) this.relations.delete(index);
    if (relation.owner) {
      const owner = this.relations.get(relation.owner);
      if (owner) owner.indexes = owner.indexes.filter((i) => i !== name);
    }
  }

  renameRelation(from: string, to: string): void {
    const relation = this.relations.get(from);
    if (!relation) return;
    this.relations.delete(from);
    this.relations.set(to, relation);
    for (const r of this.relations.values()) {
      if (r.reads?.includes(from)) r.reads = r.reads.map((x) => (x === from ? to : x));
      if (r.foreignKeys?.some((f) => f.target === from)) r.foreignKeys = r.foreignKeys.map((f) => (f.target === from ? { name: f.name, target: to } : f));
      if (r.readsColumns?.some((x) => x.startsWith(`${from}.`))) r.readsColumns = r.readsColumns.map((x) => (x.startsWith(`${from}.`) ? `${to}${x.slice(from.length)}` : x));
    }
    for (const index of relation.indexes) {
      const entry = this.relations.get(index);
      if (entry) entry.owner = to;
    }
    if (relation.owner) {
      const owner = this.relations.get(relation.owner);
      if (owner) owner.indexes = owner.indexes.map((i) => (i === from ? to : i));
    }
  }

  /** An index of `owner` (on `columns`, the plain ones: dropping one of them drops the index). */
  addIndex(name: string, owner: string, columns: string[] = []): void {
    const index = emptyTable();
    index.kind = 'index';
    index.owner = owner;
    index.columns = [...columns];
    this.relations.set(name, index);
    const table = this.relations.get(owner);
    if (table && !table.indexes.includes(name)) table.indexes.push(name);
  }
}

/**
 * A relation of the shadow made from what the first run created, keeping what
 * was followed on its phantom. Written as one literal: objects spread in a
 * hot loop each get a hidden class of their own (see model/catalog.ts).
 */
export function relationOf(c: RelationContents, phantom: Relation | undefined): Relation {
  return {
    kind: c.kind,
    columns: [...c.columns],
    columnTypes: [...c.columnTypes],
    constraints: [...c.constraints],
    indexes: [],
    primaryKey: c.primaryKey,
    keys: c.keys.map((k) => [...k]),
    identities: c.identities && [...c.identities],
    primaryKeyName: c.primaryKeyName,
    primaryKeyColumns: c.primaryKeyColumns,
    owner: c.owner,
    reads: c.reads && [...c.reads],
    readsColumns: c.readsColumns && [...c.readsColumns],
    foreignKeys: c.foreignKeys && [...c.foreignKeys],
    phantom: undefined,
    triggers: phantom?.triggers ?? [],
    policies: phantom?.policies ?? [],
    rows: undefined,
  };
}

/** A column's type in a relation ('' when unknown). */
export function typeIn(relation: Relation, column: string): string {
  const at = relation.columns.indexOf(column);
  return at === -1 ? '' : (relation.columnTypes[at] ?? '');
}

/** The family of a type, for foreign keys: Postgres has an equality operator across each family (integer = bigint, text = varchar). */
function typeFamily(type: string): string {
  const base = type.replace(/\(.*?\)/g, '').trim();
  const array = base.endsWith('[]') ? '[]' : '';
  const name = base.replace(/\[\]$/, '');
  if (/^(smallint|integer|bigint|numeric|real|double precision|decimal|int[248]?)$/.test(name)) return `number${array}`;
  if (/^(text|character varying|character|varchar|char|bpchar|citext|name)$/.test(name)) return `string${array}`;
  if (/^timestamp (with|without) time zone$/.test(name)) return `timestamp${array}`;
  return `${name}${array}`;
}

/** Whether columns of these two types can be a foreign key and its key. */
export function comparable(a: string, b: string): boolean {
  if (a === 'unknown' || b === 'unknown') return true;
  return typeFamily(a) === typeFamily(b);
}

export function emptyTable(): Relation {
  return {
    kind: 'table',
    columns: [],
    columnTypes: [],
    constraints: [],
    indexes: [],
    primaryKey: false,
    keys: [],
    identities: undefined,
    primaryKeyName: undefined,
    primaryKeyColumns: undefined,
    owner: undefined,
    reads: undefined,
    readsColumns: undefined,
    foreignKeys: undefined,
    phantom: undefined,
    triggers: [],
    policies: [],
    rows: undefined,
  };
}

/** The schema of a `schema.name` key, and the key as a name (a name may hold dots: the schema ends at the first). */
export const schemaOf = (name: string): string => name.slice(0, name.indexOf('.'));
export const nameOf = (name: string): { schema: string; name: string } => ({ schema: schemaOf(name), name: name.slice(name.indexOf('.') + 1) });

export function shownObject(space: Space | 'primary key', name: string, on: string | undefined): string {
  if (space === 'primary key') return `primary key on ${on}`;
  if (on) return `${space} ${name} on ${on}`;
  return `${space} ${name}`;
}


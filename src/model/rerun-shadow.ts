/**
 * The second run of the migration chain, predicted: a small shadow of the
 * catalog (the names that decide whether a statement fails — relations and
 * their columns, constraints, triggers, policies and keyed rows; types and
 * their enum values; functions by signature; schemas; extensions) and the
 * steps of rerun-steps.ts played on it twice. The first pass builds the state
 * the migrations leave (every step applies, as the first run did); the second
 * starts from it and asks each statement's preconditions: a statement that
 * fails has no effect and the chain goes on (replay's savepoint per
 * statement). A precondition counts only when it held at the same point of
 * the first pass: what the shadow cannot see (objects of SQL built at run
 * time, of kinds it does not follow) never makes a statement fail.
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
}

/** One thing a statement does or needs. Names are resolved (`schema.name`); `on` is a relation (`schema.table`) or type. */
export type Op =
  | { op: 'create'; space: 'relation'; name: string; ifNotExists: boolean; replace: boolean; contents: RelationContents }
  | { op: 'create'; space: 'type'; name: string; ifNotExists: boolean; values?: string[] }
  | { op: 'create'; space: 'function'; name: string; signature: string; replace: boolean; returns: string; arity: [number, number] }
  | { op: 'create'; space: 'schema' | 'extension'; name: string; ifNotExists: boolean }
  | { op: 'add'; space: 'column' | 'constraint' | 'trigger' | 'policy' | 'enum value' | 'identity'; on: string; name: string; ifNotExists: boolean; primaryKey?: boolean; index?: string; key?: string[]; type?: string }
  /** ALTER COLUMN … TYPE: what the model made the column's type. */
  | { op: 'retype'; on: string; name: string; type: string }
  /** A foreign key from `columns` of `on` to `targetColumns` (its primary key when undefined) of `target`: the types must compare. */
  | { op: 'reference'; on: string; columns: string[]; target: string; targetColumns: string[] | undefined }
  | { op: 'add'; space: 'primary key'; on: string; index?: string; key?: string[] }
  | { op: 'drop'; space: Space; name: string; on?: string; ifExists: boolean; signature?: string; cascade?: boolean; kind?: RelationContents['kind'] }
  | { op: 'rename'; space: Space; name: string; to: string; on?: string; ifExists: boolean }
  | { op: 'need'; space: Space; name: string; on?: string }
  /** `from`: the tables an INSERT … SELECT reads; no rows come from tables that hold none. */
  | { op: 'insert'; on: string; columns: string[] | undefined; conflict: boolean; from?: string[] }
  /** A call of a function by name with this many arguments: one function must take it. */
  | { op: 'call'; name: string; arguments: number }
  | { op: 'clear rows'; on: string };

/** How a nested statement is guarded in its DO block. */
export type StepGuard =
  /** An IF that checks the catalog for the object: the statement runs only when it would succeed. */
  | { kind: 'catalog-check' }
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
  /** The SQLSTATE condition name Postgres raises (`duplicate_object`). */
  condition: string;
  messageId: 'exists' | 'missing' | 'duplicateRow' | 'viewColumns' | 'returnType' | 'wrongKind' | 'dependents' | 'ambiguous' | 'keyTypes' | 'usedByView';
  /** The object, as `kind name`. */
  object: string;
  /** The name space of the object (for the fix that fits it). */
  space?: Space | 'primary key';
  /** Where the object came to be as it is: made, dropped or renamed there (on the first run, or earlier on the second). */
  cause?: { what: 'created' | 'dropped' | 'renamed'; at: SourceRef; run: 1 | 2; to?: string };
  /** Set when `step` is nested in a DO block: the DO block (what replay sees fail). */
  container?: Step;
}

interface Relation extends RelationContents {
  /** A table the model does not know (made outside it) that a statement added a trigger, policy, column or constraint to: its parts are followed, it is not known to exist. */
  phantom?: boolean;
  /** Trigger and policy names (a few per table: arrays cost less than sets, for thousands of tables). */
  triggers: string[];
  policies: string[];
  /** Whether rows are in the table (inserted by a migration and not deleted since). */
  rows: boolean;
}

interface FunctionEntry {
  returns: string;
  arity: [number, number];
}

/** What last happened to a name: by which step, on which run (the step's place is the finding's "where"). */
interface History {
  what: 'created' | 'dropped' | 'renamed';
  step: Step;
  run: 1 | 2;
  to: string | undefined;
}

const conditionFor: Record<string, [exists: string, missing: string]> = {
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

const relationKinds = new Set(['table', 'view', 'materialized view', 'foreign table']);

/** Whether a DROP or CREATE OR REPLACE of `wanted` may act on a relation of kind `actual`. */
function sameKind(actual: RelationContents['kind'], wanted: RelationContents['kind']): boolean {
  return actual === wanted;
}

/** The shadow catalog: a clone per pass. */
class Shadow {
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
        if (r.kind === 'table') r.reads = r.reads.filter((x) => x !== name); // the foreign key goes, not the table
        else this.dropRelation(k, true);
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

  addIndex(name: string, owner: string): void {
    const index = emptyTable();
    index.kind = 'index';
    index.owner = owner;
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
function relationOf(c: RelationContents, phantom: Relation | undefined): Relation {
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
    phantom: undefined,
    triggers: phantom?.triggers ?? [],
    policies: phantom?.policies ?? [],
    rows: false,
  };
}

/** A column's type in a relation ('' when unknown). */
function typeIn(relation: Relation, column: string): string {
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
function comparable(a: string, b: string): boolean {
  if (a === 'unknown' || b === 'unknown') return true;
  return typeFamily(a) === typeFamily(b);
}

function emptyTable(): Relation {
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
    phantom: undefined,
    triggers: [],
    policies: [],
    rows: false,
  };
}

const schemaOf = (name: string): string => name.slice(0, name.indexOf('.'));

function shownObject(space: Space | 'primary key', name: string, on: string | undefined): string {
  if (space === 'primary key') return `primary key on ${on}`;
  if (on) return `${space} ${name} on ${on}`;
  return `${space} ${name}`;
}

/** One pass over the steps. */
class Pass {
  readonly failures: Failure[] = [];
  /** The ops whose preconditions did not hold on this (first) pass. */
  readonly unheld = new Set<Op>();

  constructor(
    readonly shadow: Shadow,
    readonly run: 1 | 2,
    private readonly unheldFirst?: Set<Op>,
  ) {}

  /** Checks one op's preconditions; undefined when they hold. */
  private check(step: Step, op: Op): Omit<Failure, 'step'> | undefined {
    const s = this.shadow;
    const fail = (messageId: Failure['messageId'], space: Space | 'primary key', name: string, on: string | undefined, which: 0 | 1): Omit<Failure, 'step'> => ({
      messageId,
      space,
      condition: conditionFor[space]?.[which] ?? 'others',
      object: shownObject(space, name, on),
      cause: s.why(space, name, on),
    });
    switch (op.op) {
      case 'create': {
        if (op.space === 'function') {
          const existing = s.functions.get(op.name)?.get(op.signature);
          if (!existing) return undefined;
          if (!op.replace) return { ...fail('exists', 'function', `${op.name}(${op.signature})`, undefined, 0), cause: s.why('function', op.name, undefined) };
          if (existing.returns && op.returns && existing.returns !== op.returns) return { messageId: 'returnType', condition: 'invalid_function_definition', object: `function ${op.name}(${op.signature})`, cause: s.why('function', op.name, undefined) };
          return undefined;
        }
        if (op.space === 'relation') {
          const found = s.relations.get(op.name);
          const existing = found?.phantom ? undefined : found;
          if (!existing) return op.contents.kind !== 'index' && s.types.has(op.name) && !op.ifNotExists ? fail('exists', 'type', op.name, undefined, 0) : undefined;
          if (op.ifNotExists) return undefined;
          if (op.replace && !sameKind(existing.kind, op.contents.kind)) return { messageId: 'wrongKind', condition: 'wrong_object_type', object: `${existing.kind} ${op.name}`, cause: s.why('relation', op.name, undefined) };
          if (op.replace) {
            if (existing.kind === 'view' && !existing.columns.every((c, i) => op.contents.columns[i] === c)) return { messageId: 'viewColumns', condition: 'invalid_table_definition', object: `view ${op.name}`, cause: s.why('relation', op.name, undefined) };
            return undefined;
          }
          return fail('exists', 'relation', op.name, undefined, 0);
        }
        if (op.ifNotExists || !s.has(op.space, op.name)) return undefined;
        return fail('exists', op.space, op.name, undefined, 0);
      }
      case 'add': {
        // On the first run a part of a table the model does not know is followed on a phantom of it (made when the op applies).
        if (!s.holder(op.space, op.on) && this.run === 1 && op.space !== 'enum value') return undefined;
        if (!s.holder(op.space, op.on)) return fail('missing', op.space === 'enum value' ? 'type' : 'relation', op.on, undefined, 1);
        if (op.space === 'primary key') return s.has('primary key', '', op.on) ? fail('exists', 'primary key', '', op.on, 0) : undefined;
        if (op.ifNotExists || !s.has(op.space, op.name, op.on)) {
          if (op.primaryKey && s.has('primary key', '', op.on)) return fail('exists', 'primary key', '', op.on, 0);
          if (op.index && s.relations.has(op.index) && !op.ifNotExists) return fail('exists', 'relation', op.index, undefined, 0);
          return undefined;
        }
        return fail('exists', op.space, op.name, op.on, 0);
      }
      case 'drop': {
        if (op.space === 'relation') {
          const existing = s.relations.get(op.name);
          if (existing && op.kind && !sameKind(existing.kind, op.kind)) return { messageId: 'wrongKind', condition: 'wrong_object_type', object: `${existing.kind} ${op.name}`, cause: s.why('relation', op.name, undefined) };
          if (existing && !op.cascade) {
            const dependent = s.dependentOf(op.name);
            if (dependent) return { messageId: 'dependents', condition: 'dependent_objects_still_exist', object: `${existing.kind} ${op.name} (${dependent})`, cause: s.why('relation', dependent.slice(dependent.indexOf(' ') + 1), undefined) };
          }
        }
        if (op.space === 'type' && !op.cascade && s.types.has(op.name)) {
          const user = s.columnOfType(op.name);
          if (user) return { messageId: 'dependents', space: 'type', condition: 'dependent_objects_still_exist', object: `type ${op.name} (column ${user})`, cause: s.why('type', op.name, undefined) };
        }
        if (op.space === 'column' && !op.cascade && op.on && s.has('column', op.name, op.on)) {
          const viewer = s.readerOf(`${op.on}.${op.name}`);
          if (viewer) return { messageId: 'dependents', space: 'column', condition: 'dependent_objects_still_exist', object: `column ${op.name} on ${op.on} (${viewer.kind} ${viewer.name})`, cause: s.why('relation', viewer.name, undefined) };
        }
        if (op.ifExists) return undefined;
        if (!s.holder(op.space, op.on)) return fail('missing', 'relation', op.on ?? '', undefined, 1);
        if (op.space === 'function' && op.signature !== undefined) return s.functions.get(op.name)?.has(op.signature) ? undefined : fail('missing', 'function', `${op.name}(${op.signature})`, undefined, 1);
        return s.has(op.space, op.name, op.on) ? undefined : fail('missing', op.space, op.name, op.on, 1);
      }
      case 'rename':
        if (!s.holder(op.space, op.on)) return op.ifExists ? undefined : fail('missing', 'relation', op.on ?? '', undefined, 1);
        if (!s.has(op.space, op.name, op.on)) return op.ifExists ? undefined : fail('missing', op.space, op.name, op.on, 1);
        if (s.has(op.space, op.to, op.on)) return fail('exists', op.space, op.to, op.on, 0);
        return undefined;
      case 'need':
        if (!s.holder(op.space, op.on)) return fail('missing', op.space === 'enum value' ? 'type' : 'relation', op.on ?? '', undefined, 1);
        return s.has(op.space, op.name, op.on) ? undefined : fail('missing', op.space, op.name, op.on, 1);
      case 'insert': {
        const table = s.relations.get(op.on);
        if (!table) return fail('missing', 'relation', op.on, undefined, 1);
        if (op.conflict || !table.rows) return undefined;
        if (op.from && op.from.every((f) => s.relations.get(f)?.rows === false)) return undefined; // it selects from tables that hold no rows
        const inserted = op.columns ?? table.columns;
        const key = table.keys.find((k) => k.length > 0 && k.every((c) => inserted.includes(c)));
        if (!key) return undefined;
        return { messageId: 'duplicateRow', condition: 'unique_violation', object: `rows of ${op.on} (key ${key.join(', ')})`, cause: s.why('rows', op.on, undefined) };
      }
      case 'clear rows':
        return s.relations.has(op.on) ? undefined : fail('missing', 'relation', op.on, undefined, 1);
      case 'retype': {
        if (!s.holder('column', op.on)) return fail('missing', 'relation', op.on, undefined, 1);
        if (!s.has('column', op.name, op.on)) return fail('missing', 'column', op.name, op.on, 1);
        const viewer = s.readerOf(`${op.on}.${op.name}`);
        if (viewer) return { messageId: 'usedByView', space: 'column', condition: 'feature_not_supported', object: `column ${op.name} on ${op.on} (${viewer.kind} ${viewer.name})`, cause: s.why('relation', viewer.name, undefined) };
        return undefined;
      }
      case 'reference': {
        const table = s.relations.get(op.on);
        const target = s.relations.get(op.target);
        const targetColumns = op.targetColumns ?? target?.primaryKeyColumns;
        if (!table || !target || !targetColumns || targetColumns.length !== op.columns.length) return undefined; // the other ops ask for what is missing
        for (let i = 0; i < op.columns.length; i++) {
          const from = typeIn(table, op.columns[i]);
          const to = typeIn(target, targetColumns[i]);
          if (from && to && !comparable(from, to)) {
            return { messageId: 'keyTypes', space: 'constraint', condition: 'datatype_mismatch', object: `${op.on}.${op.columns[i]} (${from}) and ${op.target}.${targetColumns[i]} (${to})`, cause: s.why('column', targetColumns[i], op.target) };
          }
        }
        return undefined;
      }
      case 'call': {
        const overloads = [...(s.functions.get(op.name)?.values() ?? [])].filter((f) => f.arity[0] <= op.arguments && op.arguments <= f.arity[1]);
        if (overloads.length === 1) return undefined;
        if (overloads.length === 0) return fail('missing', 'function', op.name, undefined, 1);
        return { messageId: 'ambiguous', space: 'function', condition: 'ambiguous_function', object: `function ${op.name} (${overloads.length} overloads take ${op.arguments} argument${op.arguments === 1 ? '' : 's'})`, cause: s.why('function', op.name, undefined) };
      }
    }
  }

  /** Applies one op (its preconditions held, or this is the first pass). */
  private apply(step: Step, op: Op): void {
    const s = this.shadow;
    const history = (what: History['what'], to?: string): History => ({ what, step, run: this.run, to });
    switch (op.op) {
      case 'create':
        if (op.space === 'relation') {
          const found = s.relations.get(op.name);
          const existing = found?.phantom ? undefined : found;
          if (existing && (op.ifNotExists || !op.replace)) return;
          if (existing) {
            existing.columns = [...op.contents.columns];
            existing.columnTypes = [...op.contents.columnTypes];
            existing.readsColumns = op.contents.readsColumns && [...op.contents.readsColumns];
            if (op.contents.reads) existing.reads = [...op.contents.reads];
            return;
          }
          const c = op.contents;
          s.relations.set(op.name, relationOf(c, found));
          for (const index of c.indexes) s.addIndex(index, op.name);
          if (c.kind === 'index' && c.owner) s.addIndex(op.name, c.owner);
          s.note('relation', op.name, undefined, history('created'));
          return;
        }
        if (op.space === 'type') {
          if (s.types.has(op.name)) return;
          s.types.set(op.name, op.values ? new Set(op.values) : undefined);
        } else if (op.space === 'function') {
          const overloads = s.functions.get(op.name) ?? new Map<string, FunctionEntry>();
          if (overloads.has(op.signature) && !op.replace) return;
          overloads.set(op.signature, { returns: op.returns, arity: op.arity });
          s.functions.set(op.name, overloads);
        } else if (op.space === 'schema') {
          if (s.schemas.has(op.name)) return;
          s.schemas.add(op.name);
        } else {
          if (s.extensions.has(op.name)) return;
          s.extensions.add(op.name);
        }
        s.note(op.space, op.name, undefined, history('created'));
        return;
      case 'add': {
        if (op.space !== 'enum value' && !s.relations.has(op.on)) {
          const phantom = emptyTable();
          phantom.phantom = true;
          s.relations.set(op.on, phantom);
        }
        const table = s.relations.get(op.on);
        if (op.space === 'enum value') {
          s.types.get(op.on)?.add(op.name);
          s.note(op.space, op.name, op.on, history('created'));
          return;
        }
        if (!table) return;
        if (op.space === 'primary key') {
          table.primaryKey = true;
          table.primaryKeyColumns = op.key;
        } else if (op.space === 'column') {
          if (!table.columns.includes(op.name)) {
            table.columns.push(op.name);
            table.columnTypes.push(op.type ?? '');
          }
        } else if (op.space === 'constraint') {
          if (!table.constraints.includes(op.name)) table.constraints.push(op.name);
          if (op.primaryKey) {
            table.primaryKey = true;
            table.primaryKeyName = op.name;
            table.primaryKeyColumns = op.key;
          }
        } else if (op.space === 'identity') {
          table.identities = [...(table.identities ?? []), op.name];
        } else if (op.space === 'trigger') {
          if (!table.triggers.includes(op.name)) table.triggers.push(op.name);
        } else if (op.space === 'policy') {
          if (!table.policies.includes(op.name)) table.policies.push(op.name);
        }
        if (op.index) s.addIndex(op.index, op.on);
        if (op.key) table.keys.push([...op.key]);
        if (op.space !== 'primary key') s.note(op.space, op.name, op.on, history('created'));
        return;
      }
      case 'drop':
        this.drop(op.space, op.name, op.on, op.signature, op.cascade ?? false);
        s.note(op.space, op.signature === undefined ? op.name : `${op.name}(${op.signature})`, op.on, history('dropped'));
        if (op.space === 'function' && op.signature !== undefined) s.note('function', op.name, undefined, history('dropped'));
        return;
      case 'rename':
        if (!s.has(op.space, op.name, op.on)) return;
        this.rename(op.space, op.name, op.to, op.on);
        s.note(op.space, op.name, op.on, history('renamed', op.to));
        s.note(op.space, op.to, op.on, history('created'));
        return;
      case 'retype': {
        const table = s.relations.get(op.on);
        const at = table?.columns.indexOf(op.name) ?? -1;
        if (table && at !== -1) table.columnTypes[at] = op.type;
        return;
      }
      case 'need':
      case 'call':
      case 'reference':
        return;
      case 'insert': {
        const table = s.relations.get(op.on);
        if (table && !table.rows) {
          table.rows = true;
          s.note('rows', op.on, undefined, history('created'));
        }
        return;
      }
      case 'clear rows': {
        const table = s.relations.get(op.on);
        if (table) table.rows = false;
      }
    }
  }

  private drop(space: Space, name: string, on: string | undefined, signature: string | undefined, cascade: boolean): void {
    const s = this.shadow;
    const table = on ? s.relations.get(on) : undefined;
    switch (space) {
      case 'relation':
        s.dropRelation(name, cascade);
        return;
      case 'type':
        s.types.delete(name);
        return;
      case 'function':
        if (signature === undefined) s.functions.delete(name);
        else s.functions.get(name)?.delete(signature);
        return;
      case 'schema':
        s.schemas.delete(name);
        for (const k of [...s.relations.keys()]) if (schemaOf(k) === name) s.dropRelation(k);
        for (const k of [...s.types.keys()]) if (schemaOf(k) === name) s.types.delete(k);
        for (const k of [...s.functions.keys()]) if (schemaOf(k) === name) s.functions.delete(k);
        return;
      case 'extension':
        s.extensions.delete(name);
        return;
      case 'column':
        if (table) {
          const at = table.columns.indexOf(name);
          if (at !== -1) {
            table.columns.splice(at, 1);
            table.columnTypes.splice(at, 1);
          }
          if (cascade) for (const [k, r] of [...s.relations]) if (r.readsColumns?.includes(`${on}.${name}`)) s.dropRelation(k, true);
          table.keys = table.keys.filter((k) => !k.includes(name));
        }
        return;
      case 'constraint':
        if (table) {
          table.constraints = table.constraints.filter((c) => c !== name);
          if (table.primaryKeyName === name) {
            table.primaryKey = false;
            table.primaryKeyName = undefined;
            table.primaryKeyColumns = undefined;
          }
          if (s.relations.get(`${schemaOf(on ?? '')}.${name}`)?.owner === on) s.dropRelation(`${schemaOf(on ?? '')}.${name}`);
        }
        return;
      case 'trigger':
        if (table) table.triggers = table.triggers.filter((t) => t !== name);
        return;
      case 'policy':
        if (table) table.policies = table.policies.filter((p) => p !== name);
        return;
      case 'enum value':
        return;
      case 'identity':
        if (table) table.identities = table.identities?.filter((c) => c !== name);
        return;
    }
  }

  private rename(space: Space, from: string, to: string, on: string | undefined): void {
    const s = this.shadow;
    const table = on ? s.relations.get(on) : undefined;
    switch (space) {
      case 'relation':
        s.renameRelation(from, to);
        return;
      case 'type': {
        const values = s.types.get(from);
        s.types.delete(from);
        s.types.set(to, values);
        // Columns refer to the type itself, not to its name.
        for (const r of s.relations.values()) r.columnTypes = r.columnTypes.map((t) => (t === from ? to : t === `${from}[]` ? `${to}[]` : t));
        return;
      }
      case 'function': {
        const overloads = s.functions.get(from);
        s.functions.delete(from);
        if (overloads) s.functions.set(to, overloads);
        return;
      }
      case 'schema':
        s.schemas.delete(from);
        s.schemas.add(to);
        for (const k of [...s.relations.keys()]) if (schemaOf(k) === from) s.renameRelation(k, `${to}${k.slice(from.length)}`);
        return;
      case 'column':
        if (table) {
          table.columns = table.columns.map((c) => (c === from ? to : c));
          for (const r of s.relations.values()) if (r.readsColumns?.includes(`${on}.${from}`)) r.readsColumns = r.readsColumns.map((x) => (x === `${on}.${from}` ? `${on}.${to}` : x));
          table.keys = table.keys.map((k) => k.map((c) => (c === from ? to : c)));
        }
        return;
      case 'constraint':
        if (table) table.constraints = table.constraints.map((c) => (c === from ? to : c));
        return;
      case 'trigger':
        if (table) {
          table.triggers = table.triggers.map((t) => (t === from ? to : t));
        }
        return;
      case 'policy':
        if (table) {
          table.policies = table.policies.map((p) => (p === from ? to : p));
        }
        return;
      case 'enum value': {
        const values = s.types.get(on ?? '');
        if (values) {
          values.delete(from);
          values.add(to);
        }
        return;
      }
      case 'extension':
      case 'identity':
    }
  }

  /** Runs a step: on the first pass every op applies; on the second its checks decide. Returns the failure, if the step fails. */
  step(step: Step): Failure | undefined {
    if (step.children) {
      if (this.run === 2 && step.undecided) {
        for (const child of step.children) for (const op of child.ops) this.apply(child, op);
        return undefined;
      }
      for (const child of step.children) {
        const failure = this.step(child);
        if (failure) return { ...failure, container: step };
      }
      return undefined;
    }
    if (this.run === 1 || step.undecided) {
      for (const op of step.ops) {
        if (this.run === 1 && this.check(step, op) !== undefined) this.unheld.add(op);
        this.apply(step, op);
      }
      return undefined;
    }
    for (const op of step.ops) {
      // A precondition that did not hold on the first run either (which applied) is one the shadow cannot see: it never fails a statement.
      if (this.unheldFirst?.has(op)) continue;
      const failure = this.check(step, op);
      if (!failure) {
        this.apply(step, op);
        continue;
      }
      const guarded = step.guards.some((g) => g.kind === 'catalog-check');
      if (guarded) return undefined;
      const caught = step.guards.some((g) => g.kind === 'exception' && catches(g.conditions, failure.condition));
      if (caught) return undefined;
      return { step, ...failure };
    }
    return undefined;
  }
}

/** The result of the prediction. */
export interface SecondRun {
  failures: Failure[];
  /** Statements whose outcome the shadow cannot decide. */
  undecided: Step[];
}

/**
 * Plays `files` (the steps of each migration, in order) twice, after what
 * `setup` makes (it runs once, before both), and returns the statements that fail on the second run, each with why.
 */
export function predictSecondRun(files: Step[][], setup?: Step): SecondRun {
  const first = new Pass(new Shadow(), 1);
  if (setup) first.step(setup);
  for (const steps of files) for (const step of steps) first.step(step);
  const second = new Pass(first.shadow, 2, first.unheld); // the second run starts where the first ended
  const failures: Failure[] = [];
  const undecided: Step[] = [];
  for (const steps of files) {
    for (const step of steps) {
      if (step.undecided) undecided.push(step);
      const failure = second.step(step);
      if (failure) failures.push(failure);
    }
  }
  return { failures, undecided };
}

/**
 * The database model: what the migrations build, every object with the file
 * and line that created it (`source`) and the statements that later changed
 * it (`changedBy`), plus what the seeds do. Plain data, JSON-serialisable.
 */

import type { ParameterMode, ReferentialAction, TriggerEvent, TriggerTiming } from '../sql/statements.js';

export interface SourceRef {
  file: string;
  line: number;
}

export interface Provenance {
  source: SourceRef;
  changedBy: SourceRef[];
}

export interface ObjectName {
  schema: string;
  name: string;
}

export interface SchemaDef extends Provenance {
  name: string;
  comment?: string;
}

export interface ExtensionDef extends Provenance {
  name: string;
  schema?: string;
}

export interface ColumnDef extends Provenance {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  identity?: 'always' | 'by default';
  generated?: string;
  comment?: string;
}

export type ConstraintType = 'primary key' | 'foreign key' | 'unique' | 'check' | 'exclusion';

/** ON DELETE / ON UPDATE actions, as sql/statements.ts reads them. */
export type { ReferentialAction } from '../sql/statements.js';

export interface ConstraintDef extends Provenance {
  name: string;
  type: ConstraintType;
  columns: string[];
  /**
   * Foreign keys: the referenced table and columns. `implied` when the SQL
   * names no columns (Postgres then takes the referenced table's primary key;
   * `columns` is empty when that key is not known, as for an external table).
   */
  references?: ObjectName & { columns: string[]; implied?: boolean };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** Check expression, or exclusion elements (`col WITH op, …`). */
  expression?: string;
  /** The predicate of a partial exclusion constraint (`EXCLUDE … WHERE (predicate)`), without its parentheses. */
  where?: string;
  /** Index method of an exclusion constraint. */
  using?: string;
  /** True when the name was not written but derived as Postgres would. */
  derivedName?: boolean;
}

export type PartitionStrategy = 'range' | 'list' | 'hash';

export interface PartitionKey {
  strategy: PartitionStrategy;
  /** Columns or expressions. */
  columns: string[];
}

export interface PartitionBound {
  kind: 'range' | 'list' | 'hash' | 'default';
  from?: string[];
  to?: string[];
  values?: string[];
  modulus?: number;
  remainder?: number;
  /** As Postgres prints it: `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` or `DEFAULT`. */
  text: string;
}

export interface PartitionRef extends Provenance {
  schema: string;
  name: string;
  bound: PartitionBound;
}

export interface TableDef extends Provenance {
  schema: string;
  name: string;
  kind: 'table' | 'partitioned table';
  unlogged?: boolean;
  comment?: string;
  columns: ColumnDef[];
  constraints: ConstraintDef[];
  partitionKey?: PartitionKey;
  /** For a partition: its parent and bound. */
  partitionOf?: ObjectName & { bound: PartitionBound };
  partitions: PartitionRef[];
  rls: { enabled: boolean; forced: boolean };
  /** Triggers disabled by ALTER TABLE … DISABLE TRIGGER (name or ALL/USER). */
  disabledTriggers: string[];
}

export interface IndexDef extends Provenance {
  schema: string;
  name: string;
  table: ObjectName;
  columns: string[];
  unique: boolean;
  method: string;
  where?: string;
  /** True when the index backs a constraint (not created by CREATE INDEX). */
  constraint?: string;
}

export interface ViewDef extends Provenance {
  schema: string;
  name: string;
  materialized: boolean;
  query: string;
  /** The columns the query returns (names always; `unknown` where the type does not follow from the query). */
  columns: Array<{ name: string; type: string }>;
  comment?: string;
}

export interface TypeDef extends Provenance {
  schema: string;
  name: string;
  kind: 'enum' | 'composite' | 'domain' | 'range';
  values?: string[];
  attributes?: Array<{ name: string; type: string }>;
  baseType?: string;
  notNull?: boolean;
  checks?: string[];
  comment?: string;
}

export interface SequenceDef extends Provenance {
  schema: string;
  name: string;
  ownedBy?: string;
}

export interface FunctionArgument {
  name?: string;
  type: string;
  mode: ParameterMode;
  default?: string;
}

export type Volatility = 'immutable' | 'stable' | 'volatile';

export interface FunctionDef extends Provenance {
  schema: string;
  name: string;
  kind: 'function' | 'procedure';
  /** `name(type, type)` with input argument types only. */
  signature: string;
  arguments: FunctionArgument[];
  returns?: string;
  language: string;
  volatility: Volatility;
  securityDefiner: boolean;
  /** SET options: `{search_path: "public, pg_temp"}`. */
  settings: Record<string, string>;
  strict: boolean;
  comment?: string;
  /** Catalogs the body consults and statements it can create (for helpers such as create_policy_if_not_exists). */
  body?: { catalogs: string[]; creates: string[]; writes: string[] };
}

export type { TriggerEvent } from '../sql/statements.js';

export interface TriggerDef extends Provenance {
  /** The table's schema (triggers live in their table's namespace). */
  schema: string;
  name: string;
  table: ObjectName;
  timing: TriggerTiming;
  events: TriggerEvent[];
  updateColumns?: string[];
  level: 'row' | 'statement';
  function: ObjectName;
  when?: string;
  /** Whether the creating statement cannot fail on a second run. */
  guarded: boolean;
  enabled: boolean;
  constraint?: boolean;
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface PolicyDef extends Provenance {
  schema: string;
  name: string;
  table: ObjectName;
  command: PolicyCommand;
  permissive: boolean;
  roles: string[];
  using?: string;
  withCheck?: string;
  /** The helper function that created it, when created through one. */
  via?: string;
}

export interface GrantDef {
  privileges: string[];
  objectType: string;
  objects: string[];
  grantees: string[];
  grant: boolean;
  source: SourceRef;
}

export type ObjectKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'view'
  | 'materialized view'
  | 'type'
  | 'sequence'
  | 'function'
  | 'procedure'
  | 'trigger'
  | 'policy'
  | 'partition';

/** One effect of a statement on the model, for migration summaries and drift messages. */
export interface ModelEvent {
  action: 'created' | 'changed' | 'dropped' | 'renamed';
  kind: ObjectKind;
  /** `schema.name`, `schema.table.column`, or `trigger on schema.table`. */
  object: string;
  /** New name, for renames. */
  to?: string;
  source: SourceRef;
}

export interface MigrationInfo {
  file: string;
  hash: string;
  /** 1-based position in the run order. */
  order: number;
  statements: number;
  /** Counts of objects this file created, by kind. */
  creates: Partial<Record<ObjectKind, number>>;
  /** Every effect on the model, in order. */
  events: ModelEvent[];
  syntaxErrors: number;
  /** Whether the file opts out of a wrapping transaction. */
  noTransaction: boolean;
}

export interface SeedTarget {
  schema: string;
  table: string;
  /** Rows inserted by VALUES lists; undefined for INSERT … SELECT. */
  rows?: number;
  statements: number;
  onConflict: boolean;
  notExists: boolean;
  source: SourceRef;
}

export interface SeedGuard {
  setting: string;
  /** Values the guard lets through (allow list) or stops (deny list). */
  values: string[];
  mode: 'allow' | 'deny';
  /** Whether the guard raises an exception (a warning is no guard). */
  raises: boolean;
  /** Whether the guard comes before the first data-changing statement. */
  leading: boolean;
  source: SourceRef;
}

export interface SeedTimestamp {
  schema: string;
  /** The table again, so that it has a schema and a name like every model object. */
  name: string;
  table: string;
  column: string;
  value: string;
  source: SourceRef;
}

export interface SeedVolatile {
  schema: string;
  /** The table again, so that it has a schema and a name like every model object. */
  name: string;
  table: string;
  column: string;
  expression: string;
  source: SourceRef;
}

export interface TriggerToggle {
  schema: string;
  /** The table again, so that it has a schema and a name like every model object. */
  name: string;
  table: string;
  action: 'disable' | 'enable';
  /** `ALL`, `USER`, or a trigger name; `session_replication_role` for that setting. */
  trigger: string;
  source: SourceRef;
}

export interface SeedInfo {
  file: string;
  hash: string;
  class: 'system' | 'dev';
  statements: number;
  targets: SeedTarget[];
  guard?: SeedGuard;
  timestamps: SeedTimestamp[];
  volatileTimestamps: SeedVolatile[];
  triggerToggles: TriggerToggle[];
  ddl: Array<{ statement: string; source: SourceRef }>;
  syntaxErrors: number;
}

export interface Model {
  searchPath: string[];
  schemas: SchemaDef[];
  extensions: ExtensionDef[];
  tables: TableDef[];
  views: ViewDef[];
  types: TypeDef[];
  sequences: SequenceDef[];
  functions: FunctionDef[];
  triggers: TriggerDef[];
  policies: PolicyDef[];
  indexes: IndexDef[];
  grants: GrantDef[];
  migrations: MigrationInfo[];
  seeds: SeedInfo[];
  /** Objects that existed and were dropped, for drift summaries. */
  dropped: ModelEvent[];
  /** Migration-level trigger toggles (DISABLE TRIGGER in migrations). */
  triggerToggles: TriggerToggle[];
  /** Comments on schemas that no migration creates (`COMMENT ON SCHEMA public …`), by schema. */
  schemaComments?: Record<string, string>;
}

/**
 * Folding parsed migrations, in order, into the model; then reading the seeds
 * against it. DO blocks run their nested statements (as a first run would);
 * function bodies do not run at migration time and are not folded.
 */

import type { SqlStatement } from '../sql/parser.js';
import { Catalog } from './catalog.js';
import { DropLedger } from './guards.js';
import { alterEnum, comment, createComposite, createDomain, createEnum, createExtension, createIndex, createRange, createSchema, createSequence, createTableAs, createView, drop, grant, rename, selectInto, setSchema } from './objects.js';
import { alterFunction, alterPolicy, createFunction, createPolicy, createTrigger, type FileState, helperCalls, variableSet } from './routines.js';
import { analyseSeed, flatten } from './seeds.js';
import { alterTable, createTable } from './tables.js';
import { compareText } from '../text.js';
import type { MigrationInfo, Model, ObjectKind, SeedInfo } from './types.js';

export interface ParsedUnit {
  file: string;
  hash: string;
  statements: SqlStatement[];
  syntaxErrors: number;
  /** Comments in the file (for the no-transaction marker). */
  comments: string[];
}

export interface BuildOptions {
  searchPath: string[];
  externalSchemas: string[];
  environmentSetting: string;
  isDevSeed: (file: string) => boolean;
}

type Handler = (catalog: Catalog, statement: SqlStatement, state: FileState) => void;

const handlers: Record<string, Handler> = {
  CreateSchemaStmt: createSchema,
  CreateExtensionStmt: createExtension,
  CreateStmt: createTable,
  AlterTableStmt: alterTable,
  IndexStmt: createIndex,
  ViewStmt: createView,
  CreateTableAsStmt: createTableAs,
  CreateEnumStmt: createEnum,
  AlterEnumStmt: alterEnum,
  CompositeTypeStmt: createComposite,
  CreateDomainStmt: createDomain,
  CreateRangeStmt: createRange,
  CreateSeqStmt: createSequence,
  CreateFunctionStmt: createFunction,
  AlterFunctionStmt: alterFunction,
  CreateTrigStmt: createTrigger,
  CreatePolicyStmt: createPolicy,
  AlterPolicyStmt: alterPolicy,
  CommentStmt: comment,
  GrantStmt: grant,
  RenameStmt: rename,
  AlterObjectSchemaStmt: setSchema,
  DropStmt: (catalog, statement, state) => {
    state.drops.note(statement, (table) => catalog.resolveRelation(table));
    drop(catalog, statement);
  },
  VariableSetStmt: variableSet,
  SelectStmt: (catalog, statement) => {
    selectInto(catalog, statement);
    helperCalls(catalog, statement);
  },
};

/** Applies one statement (and, for DO blocks, what it runs). */
export function applyStatement(catalog: Catalog, statement: SqlStatement, state: FileState): void {
  for (const s of statement.kind === 'DoStmt' ? flatten([statement]).slice(1) : [statement]) {
    handlers[s.kind]?.(catalog, s, state);
  }
}

/** A comment that opts a migration out of its wrapping transaction (`-- postgres-migrations disable-transaction`, goose's `NO TRANSACTION`, dbmate's `transaction:false`). */
export { noTransactionMarker } from '../sources/formats.js';
import { noTransactionMarker } from '../sources/formats.js';

function foldMigration(catalog: Catalog, unit: ParsedUnit, order: number): MigrationInfo {
  catalog.searchPath = [...catalog.defaultSearchPath];
  catalog.events = [];
  const state: FileState = { drops: new DropLedger() };
  for (const statement of unit.statements) applyStatement(catalog, statement, state);
  const creates: Partial<Record<ObjectKind, number>> = {};
  for (const event of catalog.events) {
    if (event.action === 'created') creates[event.kind] = (creates[event.kind] ?? 0) + 1;
  }
  return {
    file: unit.file,
    hash: unit.hash,
    order,
    statements: unit.statements.length,
    creates,
    events: catalog.events,
    syntaxErrors: unit.syntaxErrors,
    noTransaction: unit.comments.some((c) => noTransactionMarker.test(c)),
  };
}

const byName = <T extends { schema?: string; name: string }>(a: T, b: T): number =>
  compareText((a.schema ?? ''), b.schema ?? '') || compareText(a.name, b.name);

/** The catalog after all migrations, for callers (rules) that need name resolution. */
export interface BuiltModel {
  model: Model;
  catalog: Catalog;
}

/**
 * The fold, one file at a time: migrations in order, then seeds. A caller can
 * look at the catalog between files (it holds what the files so far created)
 * and let go of a file's syntax trees once it has been added.
 */
export class ModelBuilder {
  readonly catalog: Catalog;
  private readonly migrationInfos: MigrationInfo[] = [];
  private readonly seedInfos: SeedInfo[] = [];

  constructor(private readonly options: BuildOptions) {
    this.catalog = new Catalog(options.searchPath, new Set(options.externalSchemas));
  }

  addMigration(unit: ParsedUnit): void {
    if (this.seedInfos.length > 0) throw new Error('ModelBuilder: a migration after a seed');
    this.migrationInfos.push(foldMigration(this.catalog, unit, this.migrationInfos.length + 1));
  }

  /** Reads a seed against the catalog; its info says whether it is dev-only. */
  addSeed(unit: ParsedUnit): SeedInfo {
    const { isDevSeed, environmentSetting } = this.options;
    const info = analyseSeed(this.catalog, unit, isDevSeed(unit.file) ? 'dev' : 'system', environmentSetting);
    this.seedInfos.push(info);
    return info;
  }

  finish(): BuiltModel {
    const { catalog, options } = this;
    const model: Model = {
      searchPath: [...options.searchPath],
      schemas: [...catalog.schemas.values()].sort((a, b) => compareText(a.name, b.name)),
      extensions: [...catalog.extensions.values()].sort((a, b) => compareText(a.name, b.name)),
      tables: [...catalog.tables.values()].sort(byName),
      views: [...catalog.views.values()].sort(byName),
      types: [...catalog.types.values()].sort(byName),
      sequences: [...catalog.sequences.values()].sort(byName),
      functions: [...catalog.functions.values()].sort((a, b) => byName(a, b) || compareText(a.signature, b.signature)),
      triggers: [...catalog.triggers.values()].sort((a, b) => byName({ schema: a.schema, name: a.table.name }, { schema: b.schema, name: b.table.name }) || compareText(a.name, b.name)),
      policies: [...catalog.policies.values()].sort((a, b) => byName({ schema: a.schema, name: a.table.name }, { schema: b.schema, name: b.table.name }) || compareText(a.name, b.name)),
      indexes: [...catalog.indexes.values()].sort(byName),
      grants: catalog.grants,
      migrations: this.migrationInfos,
      seeds: this.seedInfos,
      dropped: catalog.dropped,
      triggerToggles: catalog.triggerToggles,
    };
    if (catalog.schemaComments.size > 0) model.schemaComments = Object.fromEntries([...catalog.schemaComments].sort(([a], [b]) => compareText(a, b)));
    return { model, catalog };
  }
}

/** The whole fold at once (all files parsed beforehand). */
export function buildModel(migrations: ParsedUnit[], seeds: ParsedUnit[], options: BuildOptions): BuiltModel {
  const builder = new ModelBuilder(options);
  for (const unit of migrations) builder.addMigration(unit);
  for (const unit of seeds) builder.addSeed(unit);
  return builder.finish();
}

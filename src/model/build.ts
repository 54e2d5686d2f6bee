/**
 * Folding parsed migrations, in order, into the model; then reading the seeds
 * against it. DO blocks run their nested statements (as a first run would);
 * function bodies do not run at migration time and are not folded.
 */

import { str } from '../sql/ast.js';
import { nameParts, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { alteredKind, dropRecord, type ObjectKind as DroppedKind, renameKind } from '../sql/statements.js';
import { compareText } from '../text.js';
import { Catalog, type ObjectRef } from './catalog.js';
import { comment } from './comments.js';
import { alterEnum, createComposite, createDomain, createEnum, createRange, renameType, typeTarget } from './datatypes.js';
import { dropObjects } from './dependents.js';
import { createExtension, extensionTarget } from './extensions.js';
import { alterFunction, createFunction, functionTargets, renameFunction } from './functions.js';
import { grant } from './grants.js';
import { DropLedger, type FileState } from './guards.js';
import { createIndex, indexTarget, renameIndex } from './indexes.js';
import { alterPolicy, createPolicy, helperCalls, policyTarget, renamePolicy } from './policies.js';
import { createSchema, renameSchema, schemaTarget } from './schemas.js';
import { analyseSeed, flatten } from './seeds.js';
import { alterSequence, createSequence, renameSequence, sequenceTarget } from './sequences.js';
import { setConfigCalls, variableSet } from './settings.js';
import { alterTable, createTable, renameColumn, renameTable, renameTableConstraint, setTableSchema, tableTarget } from './tables.js';
import { createTrigger, renameTrigger, triggerTarget } from './triggers.js';
import type { MigrationInfo, Model, ObjectKind, SeedInfo } from './types.js';
import { createTableAs, createView, renameView, selectInto, viewTarget } from './views.js';

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

/** `ALTER … RENAME`: to the module of the kind renamed. */
function rename(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const newName = str(node, 'newname');
  const oldName = str(node, 'subname');
  const rel = rangeVar(node.relation);
  switch (renameKind(node)) {
    case 'table':
    case 'foreign table':
      if (rel) renameTable(catalog, statement, rel, newName);
      return;
    case 'view':
    case 'materialized view':
      if (rel) renameView(catalog, statement, rel, newName);
      return;
    case 'column':
      if (rel) renameColumn(catalog, statement, rel, oldName, newName);
      return;
    case 'table constraint':
      if (rel) renameTableConstraint(catalog, statement, rel, oldName, newName);
      return;
    case 'trigger':
      if (rel) renameTrigger(catalog, statement, rel, oldName, newName);
      return;
    case 'policy':
      if (rel) renamePolicy(catalog, statement, rel, oldName, newName);
      return;
    case 'index':
      if (rel) renameIndex(catalog, statement, rel, newName);
      return;
    case 'sequence':
      if (rel) renameSequence(catalog, statement, rel, newName);
      return;
    case 'schema':
      renameSchema(catalog, statement, oldName, newName);
      return;
    case 'type':
    case 'domain':
      renameType(catalog, statement, node.object, newName);
      return;
    case 'function':
    case 'procedure':
      renameFunction(catalog, statement, node.object, newName);
      return;
    default:
  }
}

/** The model's objects one name of a DROP statement names (none when the model does not have it). */
function dropTargets(catalog: Catalog, statement: SqlStatement, kind: DroppedKind, object: unknown): ObjectRef[] {
  const parts = nameParts(object);
  const name = parts.length >= 2 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] } : { name: parts[0] ?? '' };
  const one = (ref: ObjectRef | undefined) => (ref ? [ref] : []);
  switch (kind) {
    case 'table':
    case 'foreign table':
      return one(tableTarget(catalog, name));
    case 'view':
    case 'materialized view':
      return one(viewTarget(catalog, name));
    case 'index':
      return one(indexTarget(catalog, name));
    case 'sequence':
      return one(sequenceTarget(catalog, name));
    case 'type':
    case 'domain':
      return one(typeTarget(catalog, name));
    case 'schema':
      return one(schemaTarget(catalog, statement, parts[0] ?? ''));
    case 'extension':
      return one(extensionTarget(catalog, parts[0] ?? ''));
    case 'trigger':
      return one(triggerTarget(catalog, parts));
    case 'policy':
      return one(policyTarget(catalog, parts));
    case 'function':
    case 'procedure':
    case 'routine':
      return functionTargets(catalog, object);
    default:
      return [];
  }
}

/** `DROP kind a, b [CASCADE]`: one drop of every object it names that the model has (Postgres drops all or, refusing, none). */
function drop(catalog: Catalog, statement: SqlStatement): void {
  const { kind, objects, cascade } = dropRecord(statement.node);
  const targets = objects.flatMap((object) => dropTargets(catalog, statement, kind, object));
  if (targets.length > 0) dropObjects(catalog, targets, cascade, statement);
}

/** `ALTER … SET SCHEMA` (of a table). */
function setSchema(catalog: Catalog, statement: SqlStatement): void {
  const kind = alteredKind(statement.node);
  const rel = rangeVar(statement.node.relation);
  if ((kind === 'table' || kind === 'foreign table') && rel) setTableSchema(catalog, statement, rel, str(statement.node, 'newschema'));
}

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
  AlterSeqStmt: alterSequence,
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
    setConfigCalls(catalog, statement);
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

  /**
   * Folds SQL that runs before the first migration and is not the project's
   * (`replay.setup`, a shim): what it makes is known to the migrations that
   * follow (foreign keys, triggers, policies on it are no undefined
   * references) but stays out of the model.
   */
  addExternal(statements: SqlStatement[]): void {
    if (this.migrationInfos.length > 0) throw new Error('ModelBuilder: set-up SQL after a migration');
    const { catalog } = this;
    catalog.searchPath = [...catalog.defaultSearchPath];
    const state: FileState = { drops: new DropLedger() };
    for (const statement of statements) applyStatement(catalog, statement, state);
    catalog.markExternal();
    catalog.events = [];
    catalog.dropped.length = 0;
    catalog.blockedDrops.length = 0;
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
    const own = <T extends object>(objects: Iterable<T>): T[] => (catalog.externalObjects.size === 0 ? [...objects] : [...objects].filter((o) => !catalog.externalObjects.has(o)));
    const model: Model = {
      searchPath: [...options.searchPath],
      schemas: own(catalog.schemas.values()).sort((a, b) => compareText(a.name, b.name)),
      extensions: own(catalog.extensions.values()).sort((a, b) => compareText(a.name, b.name)),
      tables: own(catalog.tables.values()).sort(byName),
      views: own(catalog.views.values()).sort(byName),
      types: own(catalog.types.values()).sort(byName),
      sequences: own(catalog.sequences.values()).sort(byName),
      functions: own(catalog.functions.values()).sort((a, b) => byName(a, b) || compareText(a.signature, b.signature)),
      triggers: own(catalog.triggers.values()).sort((a, b) => byName({ schema: a.schema, name: a.table.name }, { schema: b.schema, name: b.table.name }) || compareText(a.name, b.name)),
      policies: own(catalog.policies.values()).sort((a, b) => byName({ schema: a.schema, name: a.table.name }, { schema: b.schema, name: b.table.name }) || compareText(a.name, b.name)),
      indexes: own(catalog.indexes.values()).sort(byName),
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

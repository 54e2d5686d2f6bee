/**
 * Folding parsed migrations, in order, into the model (each statement through
 * dispatch.ts to the module of its kind), after the replay's set-up SQL as
 * external objects; then reading the seeds against it; then the plain,
 * stably ordered Model.
 */

import type { SqlStatement } from '../sql/parser.js';
import { compareText } from '../text.js';
import { Catalog } from './catalog.js';
import { applyOne, applyStatement } from './dispatch.js';
import type { Step } from './rerun-shadow.js';
import { setupStep, stepOf } from './rerun-steps.js';
import { secondRunOf } from './second-run.js';
import { analyseSeed, flatten } from './seeds.js';
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

/** A comment that opts a migration out of its wrapping transaction (`-- postgres-migrations disable-transaction`, goose's `NO TRANSACTION`, dbmate's `transaction:false`). */
export { noTransactionMarker } from '../sources/formats.js';
import { noTransactionMarker } from '../sources/formats.js';

function foldMigration(catalog: Catalog, unit: ParsedUnit, order: number): MigrationInfo {
  catalog.searchPath = [...catalog.defaultSearchPath];
  catalog.events = [];
  const steps: Step[] = [];
  const fold = (s: SqlStatement) => applyOne(catalog, s);
  for (const statement of unit.statements) {
    const step = stepOf(catalog, statement, fold, statement.kind === 'DoStmt' ? flatten([statement]).slice(1) : []);
    if (step.ops.length > 0 || (step.children?.length ?? 0) > 0 || step.undecided) steps.push(step); // a statement that needs and does nothing never fails
  }
  catalog.rerun.push(steps);
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
    for (const statement of statements) applyStatement(catalog, statement);
    catalog.markExternal();
    catalog.rerunSetup = setupStep(catalog);
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
    // A trigger is guarded when the statement that made it survives the second run of the chain.
    const failing = new Set(secondRunOf(catalog).failures.map((f) => `${f.step.file}:${f.step.line}`));
    for (const trigger of catalog.triggers.values()) trigger.guarded = !failing.has(`${trigger.source.file}:${trigger.source.line}`);
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

/**
 * Loading a project: config → sources (found, ordered, read, hashed) → parsed
 * statements → model, one file at a time: each file is parsed, folded into
 * the model and handed to the caller's `visit` (the pipeline runs the file
 * rules there, the rules that need syntax trees) before the next, so with
 * `releaseSyntaxTrees` only one file's trees are held at once. Syntax errors
 * and unreadable text become `syntax-error` findings; every other file is
 * still analysed. The loader knows no rules. Never prints, never exits.
 */

import { statSync } from 'node:fs';
import path from 'node:path';
import { configFromText, loadConfig } from './config/load.js';
import { type Config, configSchema } from './config/schema.js';
import { supabaseShim } from './config/shim.js';
import { ModelBuilder, type ParsedUnit } from './model/build.js';
import type { Catalog } from './model/catalog.js';
import type { Model } from './model/types.js';
import type { Finding } from './report/findings.js';
import { expandGlobs, matchesAny } from './sources/glob.js';
import { orderMigrations } from './sources/order.js';
import { decodeSourceFile, type Placeholders, readSourceFile, type SourceFileData } from './sources/read.js';
import type { MigrationFormat } from './sources/formats.js';
import { type LockFile, parseLock } from './lock.js';
import { PgscribeError } from './errors.js';
import { initParser, type ParsedFile, parseFile, type SqlStatement } from './sql/parser.js';
import { bodyIssues, releaseSyntaxTrees } from './sql/plpgsql.js';
import { mergeAnswers, type ParseCache } from './sql/parse-cache.js';
import { ParsePrefetch, wantsWorker } from './sql/prefetch.js';
import { SourceText } from './sql/source.js';
import { type Answers, emptyAnswers, ParseSession } from './sql/wasm.js';

export interface LoadedFile {
  data: SourceFileData;
  parsed: ParsedFile;
  role: 'migration' | 'seed';
}

export interface Project {
  root: string;
  config: Config;
  configFile?: string;
  migrations: LoadedFile[];
  seeds: LoadedFile[];
  model: Model;
  catalog: Catalog;
  /** What the `visit` of LoadOptions found in each file as it was loaded (the file rules' findings, see pipeline.ts). */
  fileRuleFindings: Finding[];
  /** For a project loaded from memory: its migration lock (a project on disk reads its lock file when linted). */
  lock?: LockFile;
}

/** Where a project's files come from: the disk under the root, or memory. */
interface FileSource {
  config(configPath?: string): { config: Config; file?: string };
  glob(globs: string[]): string[];
  size(file: string): number;
  read(file: string, placeholders: Placeholders, format: MigrationFormat): SourceFileData;
  lock(lockFile: string): LockFile | undefined;
}

function diskSource(root: string): FileSource {
  return {
    config: (configPath) => loadConfig(root, configPath),
    glob: (globs) => expandGlobs(root, globs),
    size: (file) => sizeOf(root, file),
    read: (file, placeholders, format) => readSourceFile(root, file, placeholders, format),
    lock: () => undefined,
  };
}

function memorySource(files: Record<string, string>): FileSource {
  const paths = Object.keys(files).sort();
  return {
    config: (configPath) => {
      const file = configPath ?? 'pgscribe.config.json';
      return file in files ? { config: configFromText(files[file], file), file } : { config: configSchema.parse({}) };
    },
    glob: (globs) => paths.filter((f) => matchesAny(f, globs)),
    size: (file) => Buffer.byteLength(files[file] ?? ''),
    read: (file, placeholders, format) => decodeSourceFile(file, Buffer.from(files[file] ?? '', 'utf8'), placeholders, format),
    lock: (lockFile) => (lockFile in files ? parseLock(files[lockFile], lockFile) : { entries: [], exists: false }),
  };
}

/** What a file visitor sees besides the file: the catalog as that file left it, and the config. */
export interface FileVisitContext {
  catalog: Catalog;
  config: Config;
  /** For a seed: whether it is dev/test-only. */
  devSeed: boolean;
}

/** Called with each file while its syntax trees are there; returns findings about it. */
export type FileVisitor = (file: LoadedFile, context: FileVisitContext) => Finding[];

export interface LoadOptions {
  root?: string;
  config?: string;
  /**
   * Let go of each file's syntax trees once the model and the file rules have
   * read it: memory stays bounded by the largest file rather than the whole
   * project. Replaying (verify, db) needs them, so the default keeps them.
   */
  releaseSyntaxTrees?: boolean;
  /**
   * Parse ahead in a worker thread (see sql/prefetch.ts): true or false, or
   * by default when the project has enough SQL and the machine a second core
   * (`PGSCRIBE_PARSE_WORKER=0|1` overrides the default). Results are the same.
   */
  parseWorker?: boolean;
  /**
   * The project's files in memory (root-relative path → text): migrations,
   * seeds, the config and the lock, read from here instead of the disk
   * (`root` then only names the project). For tests and tools that hold the
   * files; nothing is read from or written to the disk.
   */
  files?: Record<string, string>;
  /** Checks the config before any file is read (the pipeline checks rule ids); throws to stop. */
  checkConfig?: (config: Config, configFile: string) => void;
  /** Called with each file as it is loaded (see FileVisitor). */
  visit?: FileVisitor;
  /** The parser state of this load (a fresh one by default; tests pass one that records the parser's calls). */
  parseSession?: ParseSession;
  /**
   * The parser's answers per file text from earlier runs (sql/parse-cache.ts):
   * an unchanged file is read without parsing it again, a changed one is
   * parsed and its answers kept. Results are the same with or without.
   */
  parseCache?: ParseCache;
}

function parseLoaded(data: SourceFileData, role: LoadedFile['role'], session: ParseSession): LoadedFile {
  const file = data.file;
  const source = new SourceText(file, data.text);
  if (data.problem) {
    const position = { offset: 0, line: data.problem.line, column: data.problem.column ?? 1 };
    return { data, role, parsed: { source, statements: [], comments: [], syntaxErrors: [{ file, message: data.problem.message, position }] } };
  }
  const parsed = parseFile(source, session);
  const bodyErrors = bodyIssues(parsed.statements);
  if (bodyErrors.length > 0) parsed.bodyErrors = bodyErrors;
  return { data, role, parsed };
}

function unit(f: LoadedFile): ParsedUnit {
  return {
    file: f.data.file,
    hash: f.data.hash,
    statements: f.parsed.statements,
    syntaxErrors: f.parsed.syntaxErrors.length,
    comments: f.parsed.comments.map((c) => c.text),
  };
}

/** The SQL a replay runs before the first migration (the Supabase shim, `replay.setup`), parsed: what it makes is external to the model. */
function setupStatements(config: Config, session: ParseSession): SqlStatement[] {
  const parts: Array<[string, string]> = [];
  if (config.replay.shim === 'supabase') parts.push(['(supabase shim)', supabaseShim]);
  if (config.replay.setup) parts.push(['(replay.setup)', config.replay.setup]);
  return parts.flatMap(([name, text]) => parseFile(new SourceText(name, text), session).statements);
}

/** A model builder for the project, with the replay's set-up SQL already folded in as external (the parser must be initialised). */
function modelBuilderFor(config: Config, session: ParseSession): ModelBuilder {
  const builder = new ModelBuilder({
    searchPath: config.replay.searchPath ?? ['public'],
    externalSchemas: config.externalSchemas,
    environmentSetting: config.environmentSetting,
    isDevSeed: (file) => matchesAny(file, config.devSeeds),
  });
  const setup = setupStatements(config, session);
  if (setup.length > 0) builder.addExternal(setup);
  return builder;
}

/**
 * The model of some of the project's migration statements (in order), as the
 * loader folds them: what a replay's first pass left in the database when
 * some files failed (replay/verify.ts). Needs the syntax trees.
 */
export function modelOfStatements(project: Pick<Project, 'config'>, migrations: Array<{ file: LoadedFile; statements: SqlStatement[] }>): Model {
  const builder = modelBuilderFor(project.config, new ParseSession());
  for (const { file, statements } of migrations) builder.addMigration({ ...unit(file), statements });
  return builder.finish().model;
}

/** Whether a loaded seed is dev/test-only (the `devSeeds` globs, as the model classes it). */
export function isDevSeed(project: Pick<Project, 'config'>, file: LoadedFile): boolean {
  return matchesAny(file.data.file, project.config.devSeeds);
}

function sizeOf(root: string, file: string): number {
  try {
    return statSync(path.join(root, file)).size;
  } catch {
    return 0; // reading it will say what is wrong
  }
}

/**
 * Reads, parses and takes each file in order. A file whose text the parse
 * cache knows is read from its answers; the rest are parsed, with a parse
 * worker when there is enough of them (started before anything is read when
 * there is no cache, so it is ready sooner): the worker's answers for a file
 * are in place while it is parsed (sql/prefetch.ts). Each parsed file's
 * answers (and any call a cached one lacked) go into the cache.
 */
async function loadInOrder(
  source: FileSource,
  config: Config,
  queue: Array<{ file: string; role: LoadedFile['role'] }>,
  parseWorker: boolean | undefined,
  session: ParseSession,
  cache: ParseCache | undefined,
  take: (data: SourceFileData, role: LoadedFile['role']) => LoadedFile,
): Promise<LoadedFile[]> {
  const sizes = queue.map(({ file }) => source.size(file));
  let prefetch = cache ? undefined : startPrefetch(sizes, parseWorker);
  const loaded: LoadedFile[] = [];
  try {
    const data = queue.map(({ file, role }) => source.read(file, { values: config.variables, syntax: config.placeholders }, role === 'migration' ? config.format : 'plain'));
    // The worker parses the files the cache does not know, in their order; a known one is read when its turn comes.
    const known = data.map((d) => Boolean(cache && !d.problem && cache.has(d.text)));
    const misses = data.map((_, i) => i).filter((i) => !known[i]);
    const workerIndex = new Map(misses.map((i, n) => [i, n]));
    if (cache && misses.length > 0) prefetch = startPrefetch(misses.map((i) => sizes[i]), parseWorker);
    prefetch?.send(misses.map((i) => ({ file: data[i].file, text: data[i].problem ? '' : data[i].text })));
    await initParser();
    for (const [i, { role }] of queue.entries()) {
      const n = workerIndex.get(i);
      const cached = known[i] ? cache?.get(data[i].text) : undefined;
      const installed = cached ?? (n === undefined ? undefined : await prefetch?.answersFor(n));
      const recorded = cache && !data[i].problem ? emptyAnswers() : undefined;
      session.useAnswers(installed);
      if (recorded) session.recordInto(recorded);
      try {
        loaded.push(take(data[i], role));
      } finally {
        session.useAnswers(undefined);
        if (recorded) session.recordInto(undefined);
      }
      if (cache && recorded && (cached === undefined || hasAnswers(recorded))) cache.set(data[i].text, mergeAnswers(installed, recorded));
    }
  } finally {
    await prefetch?.close();
    cache?.flush();
  }
  return loaded;
}

function startPrefetch(sizes: number[], parseWorker: boolean | undefined): ParsePrefetch | undefined {
  return wantsWorker(sizes.reduce((sum, n) => sum + n, 0), parseWorker) ? ParsePrefetch.spawn(sizes) : undefined;
}

const hasAnswers = (answers: Answers): boolean => answers.sql.size > 0 || answers.plpgsql.size > 0 || answers.scan.size > 0 || (answers.derived?.size ?? 0) > 0;

/** Throws unless `root` is an existing directory: a typo in --root must not make a run green. */
export function assertProjectRoot(root: string, given = root): void {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new PgscribeError('usage', `project root ${given} does not exist (expected the directory that holds the migrations; see --root)`);
  }
  if (!stat.isDirectory()) throw new PgscribeError('usage', `project root ${given} is not a directory (expected the directory that holds the migrations; see --root)`);
}

export async function loadProject(options: LoadOptions = {}): Promise<Project> {
  const root = path.resolve(options.root ?? '.');
  if (!options.files) assertProjectRoot(root, options.root ?? '.');
  const source = options.files ? memorySource(options.files) : diskSource(root);
  const { config, file: configFile } = source.config(options.config);
  options.checkConfig?.(config, configFile ?? 'pgscribe.config.json');
  const found = source.glob(config.migrations);
  if (found.length === 0) {
    throw new PgscribeError('usage', `no migrations found: looked for ${config.migrations.join(', ')} under ${options.root ?? '.'} (set "migrations" in ${configFile ?? 'pgscribe.config.json'}, or run pgscribe init)`);
  }
  const migrationFiles = orderMigrations(found, config.order, configFile);
  const migrationSet = new Set(migrationFiles);
  const seedFiles = source.glob(config.seeds).filter((f) => !migrationSet.has(f));
  const session = options.parseSession ?? new ParseSession();
  if (config.replay.setup || config.replay.shim === 'supabase') await initParser();
  const builder = modelBuilderFor(config, session);
  const fileRuleFindings: Finding[] = [];
  const take = (file: LoadedFile): LoadedFile => {
    let devSeed = false;
    if (file.role === 'migration') builder.addMigration(unit(file));
    else devSeed = builder.addSeed(unit(file)).class === 'dev';
    if (options.visit) fileRuleFindings.push(...options.visit(file, { catalog: builder.catalog, config, devSeed }));
    if (options.releaseSyntaxTrees) releaseSyntaxTrees(file.parsed);
    return file;
  };
  const queue = [...migrationFiles.map((file) => ({ file, role: 'migration' as const })), ...seedFiles.map((file) => ({ file, role: 'seed' as const }))];
  const loaded = await loadInOrder(source, config, queue, options.files ? false : options.parseWorker, session, options.parseCache, (data, role) => take(parseLoaded(data, role, session)));
  const migrations = loaded.filter((f) => f.role === 'migration');
  const seeds = loaded.filter((f) => f.role === 'seed');
  const { model, catalog } = builder.finish();
  const project: Project = { root, config, configFile, migrations, seeds, model, catalog, fileRuleFindings };
  const lock = source.lock(config.lockFile);
  if (lock) project.lock = lock;
  return project;
}

/**
 * `pgscribe verify`: replay the project on Postgres and prove it. Steps:
 * set-up (shim, setup SQL, extensions; what they make is external) → every
 * migration in order → the catalog compared with the static model of what
 * took effect → every migration again (savepoints, so every non-re-runnable
 * statement is reported) → the catalog compared with the first pass's (a
 * re-run that changes the schema) → system seeds twice → each dev seed under
 * a disallowed environment (it must raise) and then twice under an allowed
 * one. Findings use the `replay-*` rules.
 */

import { isDevSeed, type LoadedFile, type Project } from '../project.js';
import type { Finding } from '../report/findings.js';
import type { Model } from '../model/types.js';
import { modelOfStatements } from '../project.js';
import type { SqlStatement } from '../sql/parser.js';
import { readCatalogState } from './catalog-state.js';
import { compareCatalog } from './compare.js';
import { rerunChanges } from './rerun.js';
import { appeared, modelKeys, runtimeSqlStatements, subset } from './dynamic.js';
import { refusal, replayFinding } from './findings.js';
import { PgscribeError } from '../errors.js';
import { openPglite, openPostgresScratch, pgliteHas, type ReplayDatabase, type ScratchDatabase, toDbError } from './database.js';
import { persistedStatements, runFile, type StatementFailure } from './runner.js';
import { supabaseShim, supabaseShimExtensions } from '../config/shim.js';

export interface VerifyOptions {
  databaseUrl?: string;
  /** Called with progress lines (file n of N); the CLI prints them on a terminal. */
  progress?: (line: string) => void;
}

export interface VerifyResult {
  findings: Finding[];
  engine: 'pglite' | 'postgres';
  /**
   * Migrations that ran without error on the first pass; those with syntax
   * errors are `notRun`; `leftOut` names the files the model cross-check left
   * out (not run), or read only in part (failed: what their failure rolled back).
   */
  migrations: { applied: number; total: number; rerunFailures: number; notRun: number; leftOut: string[] };
  millis: number;
  /** With a real server: scratch databases that killed runs on this host left, dropped before this run. */
  abandonedScratchDropped: string[];
  /** Statements that ran SQL built at run time, with how many objects it made that the model cannot know (left out of the cross-check). */
  runtimeSql: RuntimeNote[];
}

export interface RuntimeNote {
  file: string;
  line: number;
  objects: number;
}

function failureFinding(rule: string, failure: StatementFailure, engine: ReplayDatabase['kind']): Finding {
  const { statement, error } = failure;
  let position = statement.start;
  if (error.position !== undefined) position = statement.scope.source.positionAt(statement.start.offset + error.position - 1);
  const missingExtension = /extension "([^"]+)" is not available|could not open extension control file/.exec(error.message);
  const message =
    missingExtension && engine === 'pglite'
      ? { messageId: 'extensionUnavailable', helpId: 'extensionUnavailable', data: { extension: missingExtension[1] ?? '?' } }
      : refusal(error);
  return { ...replayFinding(rule, statement.file, position.line, position.column, message), endLine: statement.end.line, endColumn: statement.end.column };
}

async function setUp(db: ReplayDatabase, project: Project): Promise<void> {
  const { replay } = project.config;
  const step = async (what: string, sql: string) => {
    try {
      await db.exec(sql);
    } catch (error) {
      throw new PgscribeError('config', `replay ${what} failed: ${toDbError(error).message} (roles are shared by the whole server: create them only if missing)`, { file: project.configFile ?? 'pgscribe.config.json' });
    }
  };
  if (replay.shim === 'supabase') await step('shim', supabaseShim);
  if (replay.setup) await step('setup', replay.setup);
  for (const extension of replay.extensions) await step(`extension ${extension}`, `CREATE EXTENSION IF NOT EXISTS "${extension.replace(/"/g, '""')}"`);
}

async function resetSession(db: ReplayDatabase, project: Project): Promise<void> {
  const path = project.config.replay.searchPath;
  await db.exec(path ? `SET search_path TO ${path.map((s) => `"${s.replace(/"/g, '""')}"`).join(', ')}` : 'RESET search_path');
}

function disallowedEnvironment(allowed: string[]): string {
  return allowed.includes('production') ? 'pgscribe_disallowed' : 'production';
}

/** Runs each file; its findings, and the first statement that failed in each file that failed. */
async function runEach(
  db: ReplayDatabase,
  project: Project,
  files: LoadedFile[],
  keepGoing: boolean | ((file: LoadedFile) => boolean),
  rule: string,
  label: string,
  progress?: (line: string) => void,
  around?: (file: LoadedFile, run: () => Promise<void>) => Promise<void>,
): Promise<{ findings: Finding[]; failedAt: Map<LoadedFile, SqlStatement> }> {
  const findings: Finding[] = [];
  const failedAt = new Map<LoadedFile, SqlStatement>();
  for (const [i, file] of files.entries()) {
    progress?.(`${label}: ${i + 1}/${files.length} ${file.data.file}`);
    if (file.parsed.syntaxErrors.length > 0) continue; // already a syntax-error finding
    await resetSession(db, project);
    let failures: StatementFailure[] = [];
    const run = async () => {
      failures = await runFile(db, file, { keepGoing: typeof keepGoing === 'function' ? keepGoing(file) : keepGoing });
    };
    await (around ? around(file, run) : run());
    if (failures.length > 0) failedAt.set(file, failures[0].statement);
    for (const failure of failures) findings.push(failureFinding(rule, failure, db.kind));
  }
  return { findings, failedAt };
}

/**
 * The model of what the first pass left in the database: every migration that
 * applied, and of one that failed the statements whose effects stayed (none
 * of a file that did not parse). With no failure, the project's own model.
 */
function firstPassModel(project: Project, failedAt: Map<LoadedFile, SqlStatement>): { model: Model; leftOut: string[] } {
  const notRun = project.migrations.filter((m) => m.parsed.syntaxErrors.length > 0);
  if (failedAt.size === 0 && notRun.length === 0) return { model: project.model, leftOut: [] };
  const leftOut = project.migrations.filter((m) => failedAt.has(m) || notRun.includes(m)).map((m) => m.data.file);
  const applied = project.migrations.filter((m) => !notRun.includes(m)).map((file) => ({ file, statements: persistedStatements(file, failedAt.get(file)) }));
  return { model: modelOfStatements(project, applied), leftOut };
}

async function setEnvironment(db: ReplayDatabase, setting: string, value: string): Promise<void> {
  await db.query('SELECT set_config($1, $2, false)', [setting, value]);
}

export async function verify(project: Project, options: VerifyOptions = {}): Promise<VerifyResult> {
  const started = Date.now();
  const shimExtensions = project.config.replay.shim === 'supabase' ? supabaseShimExtensions : [];
  const extensions = [...new Set([...project.model.extensions.map((e) => e.name), ...project.config.replay.extensions, ...shimExtensions])].filter((e) => options.databaseUrl || pgliteHas(e));
  const db = options.databaseUrl ? await openPostgresScratch(options.databaseUrl) : await openPglite(extensions);
  const findings: Finding[] = [];
  const progress = options.progress;
  let leftOut: string[] = [];
  const runtimeNotes: RuntimeNote[] = [];
  try {
    await setUp(db, project);
    const external = await readCatalogState(db);
    // Around each migration that may run SQL built at run time: what appears there and the model lacks is that SQL's.
    const runtime = runtimeSqlStatements(project.migrations);
    const madeAtRunTime = new Map<LoadedFile, Set<string>>();
    const watch = async (file: LoadedFile, run: () => Promise<void>) => {
      if (!runtime.has(file)) return run();
      const before = await readCatalogState(db);
      await run();
      madeAtRunTime.set(file, appeared(before, await readCatalogState(db)));
    };
    const first = await runEach(db, project, project.migrations, false, 'replay-apply', 'apply', progress, watch);
    findings.push(...first.findings);
    // Right after the first pass a difference means the model is wrong (the re-run has not touched anything yet).
    const afterFirst = await readCatalogState(db);
    const compared = firstPassModel(project, first.failedAt);
    leftOut = compared.leftOut;
    const runtimeKeys = new Set([...madeAtRunTime.values()].flatMap((keys) => [...keys]));
    const mismatches = compareCatalog(afterFirst, compared.model, project.config, { external, runtime: subset(afterFirst, runtimeKeys) });
    findings.push(...mismatches);
    const known = modelKeys(compared.model);
    for (const [file, keys] of madeAtRunTime) {
      const unmodelled = [...keys].filter((k) => !known.has(k));
      const at = runtime.get(file);
      if (unmodelled.length > 0 && at) runtimeNotes.push({ file: at.file, line: at.start.line, objects: unmodelled.length });
    }
    const failedFiles = new Set(first.findings.map((f) => f.file));
    // A file that failed the first time runs as it did then (stopping at its failure, rolled back), so its statements' savepoints leave nothing the first pass did not.
    const second = await runEach(db, project, project.migrations, (file) => !first.failedAt.has(file), 'replay-rerun', 'apply again', progress);
    // A file that failed the first time fails again for the same reason: report it once.
    findings.push(...second.findings.filter((f) => !failedFiles.has(f.file)));
    findings.push(...rerunChanges(afterFirst, await readCatalogState(db), compared.model));
    const system = project.seeds.filter((s) => !isDevSeed(project, s));
    const dev = project.seeds.filter((s) => isDevSeed(project, s));
    findings.push(...(await runEach(db, project, system, false, 'replay-seed', 'system seeds', progress)).findings);
    findings.push(...(await runEach(db, project, system, false, 'replay-seed-rerun', 'system seeds again', progress)).findings);
    const { environmentSetting, allowedEnvironments } = project.config;
    for (const file of dev) {
      if (file.parsed.syntaxErrors.length > 0) continue;
      const denied = disallowedEnvironment(allowedEnvironments);
      await setEnvironment(db, environmentSetting, denied);
      await resetSession(db, project);
      progress?.(`dev seed under ${environmentSetting}=${denied}: ${file.data.file}`);
      const refused = await runFile(db, file, { keepGoing: false, rollback: true });
      if (refused.length === 0) {
        findings.push(replayFinding('replay-dev-guard', file.data.file, 1, 1, { messageId: 'ranToTheEnd', data: { setting: environmentSetting, environment: denied } }));
      }
      await setEnvironment(db, environmentSetting, allowedEnvironments[0]);
      for (const [pass, rule] of [[1, 'replay-seed'], [2, 'replay-seed-rerun']] as const) {
        progress?.(`dev seed under ${environmentSetting}=${allowedEnvironments[0]} (run ${pass}): ${file.data.file}`);
        await resetSession(db, project);
        for (const failure of await runFile(db, file, { keepGoing: false })) findings.push(failureFinding(rule, failure, db.kind));
      }
    }
  } finally {
    await db.close();
  }
  const rerunFailures = findings.filter((f) => f.rule === 'replay-rerun').length;
  const failed = new Set(findings.filter((f) => f.rule === 'replay-apply').map((f) => f.file));
  const notRun = project.migrations.filter((m) => m.parsed.syntaxErrors.length > 0).length;
  return {
    findings,
    engine: db.kind,
    migrations: { applied: project.migrations.length - failed.size - notRun, total: project.migrations.length, rerunFailures, notRun, leftOut },
    millis: Date.now() - started,
    abandonedScratchDropped: 'abandonedDropped' in db ? (db as ScratchDatabase).abandonedDropped : [],
    runtimeSql: runtimeNotes,
  };
}


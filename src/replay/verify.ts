/**
 * `pgscribe verify`: replay the project on Postgres and prove it. Steps:
 * set-up (shim, setup SQL, extensions) → every migration in order → every
 * migration again (savepoints, so every non-re-runnable statement is
 * reported) → system seeds twice → each dev seed under a disallowed
 * environment (it must raise) and then twice under an allowed one → the
 * catalog compared with the static model. Findings use the `replay-*` rules.
 */

import { isDevSeed, type LoadedFile, type Project } from '../project.js';
import type { Finding } from '../report/findings.js';
import { compareCatalog } from './compare.js';
import { refusal, replayFinding } from './findings.js';
import { PgscribeError } from '../errors.js';
import { openPglite, openPostgresScratch, pgliteHas, type ReplayDatabase, type ScratchDatabase, toDbError } from './database.js';
import { runFile, type StatementFailure } from './runner.js';
import { supabaseShim, supabaseShimExtensions } from './shim.js';

export interface VerifyOptions {
  databaseUrl?: string;
  /** Called with progress lines (file n of N); the CLI prints them on a terminal. */
  progress?: (line: string) => void;
}

export interface VerifyResult {
  findings: Finding[];
  engine: 'pglite' | 'postgres';
  /** Migrations that ran without error on the first pass; those with syntax errors are `notRun`. */
  migrations: { applied: number; total: number; rerunFailures: number; notRun: number };
  millis: number;
  /** With a real server: scratch databases that killed runs on this host left, dropped before this run. */
  abandonedScratchDropped: string[];
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

async function runEach(db: ReplayDatabase, project: Project, files: LoadedFile[], keepGoing: boolean, rule: string, label: string, progress?: (line: string) => void): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [i, file] of files.entries()) {
    progress?.(`${label}: ${i + 1}/${files.length} ${file.data.file}`);
    if (file.parsed.syntaxErrors.length > 0) continue; // already a syntax-error finding
    await resetSession(db, project);
    for (const failure of await runFile(db, file, { keepGoing })) findings.push(failureFinding(rule, failure, db.kind));
  }
  return findings;
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
  try {
    await setUp(db, project);
    const first = await runEach(db, project, project.migrations, false, 'replay-apply', 'apply', progress);
    findings.push(...first);
    const failedFiles = new Set(first.map((f) => f.file));
    const second = await runEach(db, project, project.migrations, true, 'replay-rerun', 'apply again', progress);
    // A file that failed the first time fails again for the same reason: report it once.
    findings.push(...second.filter((f) => !failedFiles.has(f.file)));
    const system = project.seeds.filter((s) => !isDevSeed(project, s));
    const dev = project.seeds.filter((s) => isDevSeed(project, s));
    findings.push(...(await runEach(db, project, system, false, 'replay-seed', 'system seeds', progress)));
    findings.push(...(await runEach(db, project, system, false, 'replay-seed-rerun', 'system seeds again', progress)));
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
    if (!findings.some((f) => f.rule === 'replay-apply')) findings.push(...(await compareCatalog(db, project)));
  } finally {
    await db.close();
  }
  const rerunFailures = findings.filter((f) => f.rule === 'replay-rerun').length;
  const failed = new Set(findings.filter((f) => f.rule === 'replay-apply').map((f) => f.file));
  const notRun = project.migrations.filter((m) => m.parsed.syntaxErrors.length > 0).length;
  return {
    findings,
    engine: db.kind,
    migrations: { applied: project.migrations.length - failed.size - notRun, total: project.migrations.length, rerunFailures, notRun },
    millis: Date.now() - started,
    abandonedScratchDropped: 'abandonedDropped' in db ? (db as ScratchDatabase).abandonedDropped : [],
  };
}


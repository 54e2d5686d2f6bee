/**
 * `pgscribe db migrate` and `pgscribe db seed` (`npm run db:run-migrations`,
 * `npm run db:run-seeds`): apply to DATABASE_URL, or to a persistent embedded
 * database under `.pgscribe/` when none is set. Applied migrations are
 * recorded with their hashes in `pgscribe.schema_migrations`; applied ones are
 * skipped, and an applied migration whose file changed stops everything
 * before anything runs.
 */

import { isProcessRunning } from '../processes.js';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDevSeed, type LoadedFile, type Project } from '../project.js';
import type { Finding } from '../report/findings.js';
import { openPglite, openPostgres, pgliteHas, type ReplayDatabase } from './database.js';
import { PgscribeError } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { runFile } from './runner.js';
import { refusal, replayFinding } from './findings.js';

export interface ApplyOptions {
  databaseUrl?: string;
  /** How long to wait for another run's lock on the database, in seconds (default 60). */
  lockTimeout?: number;
  /** For `db seed`: also run dev seeds with the environment setting set to this. */
  environment?: string;
  log?: (line: string) => void;
}

export interface ApplyResult {
  applied: string[];
  skipped: string[];
  findings: Finding[];
  target: string;
}

const history = `CREATE SCHEMA IF NOT EXISTS pgscribe;
CREATE TABLE IF NOT EXISTS pgscribe.schema_migrations (
  file text PRIMARY KEY,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`;

/**
 * The embedded database is one directory that one process at a time may
 * open: a lock file next to it (holding the pid) keeps a second run waiting,
 * as the advisory lock does on a server. A lock whose process is gone is
 * taken over. Returns the function that releases it.
 */
async function lockEmbedded(dir: string, timeoutSeconds: number, log?: (line: string) => void): Promise<() => void> {
  const file = `${dir}.lock`;
  let told = false;
  /** Takes the lock, or undefined while a live run holds it (a stale or just-released lock is cleared and tried again at once). */
  const attempt = (): (() => void) | undefined => {
    for (;;) {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx' });
        const release = () => rmSync(file, { force: true });
        const unregister = onInterrupt(() => {
          release();
          return undefined;
        });
        return () => {
          unregister();
          release();
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let holder = 0;
      let age = 0;
      try {
        holder = Number(readFileSync(file, 'utf8').trim());
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      const written = Number.isInteger(holder) && holder > 0;
      // No pid yet: the other run is writing it (give it a moment); a pid that is gone: a run that was killed.
      if ((written && !isProcessRunning(holder)) || (!written && age > 5000)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!told && written) {
        log?.(`waiting for another run (pid ${holder}) to finish with the embedded database`);
        told = true;
      }
      return undefined;
    }
  };
  return untilTimeout(timeoutSeconds, 100, attempt, () => {
    let holder = '?';
    try {
      holder = readFileSync(file, 'utf8').trim() || '?';
    } catch {
      // released just now
    }
    return new PgscribeError('io', `another run (pid ${holder}) holds the embedded database ${path.basename(path.dirname(dir))}/${path.basename(dir)}; waited ${timeoutSeconds} s. Run again when it has finished, or raise --lock-timeout`);
  });
}

/**
 * Calls `attempt` until it gives a value, every `intervalMs`, for at most
 * `timeoutSeconds`; then throws what `timedOut` makes. The one wait of both
 * run locks (the embedded database's lock file, the server's advisory lock).
 */
async function untilTimeout<T>(timeoutSeconds: number, intervalMs: number, attempt: () => T | undefined | Promise<T | undefined>, timedOut: () => Error): Promise<T> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw timedOut();
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(10, deadline - Date.now()))));
  }
}

async function open(project: Project, options: ApplyOptions): Promise<{ db: ReplayDatabase; target: string }> {
  if (options.databaseUrl) return { db: await openPostgres(options.databaseUrl), target: 'DATABASE_URL' };
  const dir = path.join(project.root, '.pgscribe', 'db');
  mkdirSync(path.dirname(dir), { recursive: true });
  const release = await lockEmbedded(dir, options.lockTimeout ?? 60, options.log);
  const extensions = project.model.extensions.map((e) => e.name).filter(pgliteHas);
  try {
    const db = await openPglite(extensions, dir);
    return {
      db: {
        ...db,
        close: async () => {
          try {
            await db.close();
          } finally {
            release();
          }
        },
      },
      target: path.relative(project.root, dir),
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The advisory lock key every `db migrate` / `db seed` takes on a server: "pgscribe" in ASCII. */
export const migrationLockKey = 0x7067736372696265n;

/**
 * Takes the session-level advisory lock on a real server for the whole run
 * (as Flyway, golang-migrate and graphile-migrate do), so two runs at once
 * apply each migration once: the second waits, then finds them recorded. After
 * `timeoutSeconds` it says that another run holds the lock. The lock goes
 * with the connection when the run ends.
 */
async function takeMigrationLock(db: ReplayDatabase, target: string, timeoutSeconds: number, log?: (line: string) => void): Promise<void> {
  if (db.kind !== 'postgres') return;
  let told = false;
  await untilTimeout(
    timeoutSeconds,
    250,
    async () => {
      const [row] = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [migrationLockKey.toString()]);
      if (row?.locked) return true;
      if (!told) log?.(`waiting for another run's lock on ${target} (up to ${timeoutSeconds} s)`);
      told = true;
      return undefined;
    },
    () => new PgscribeError('io', `another run holds pgscribe's lock on ${target} (advisory lock ${migrationLockKey}); waited ${timeoutSeconds} s. Run again when it has finished, or raise --lock-timeout`),
  );
}

function failure(rule: string, file: LoadedFile, f: { statement: { start: { line: number; column: number } }; error: { message: string; code?: string } }): Finding {
  return replayFinding(rule, file.data.file, f.statement.start.line, f.statement.start.column, refusal({ message: f.error.message, code: f.error.code }));
}

export async function migrate(project: Project, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { db, target } = await open(project, options);
  const result: ApplyResult = { applied: [], skipped: [], findings: [], target };
  try {
    await takeMigrationLock(db, target, options.lockTimeout ?? 60, options.log);
    await db.exec(history);
    const rows = await db.query<{ file: string; sha256: string }>('SELECT file, sha256 FROM pgscribe.schema_migrations');
    const recorded = new Map(rows.map((r) => [r.file, r.sha256]));
    for (const file of project.migrations) {
      const hash = recorded.get(file.data.file);
      if (hash !== undefined && hash !== file.data.hash) {
        result.findings.push(
          replayFinding('migration-edited', file.data.file, 1, 1, { messageId: 'appliedWithOtherContent', helpId: 'appliedWithOtherContent', data: { file: file.data.file, target, hash: hash.slice(0, 12) } }),
        );
      }
    }
    if (result.findings.length > 0) return result;
    for (const file of project.migrations) {
      if (recorded.has(file.data.file)) {
        result.skipped.push(file.data.file);
        continue;
      }
      options.log?.(`applying ${file.data.file}`);
      const failures = await runFile(db, file, { keepGoing: false });
      if (failures.length > 0) {
        result.findings.push(failure('replay-apply', file, failures[0]));
        return result;
      }
      await db.query('INSERT INTO pgscribe.schema_migrations (file, sha256) VALUES ($1, $2)', [file.data.file, file.data.hash]);
      result.applied.push(file.data.file);
    }
    return result;
  } finally {
    await db.close();
  }
}

export async function seed(project: Project, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { db, target } = await open(project, options);
  const result: ApplyResult = { applied: [], skipped: [], findings: [], target };
  try {
    await takeMigrationLock(db, target, options.lockTimeout ?? 60, options.log);
    if (options.environment) await db.query('SELECT set_config($1, $2, false)', [project.config.environmentSetting, options.environment]);
    for (const file of project.seeds) {
      if (isDevSeed(project, file) && !options.environment) {
        result.skipped.push(file.data.file);
        continue;
      }
      options.log?.(`seeding ${file.data.file}`);
      const failures = await runFile(db, file, { keepGoing: false });
      if (failures.length > 0) {
        result.findings.push(failure('replay-seed', file, failures[0]));
        return result;
      }
      result.applied.push(file.data.file);
    }
    return result;
  } finally {
    await db.close();
  }
}

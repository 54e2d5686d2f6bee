/**
 * `pgscribe db migrate` and `pgscribe db seed` (`npm run db:run-migrations`,
 * `npm run db:run-seeds`): apply to DATABASE_URL, or to a persistent embedded
 * database under `.pgscribe/` when none is set. Applied migrations are
 * recorded with their hashes in `pgscribe.schema_migrations`; applied ones are
 * skipped, and an applied migration whose file changed stops everything
 * before anything runs.
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isDevSeed, type LoadedFile, type Project } from '../project.js';
import type { Finding } from '../report/findings.js';
import { openPglite, openPostgres, pgliteHas, type ReplayDatabase } from './database.js';
import { runFile } from './runner.js';
import { replayFinding } from './findings.js';

export interface ApplyOptions {
  databaseUrl?: string;
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

async function open(project: Project, url: string | undefined): Promise<{ db: ReplayDatabase; target: string }> {
  if (url) return { db: await openPostgres(url), target: 'DATABASE_URL' };
  const dir = path.join(project.root, '.pgscribe', 'db');
  mkdirSync(path.dirname(dir), { recursive: true });
  const extensions = project.model.extensions.map((e) => e.name).filter(pgliteHas);
  return { db: await openPglite(extensions, dir), target: path.relative(project.root, dir) };
}

function failure(rule: string, file: LoadedFile, f: { statement: { start: { line: number; column: number } }; error: { message: string; code?: string } }): Finding {
  return replayFinding(rule, file.data.file, f.statement.start.line, f.statement.start.column, `${f.error.message}${f.error.code ? ` (SQLSTATE ${f.error.code})` : ''}`);
}

export async function migrate(project: Project, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { db, target } = await open(project, options.databaseUrl);
  const result: ApplyResult = { applied: [], skipped: [], findings: [], target };
  try {
    await db.exec(history);
    const rows = await db.query<{ file: string; sha256: string }>('SELECT file, sha256 FROM pgscribe.schema_migrations');
    const recorded = new Map(rows.map((r) => [r.file, r.sha256]));
    for (const file of project.migrations) {
      const hash = recorded.get(file.data.file);
      if (hash !== undefined && hash !== file.data.hash) {
        result.findings.push(replayFinding('migration-edited', file.data.file, 1, 1, `${file.data.file} was applied to ${target} with another content (sha256 ${hash.slice(0, 12)}…); refusing to continue`, 'Put the change in a new migration; an applied migration is never edited.'));
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
  const { db, target } = await open(project, options.databaseUrl);
  const result: ApplyResult = { applied: [], skipped: [], findings: [], target };
  try {
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

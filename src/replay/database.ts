/**
 * The databases replay runs on: embedded Postgres (PGlite, in process, with
 * the contrib extensions the migrations create) or a real server through
 * `pg`, in a scratch database that is created for the run and always dropped
 * (after a failure and on Ctrl-C too).
 */

import { randomBytes } from 'node:crypto';
import { PgscribeError } from '../errors.js';
import { importEngine } from './engine-import.js';

export interface DbError {
  message: string;
  code?: string;
  /** 1-based character position in the statement, when Postgres names one. */
  position?: number;
  hint?: string;
  detail?: string;
}

export interface ReplayDatabase {
  kind: 'pglite' | 'postgres';
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function toDbError(error: unknown): DbError {
  const e = error as { message?: string; code?: string; position?: string | number; hint?: string; detail?: string };
  const position = e.position === undefined ? undefined : Number(e.position);
  return { message: e.message ?? String(error), code: e.code, position: position && position > 0 ? position : undefined, hint: e.hint ?? undefined, detail: e.detail ?? undefined };
}

/** Contrib extensions PGlite ships, by extension name → module export. */
const pgliteContrib: Record<string, string> = {
  amcheck: 'amcheck', bloom: 'bloom', btree_gin: 'btree_gin', btree_gist: 'btree_gist', citext: 'citext', cube: 'cube',
  dict_int: 'dict_int', dict_xsyn: 'dict_xsyn', earthdistance: 'earthdistance', fuzzystrmatch: 'fuzzystrmatch', hstore: 'hstore',
  intarray: 'intarray', isn: 'isn', lo: 'lo', ltree: 'ltree', moddatetime: 'moddatetime', pg_buffercache: 'pg_buffercache',
  pg_trgm: 'pg_trgm', pgcrypto: 'pgcrypto', seg: 'seg', tablefunc: 'tablefunc', tcn: 'tcn', tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time', unaccent: 'unaccent', 'uuid-ossp': 'uuid_ossp', pg_stat_statements: 'pg_stat_statements',
};

export function pgliteHas(extension: string): boolean {
  return extension in pgliteContrib || extension === 'plpgsql';
}

export async function openPglite(extensions: string[], dataDir?: string): Promise<ReplayDatabase> {
  const { PGlite } = await importEngine<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
  const loaded: Record<string, unknown> = {};
  for (const name of extensions) {
    const module = pgliteContrib[name];
    if (!module || loaded[module]) continue;
    const imported = await importEngine<Record<string, unknown>>(`@electric-sql/pglite/contrib/${module}`);
    loaded[module] = imported[module];
  }
  const db = await PGlite.create(dataDir, { extensions: loaded as Record<string, never> });
  return {
    kind: 'pglite',
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: () => db.close(),
  };
}

/**
 * Connects to `url`, creates a scratch database, and returns a connection to
 * it whose `close()` drops it. The scratch name is random; existing databases
 * are never touched.
 */
export async function openPostgresScratch(url: string): Promise<ReplayDatabase> {
  const pg = (await importEngine<typeof import('pg')>('pg')).default;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    throw new PgscribeError('io', `cannot connect to --database-url (${toDbError(error).message})`);
  }
  const name = `pgscribe_verify_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: target.toString() });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void drop().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await client.connect();
  } catch (error) {
    await drop();
    throw new PgscribeError('io', `cannot connect to the scratch database (${toDbError(error).message})`);
  }
  return onClient(client, drop);
}

/** A plain connection to `url` (for `db migrate` / `db seed`): nothing is created or dropped. */
export async function openPostgres(url: string): Promise<ReplayDatabase> {
  const pg = (await importEngine<typeof import('pg')>('pg')).default;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new PgscribeError('io', `cannot connect to DATABASE_URL (${toDbError(error).message})`);
  }
  return onClient(client, () => client.end());
}

/** A connected `pg` client as a replay database; `close` ends (or drops) it. */
function onClient(client: import('pg').Client, close: () => Promise<void>): ReplayDatabase {
  return {
    kind: 'postgres',
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    close,
  };
}

/** The scratch database name pattern, for tests that check nothing is left behind. */
export const scratchPattern = /^pgscribe_verify_[0-9a-f]{12}$/;

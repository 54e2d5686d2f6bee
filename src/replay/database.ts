/**
 * The databases replay runs on: embedded Postgres (PGlite, in process, with
 * the contrib extensions the migrations create) or a real server through
 * `pg`, in a scratch database that is created for the run and always dropped
 * (after a failure and on Ctrl-C too).
 */

import { isProcessRunning } from '../processes.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { PgscribeError } from '../errors.js';
import { importEngine } from './engine-import.js';
import { onInterrupt } from '../interrupt.js';

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

/** The comment that marks a scratch database as pgscribe's: which host and process made it, and when. */
export const scratchMarker = 'pgscribe verify scratch database';

function scratchComment(): string {
  return `${scratchMarker}: host=${hostname()} pid=${process.pid} started=${new Date().toISOString()}`;
}

/**
 * Drops the scratch databases that runs on this host left behind when they
 * were killed (SIGKILL, a crash): only databases with a scratch name and
 * pgscribe's marker comment naming this host and a process that is gone.
 * Returns their names.
 */
async function dropAbandonedScratch(admin: import('pg').Client): Promise<string[]> {
  const rows = (
    await admin.query<{ name: string; comment: string | null }>(
      `SELECT d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment FROM pg_database d WHERE d.datname LIKE 'pgscribe\\_verify\\_%' ORDER BY 1`,
    )
  ).rows;
  const dropped: string[] = [];
  for (const { name, comment } of rows) {
    const mark = comment && comment.startsWith(`${scratchMarker}:`) ? /host=(\S+) pid=(\d+)/.exec(comment) : null;
    if (!scratchPattern.test(name) || !mark || mark[1] !== hostname() || isProcessRunning(Number(mark[2]))) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    dropped.push(name);
  }
  return dropped;
}

export interface ScratchDatabase extends ReplayDatabase {
  /** Scratch databases of killed runs that were dropped before this one was made. */
  abandonedDropped: string[];
}

/**
 * Connects to `url`, drops the scratch databases that killed runs on this
 * host left, creates a scratch database marked with a comment (host, pid,
 * start), and returns a connection to it whose `close()` drops it. An
 * interrupt (see interrupt.ts) drops it too. The scratch name is random;
 * existing databases are never touched.
 */
export async function openPostgresScratch(url: string): Promise<ScratchDatabase> {
  const pg = (await importEngine<typeof import('pg')>('pg')).default;
  const admin = quiet(new pg.Client({ connectionString: url }));
  try {
    await admin.connect();
  } catch (error) {
    throw new PgscribeError('io', `cannot connect to --database-url (${toDbError(error).message})`);
  }
  const name = `pgscribe_verify_${randomBytes(6).toString('hex')}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = quiet(new pg.Client({ connectionString: target.toString() }));
  let dropped = false;
  let connected = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    stopWatching();
    if (connected) await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  // Registered before the database exists: an interrupt while it is made still drops it (the admin client runs queries in order).
  const stopWatching = onInterrupt(async () => {
    await drop();
    return `scratch database ${name} dropped`;
  });
  let abandonedDropped: string[];
  try {
    abandonedDropped = await dropAbandonedScratch(admin);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`COMMENT ON DATABASE ${name} IS '${scratchComment().replace(/'/g, "''")}'`);
    await client.connect();
    connected = true;
  } catch (error) {
    await drop();
    throw new PgscribeError('io', `cannot prepare the scratch database (${toDbError(error).message})`);
  }
  return { ...onClient(client, drop), abandonedDropped };
}

/** A plain connection to `url` (for `db migrate` / `db seed`): nothing is created or dropped. */
export async function openPostgres(url: string): Promise<ReplayDatabase> {
  const pg = (await importEngine<typeof import('pg')>('pg')).default;
  const client = quiet(new pg.Client({ connectionString: url }));
  try {
    await client.connect();
  } catch (error) {
    throw new PgscribeError('io', `cannot connect to DATABASE_URL (${toDbError(error).message})`);
  }
  return onClient(client, () => client.end());
}

/**
 * A client whose connection errors reach the caller only through the query or
 * connect call they fail: without a listener, `pg` re-throws a dropped
 * connection (the scratch database dropped WITH (FORCE) on an interrupt while
 * `connect()` is in flight, a server restart) as an uncaught 'error' event
 * with a stack trace.
 */
function quiet(client: import('pg').Client): import('pg').Client {
  client.on('error', () => undefined);
  return client;
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

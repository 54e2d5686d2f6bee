/**
 * Issue 14.20b: verify --database-url interrupted. SIGINT or SIGTERM at any
 * point prints one line, exits 130/143 and drops the scratch database; a
 * killed run's marked scratch database is dropped by the next verify, and no
 * other database ever is. Runs on the real server that CI starts
 * (PGSCRIBE_TEST_DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { bin } from './helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;

async function admin<T>(fn: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Scratch databases whose marker names process `pid` on this host. */
const scratchOf = (pid: number) =>
  admin(async (c) => (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE $1`, [`pgscribe verify scratch database: host=${hostname()} pid=${pid} %`])).rows.map((r) => r.datname));

/** A project whose replay takes a few seconds on the server: 800 small migrations. */
function slowProject(): string {
  const files: Record<string, string> = { 'pgscribe.config.json': JSON.stringify({ exposedSchemas: [] }) };
  for (let i = 1; i <= 800; i++) files[`database/migrations/${String(i).padStart(4, '0')}_t.sql`] = `CREATE TABLE IF NOT EXISTS t${i} (id int PRIMARY KEY, a text);\nCREATE INDEX IF NOT EXISTS t${i}_a ON t${i} (a);\n`;
  return tempProject(files);
}

let root: string;

function verifyThenSignal(signal: NodeJS.Signals | undefined, delay: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, '--root', root, 'verify', '--database-url', serverUrl!], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = signal ? setTimeout(() => child.kill(signal), delay) : undefined;
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr, pid: child.pid! });
    });
  });
}

describe.skipIf(!serverUrl)('verify --database-url, interrupted', () => {
  beforeAll(() => {
    root = slowProject();
  });

  it.each([
    ['SIGINT', 150],
    ['SIGINT', 400],
    ['SIGTERM', 900],
    ['SIGINT', 1800],
    ['SIGTERM', 3000],
  ] as const)('%s after %i ms: one line, exit 130/143, no scratch database left', async (signal, delay) => {
    const run = await verifyThenSignal(signal, delay);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toMatch(/at .*\.c?js:\d+/);
    expect(run.code).not.toBe(0); // the replay takes longer than the delay
    if (run.signal === null) {
      expect(run.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(run.stderr.trim().split('\n').filter(Boolean)).toHaveLength(1);
      expect(run.stderr).toContain(`interrupted (${signal})`);
    }
    expect(await scratchOf(run.pid)).toEqual([]);
  }, 60_000);

  it('a connection the server ends while idle is not an uncaught error (the next query says so)', async () => {
    const { openPostgresScratch } = await import('../../src/replay/database.js');
    const scratch = await openPostgresScratch(serverUrl!);
    const [{ pid }] = await scratch.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(scratch.query('SELECT 1')).rejects.toThrow();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await scratch.close();
    }
  });

  it("drops a killed run's marked scratch database, and never an unmarked one or a live run's", async () => {
    const dead = await verifyThenSignal('SIGKILL', 2000);
    const left = await scratchOf(dead.pid);
    expect(left).toHaveLength(1);
    const unmarked = `pgscribe_verify_${'ab'.repeat(6)}`;
    const live = `pgscribe_verify_${'cd'.repeat(6)}`;
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${unmarked}`);
      await c.query(`DROP DATABASE IF EXISTS ${live}`);
      await c.query(`CREATE DATABASE ${unmarked}`);
      await c.query(`CREATE DATABASE ${live}`);
      await c.query(`COMMENT ON DATABASE ${live} IS 'pgscribe verify scratch database: host=${hostname()} pid=${process.pid} started=2026-01-01T00:00:00Z'`);
    });
    try {
      const next = await verifyThenSignal(undefined, 0);
      expect(next.code).toBe(0);
      for (const name of left) expect(next.stderr).toContain(name);
      expect(await scratchOf(dead.pid)).toEqual([]);
      const remaining = await admin(async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1)', [[unmarked, live]])).rows.map((r) => r.datname).sort());
      expect(remaining).toEqual([unmarked, live].sort());
    } finally {
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${unmarked}`);
        await c.query(`DROP DATABASE IF EXISTS ${live}`);
      });
    }
  }, 120_000);
});

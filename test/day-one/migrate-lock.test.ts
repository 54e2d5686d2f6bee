/**
 * Issue 14.20c: two `db migrate` runs at once. On a server, an advisory lock
 * makes the second wait and then skip what the first applied; past
 * --lock-timeout it says another run holds the lock. The embedded database
 * is guarded by a lock file in the same way.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrationLockKey } from '../../src/replay/apply.js';
import { tempProject } from '../helpers.js';
import { bin } from './helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;

function migrateAsync(root: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env };
    delete base.DATABASE_URL;
    const child = spawn(process.execPath, [bin, '--root', root, 'db', 'migrate', ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Migrations that take a moment and that fail if run twice at once (CREATE EXTENSION without a lock races). */
const slowFiles = {
  'database/migrations/001_ext.sql': 'CREATE EXTENSION IF NOT EXISTS pg_trgm;\nSELECT pg_sleep(0.5);\n',
  'database/migrations/002_t.sql': 'CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);\nSELECT pg_sleep(0.5);\n',
  'pgscribe.config.json': JSON.stringify({ exposedSchemas: [] }),
};

async function withScratch(fn: (url: string, admin: import('pg').Client) => Promise<void>): Promise<void> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `pgscribe_locktest_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  try {
    await fn(url.toString(), admin);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe.skipIf(!serverUrl)('db migrate on a server, twice at once', () => {
  it('the second run waits for the first and then applies nothing twice', async () => {
    await withScratch(async (url) => {
      const root = tempProject(slowFiles);
      const [a, b] = await Promise.all([migrateAsync(root, { DATABASE_URL: url }), migrateAsync(root, { DATABASE_URL: url })]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const summaries = [a.stdout, b.stdout].sort();
      expect(summaries).toEqual(['pgscribe: applied 0 files to DATABASE_URL, skipped 2\n', 'pgscribe: applied 2 files to DATABASE_URL\n']);
      expect(a.stderr + b.stderr).toContain("waiting for another run's lock");
    });
  }, 60_000);

  it('past --lock-timeout it says plainly that another run holds the lock (exit 2)', async () => {
    await withScratch(async (url) => {
      const pg = (await import('pg')).default;
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [migrationLockKey.toString()]);
      try {
        const run = await migrateAsync(tempProject(slowFiles), { DATABASE_URL: url }, '--lock-timeout', '1');
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("another run holds pgscribe's lock on DATABASE_URL");
        expect(run.stderr).toContain('waited 1 s');
      } finally {
        await holder.end();
      }
    });
  }, 60_000);
});

describe('db migrate on the embedded database, twice at once', () => {
  it('the second run waits for the first', async () => {
    const root = tempProject({ 'database/migrations/001_t.sql': 'CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);\n', 'pgscribe.config.json': JSON.stringify({ exposedSchemas: [] }) });
    const [a, b] = await Promise.all([migrateAsync(root, {}), migrateAsync(root, {})]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].sort()).toEqual(['pgscribe: applied 0 files to .pgscribe/db, skipped 1\n', 'pgscribe: applied 1 file to .pgscribe/db\n']);
  }, 120_000);
});

/** verify on small fixtures: where failures are reported, the dev guard, the scratch database. */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/pipeline.js';
import { verify } from '../src/replay/verify.js';
import { tempProject } from './helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;

async function verifyFiles(files: Record<string, string>, databaseUrl?: string) {
  return verify(await loadProject({ root: tempProject(files) }), { databaseUrl });
}

describe('verify', () => {
  it('reports a re-run failure at its statement, and every one of them (savepoints)', async () => {
    const result = await verifyFiles({
      'database/migrations/001_init.sql': `-- Ünïcödé 患者
CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_read ON t FOR SELECT USING (true);
CREATE INDEX IF NOT EXISTS t_id ON t (id);
CREATE POLICY t_write ON t FOR INSERT WITH CHECK (true);`,
    });
    expect(result.findings.map((f) => [f.rule, f.line, f.column, f.message])).toEqual([
      ['replay-rerun', 4, 1, 'policy "t_read" for table "t" already exists (SQLSTATE 42710)'],
      ['replay-rerun', 6, 1, 'policy "t_write" for table "t" already exists (SQLSTATE 42710)'],
    ]);
  });

  it('locates a first-run failure at the column Postgres names', async () => {
    const result = await verifyFiles({ 'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int);\nSELECT nosuch FROM t;\n' });
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([['replay-apply', 2, 8]]);
  });

  it('flags a dev seed whose guard only warns (replay-dev-guard), and accepts one that raises', async () => {
    const migration = 'CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY);';
    const warnOnly = await verifyFiles({
      'database/migrations/001_init.sql': migration,
      'database/seeds/002_dev_seed.sql': "DO $$ BEGIN IF current_setting('app.environment', true) = 'production' THEN RAISE WARNING 'careful'; END IF; END $$;\nINSERT INTO people VALUES (1) ON CONFLICT DO NOTHING;",
    });
    expect(warnOnly.findings.map((f) => [f.rule, f.file])).toEqual([['replay-dev-guard', 'database/seeds/002_dev_seed.sql']]);
    const raising = await verifyFiles({
      'database/migrations/001_init.sql': migration,
      'database/seeds/002_dev_seed.sql': "DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;\nINSERT INTO people VALUES (1) ON CONFLICT DO NOTHING;",
    });
    expect(raising.findings).toEqual([]);
  });

  it('reports seeds that fail on their second run', async () => {
    const result = await verifyFiles({
      'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS flags (key text PRIMARY KEY);',
      'database/seeds/001_system.sql': "INSERT INTO flags VALUES ('a');",
    });
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['replay-seed-rerun', 1]]);
  });

  it('reports a new enum value used in the transaction that added it as that Postgres rule, with the way out', async () => {
    const files = {
      'database/migrations/001_init.sql': "CREATE TYPE k AS ENUM ('a');",
      'database/migrations/002_add.sql': "ALTER TYPE k ADD VALUE IF NOT EXISTS 'b';\nCREATE TABLE IF NOT EXISTS t (v k DEFAULT 'b');\n",
    };
    for (const databaseUrl of [undefined, ...(serverUrl ? [serverUrl] : [])]) {
      const failed = (await verifyFiles(files, databaseUrl)).findings.filter((f) => f.rule === 'replay-apply');
      expect(failed.map((f) => [f.file, f.line, f.messageId]), databaseUrl ?? 'PGlite').toEqual([['database/migrations/002_add.sql', 2, 'unsafeNewEnumValue']]);
      expect(failed[0].message).toMatch(/^unsafe use of new value "b" of enum type "?k"?: an enum value that ALTER TYPE … ADD VALUE added cannot be used before its transaction commits \(SQLSTATE 55P04\)$/);
      expect(failed[0].help).toMatch(/later migration/);
    }
  });

  it('says plainly when PGlite lacks an extension, with the way out', async () => {
    const result = await verifyFiles({ 'database/migrations/001_init.sql': 'CREATE EXTENSION IF NOT EXISTS vector;' });
    expect(result.findings[0]).toMatchObject({
      rule: 'replay-apply',
      message: 'extension "vector" is not available in embedded Postgres (PGlite)',
      help: expect.stringContaining('--database-url'),
    });
  });

  it.skipIf(!serverUrl)('drops the scratch database on a real server, after a failure too', async () => {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const scratch = async () => (await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'pgscribe_verify_%'")).rows.length;
      const before = await scratch();
      const result = await verifyFiles({ 'database/migrations/001_init.sql': 'CREATE TABLE t (id int);\nSELECT nosuch FROM t;' }, serverUrl);
      expect(result.findings.map((f) => f.rule)).toEqual(['replay-apply']);
      expect(await scratch()).toBe(before);
    } finally {
      await admin.end();
    }
  });
});

/**
 * verify compares the right things: the model with the catalog right after
 * the first pass (over what took effect), and the second pass's catalog with
 * the first's (replay-rerun-changed). Each case is replayed on PGlite and, with
 * PGSCRIBE_TEST_DATABASE_URL, on a real server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/pipeline.js';
import { verify } from '../src/replay/verify.js';
import { repoRoot, tempProject } from './helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;
const engines: Array<[string, string | undefined]> = [['PGlite', undefined], ...(serverUrl ? [['a real server', serverUrl] as [string, string]] : [])];

const quiet = '{"exposedSchemas": []}';

async function verifyFiles(files: Record<string, string>, databaseUrl?: string) {
  return verify(await loadProject({ root: tempProject({ 'pgscribe.config.json': quiet, ...files }) }), { databaseUrl });
}

const rulePage = (id: string) => readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
/** A page's Bad or Good example as files (a migration, then `-- file: PATH` parts). */
function example(id: string, heading: 'Bad' | 'Good'): Record<string, string> {
  const sql = new RegExp(`## ${heading}\\n+\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(rulePage(id))?.[1] ?? '';
  const [first, ...rest] = sql.split(/^-- file: (.+)$/m);
  const files: Record<string, string> = { 'database/migrations/001_m.sql': first };
  for (let i = 0; i < rest.length; i += 2) files[rest[i].trim()] = rest[i + 1];
  return files;
}

describe.each(engines)('verify on %s', (_engine, databaseUrl) => {
  it('cross-checks the model of what the first pass left when a migration fails: no mismatch, and it says which file was left out', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\n',
        'database/migrations/002_b.sql': 'CREATE TABLE b (id int PRIMARY KEY);\nCREATE INDEX b_id ON b (id);\nSELECT nosuch FROM b;\n',
        'database/migrations/003_c.sql': 'CREATE TABLE IF NOT EXISTS c (a_id int REFERENCES a (id));\n',
      },
      databaseUrl,
    );
    expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch')).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'replay-apply').map((f) => [f.file, f.line])).toEqual([['database/migrations/002_b.sql', 3]]);
    expect(result.migrations).toMatchObject({ applied: 2, total: 3, leftOut: ['database/migrations/002_b.sql'] });
  });

  it('keeps what a failed file committed before its failure (a statement that runs outside the transaction)', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS a_id ON a (id);\nCREATE TABLE b (id int);\nSELECT nosuch FROM b;\n',
      },
      databaseUrl,
    );
    expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch')).toEqual([]);
  });

  it('does not count what the set-up made as a mismatch, even when a migration alters it', async () => {
    const result = await verifyFiles(
      {
        'pgscribe.config.json': JSON.stringify({ exposedSchemas: [], replay: { setup: 'CREATE TABLE IF NOT EXISTS migrations (version text NOT NULL);' } }),
        'database/migrations/001_a.sql': 'ALTER TABLE migrations ADD COLUMN IF NOT EXISTS applied_at timestamptz;\nCREATE TABLE IF NOT EXISTS a (id int);\n',
      },
      databaseUrl,
    );
    expect(result.findings).toEqual([]);
  });

  it("reports a re-run that changes the schema: replay-rerun-changed on its page's Bad example, at the statement it repeats; nothing on the Good one", async () => {
    const bad = await verifyFiles(example('replay-rerun-changed', 'Bad'), databaseUrl);
    expect(bad.findings.map((f) => [f.rule, f.messageId, f.file, f.line, f.message])).toEqual([
      ['replay-rerun-changed', 'tableCreated', 'database/migrations/001_m.sql', 1, 'running the migrations again creates table public.patients, which the first run did not leave'],
    ]);
    const good = await verifyFiles(example('replay-rerun-changed', 'Good'), databaseUrl);
    expect(good.findings).toEqual([]);
  });

  it('reports a column a re-run adds back after a later migration dropped it', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\nALTER TABLE a ADD COLUMN IF NOT EXISTS legacy text;\n',
        'database/migrations/002_a.sql': 'ALTER TABLE a DROP COLUMN IF EXISTS legacy;\n',
      },
      databaseUrl,
    );
    // 002 drops it again on the second run too: the end state is the same, so there is nothing to report.
    expect(result.findings).toEqual([]);
    const renamed = await verifyFiles(
      {
        'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\nALTER TABLE a ADD COLUMN IF NOT EXISTS old_name text;\n',
        'database/migrations/002_a.sql': "DO $$ BEGIN\n  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'old_name') AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'new_name') THEN\n    ALTER TABLE a RENAME COLUMN old_name TO new_name;\n  END IF;\nEND $$;\n",
      },
      databaseUrl,
    );
    expect(renamed.findings.map((f) => [f.rule, f.messageId, f.file, f.line])).toEqual([['replay-rerun-changed', 'columnAdded', 'database/migrations/001_a.sql', 2]]);
  });

  it('leaves out what SQL built at run time made, and says so once per statement', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql': "CREATE TABLE IF NOT EXISTS events (id int, at date) PARTITION BY RANGE (at);\nCREATE OR REPLACE FUNCTION make_partition(day date) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', 'events_' || to_char(day, 'YYYYMMDD'), day, day + 1);\nEND $$;\nSELECT make_partition(current_date);\n",
      },
      databaseUrl,
    );
    expect(result.findings).toEqual([]);
    expect(result.runtimeSql).toEqual([{ file: 'database/migrations/001_a.sql', line: 6, objects: 1 }]);
  });

  it('counts in the note only what the model does not have, views and types included', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql':
          "CREATE OR REPLACE VIEW known AS SELECT 1 AS one;\nDO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n    CREATE TYPE mood AS ENUM ('ok');\n  END IF;\nEND $$;\nDO $$ BEGIN\n  EXECUTE format('CREATE TABLE IF NOT EXISTS %I (id int)', 'made_' || 'later');\nEND $$;\n",
      },
      databaseUrl,
    );
    expect(result.findings).toEqual([]);
    expect(result.runtimeSql).toEqual([{ file: 'database/migrations/001_a.sql', line: 7, objects: 1 }]);
  });

  it('knows that USING INDEX makes an index the constraint\'s, and that a foreign key\'s referenced index is still an index', async () => {
    const result = await verifyFiles(
      {
        'database/migrations/001_a.sql':
          'CREATE TABLE IF NOT EXISTS t (a int NOT NULL, b int NOT NULL);\nCREATE UNIQUE INDEX IF NOT EXISTS t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_a;\nCREATE UNIQUE INDEX IF NOT EXISTS t_b ON t (b);\nCREATE TABLE IF NOT EXISTS c (b int REFERENCES t (b));\n',
      },
      databaseUrl,
    );
    expect(result.findings.filter((f) => f.rule === 'replay-model-mismatch')).toEqual([]);
  });

  it('runs DROP INDEX CONCURRENTLY outside the file\'s transaction, as Postgres requires', async () => {
    const result = await verifyFiles(
      { 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS t (id int);\nCREATE INDEX IF NOT EXISTS t_id ON t (id);\nDROP INDEX CONCURRENTLY IF EXISTS t_id;\nCREATE TABLE IF NOT EXISTS u (id int);\n' },
      databaseUrl,
    );
    expect(result.findings).toEqual([]);
  });
});

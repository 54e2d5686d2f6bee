/** db migrate / db seed on the persistent embedded database: history, skipping, refusing an edited migration. */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'pgscribe.js');
const run = (root: string, ...args: string[]) => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [bin, '--root', root, ...args], { encoding: 'utf8', env });
};

describe('db migrate and db seed', () => {
  it('records applied migrations, skips them next time, and refuses an applied migration that changed', () => {
    const root = tempProject({
      'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS flags (key text PRIMARY KEY);\n',
      'database/seeds/001_system.sql': "INSERT INTO flags VALUES ('a') ON CONFLICT DO NOTHING;\n",
      'database/seeds/002_dev_seed.sql': "DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;\nINSERT INTO flags VALUES ('dev') ON CONFLICT DO NOTHING;\n",
    });
    const first = run(root, 'db', 'migrate');
    expect([first.status, first.stdout]).toEqual([0, 'pgscribe: applied 1 file to .pgscribe/db\n']);
    expect(existsSync(path.join(root, '.pgscribe', 'db'))).toBe(true);
    writeFileSync(path.join(root, 'database/migrations/002_more.sql'), 'CREATE TABLE IF NOT EXISTS more (id int);\n');
    expect(run(root, 'db', 'migrate').stdout).toBe('pgscribe: applied 1 file to .pgscribe/db, skipped 1\n');
    expect(run(root, 'db', 'seed').stdout).toBe('pgscribe: seeded 1 file to .pgscribe/db, skipped 1\n');
    expect(run(root, 'db', 'seed', '--env', 'development').stdout).toBe('pgscribe: seeded 2 files to .pgscribe/db\n');
    writeFileSync(path.join(root, 'database/migrations/001_init.sql'), 'CREATE TABLE IF NOT EXISTS flags (key text PRIMARY KEY, note text);\n');
    const edited = run(root, 'db', 'migrate');
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain('database/migrations/001_init.sql was applied to .pgscribe/db with another content');
    expect(edited.stdout).toBe('pgscribe: applied 0 files to .pgscribe/db\n');
  }, 120_000);
});

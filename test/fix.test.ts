/**
 * `pgscribe fix`: each kind of fix, written into the statement's own bytes
 * and proven by replay; the clinic database with the seed's two failures put
 * back; the rule pages' bad examples; locked migrations; a fix the proof
 * withdraws; CRLF files; a second run that changes nothing.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fix, lint, loadProject, lock, verify } from '../src/index.js';
import { repoRoot, tempProject } from './helpers.js';
import { run } from './day-one/helpers.js';

const config = '{"exposedSchemas": []}';

async function fixed(migrations: string[], options: Parameters<typeof fix>[1] = {}, extra: Record<string, string> = {}) {
  const files: Record<string, string> = { 'pgscribe.config.json': config, ...extra };
  migrations.forEach((sql, i) => (files[`database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`] = sql));
  const root = tempProject(files);
  const result = await fix(await loadProject({ root }), options);
  const read = (i: number) => readFileSync(path.join(root, `database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`), 'utf8');
  return { root, result, read };
}

const rerunFailures = async (root: string) => (await verify(await loadProject({ root }))).findings.filter((f) => f.rule === 'replay-rerun' || f.rule === 'replay-apply').map((f) => `${f.file.split('/').pop()}:${f.line} ${f.message}`);

describe('pgscribe fix', () => {
  it('writes the one safe fix of each kind into the statement, and replay proves it', async () => {
    const { root, result, read } = await fixed([
      `CREATE SCHEMA app;
CREATE EXTENSION pgcrypto;
CREATE TABLE app.t (id int PRIMARY KEY, old text, gone text);
CREATE UNIQUE INDEX t_old ON app.t (old);
CREATE SEQUENCE app.s;
CREATE TYPE app.mood AS ENUM ('ok');
ALTER TYPE app.mood ADD VALUE 'sad';
CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE VIEW app.v AS SELECT id FROM app.t;
ALTER TABLE app.t ADD COLUMN name text, ADD COLUMN note text;
ALTER TABLE app.t ADD CONSTRAINT t_name_key UNIQUE (name);
CREATE TRIGGER trg BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
CREATE POLICY pol ON app.t USING (true);
INSERT INTO app.t (id, name) VALUES (1, 'a') RETURNING id;
ALTER TABLE app.t DROP COLUMN gone;
DO $$ BEGIN
  CREATE TYPE app.size AS ENUM ('s');
END $$;
CREATE TABLE app.r (id int);`,
      `ALTER TABLE app.t RENAME COLUMN name TO full_name;
ALTER TABLE app.r RENAME TO r2;`,
    ]);
    expect(result.proof).toMatchObject({ replayed: true, engine: 'pglite', failures: [] });
    expect(result.proof.rerunFailures?.after).toBe(0);
    expect(result.withdrawn).toEqual([]);
    expect(read(0)).toBe(`CREATE SCHEMA IF NOT EXISTS app;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY, old text, gone text);
CREATE UNIQUE INDEX IF NOT EXISTS t_old ON app.t (old);
CREATE SEQUENCE IF NOT EXISTS app.s;
DO $$ BEGIN CREATE TYPE app.mood AS ENUM ('ok'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'sad';
CREATE OR REPLACE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE OR REPLACE VIEW app.v AS SELECT id FROM app.t;
ALTER TABLE app.t ADD COLUMN IF NOT EXISTS name text, ADD COLUMN IF NOT EXISTS note text;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('app.t') AND conname = 't_name_key') AND to_regclass('app.t_name_key') IS NULL THEN ALTER TABLE app.t ADD CONSTRAINT t_name_key UNIQUE (name); END IF; END $$;
CREATE OR REPLACE TRIGGER trg BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
DROP POLICY IF EXISTS pol ON app.t; CREATE POLICY pol ON app.t USING (true);
INSERT INTO app.t (id, name) VALUES (1, 'a') ON CONFLICT DO NOTHING RETURNING id;
ALTER TABLE app.t DROP COLUMN IF EXISTS gone;
DO $$ BEGIN
  BEGIN CREATE TYPE app.size AS ENUM ('s'); EXCEPTION WHEN duplicate_object THEN NULL; END;
END $$;
CREATE TABLE app.r (id int);`);
    expect(read(1)).toBe(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('app.t') AND attname = 'name' AND attnum > 0 AND NOT attisdropped) AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('app.t') AND attname = 'full_name' AND attnum > 0 AND NOT attisdropped) THEN ALTER TABLE app.t RENAME COLUMN name TO full_name; END IF; END $$;
DO $$ BEGIN IF to_regclass('app.r') IS NOT NULL AND to_regclass('app.r2') IS NULL THEN ALTER TABLE app.r RENAME TO r2; END IF; END $$;`);
    expect(await rerunFailures(root)).toEqual([]);
    expect(lint(await loadProject({ root })).filter((f) => f.rule === 'rerunnable-ddl')).toEqual([]);
    // a second fix changes nothing
    const again = await fix(await loadProject({ root }));
    expect(again.fixed).toEqual([]);
    expect(again.written).toEqual([]);
  }, 120_000);

  it("the clinic database with the seed's two failures put back: the guarded form, and verify passes", async () => {
    const root = tempProject({});
    rmSync(root, { recursive: true, force: true });
    cpSync(path.join(repoRoot, 'database'), path.join(root, 'database'), { recursive: true });
    cpSync(path.join(repoRoot, 'pgscribe.config.json'), path.join(root, 'pgscribe.config.json'));
    rmSync(path.join(root, 'database/migrations.lock'), { force: true });
    const m009 = path.join(root, 'database/migrations/009_system_and_integration_tables.sql');
    const guardedBlock = /DO \$\$\nBEGIN\n {2}IF NOT EXISTS \(SELECT 1 FROM pg_trigger WHERE tgname = 'update_telemedicine_sessions_updated_at'[\s\S]*?END\n\$\$;/;
    const text009 = readFileSync(m009, 'utf8');
    const block = guardedBlock.exec(text009)?.[0] ?? '';
    const triggers = [...block.matchAll(/ {4}(CREATE TRIGGER [\s\S]*?;)\n/g)].map((m) => m[1].replace(/\n {6}/g, '\n  '));
    expect(triggers).toHaveLength(4);
    writeFileSync(m009, text009.replace(block, triggers.join('\n\n')).replace(/\n/g, '\r\n')); // and CRLF, as a Windows checkout has it
    const m011 = path.join(root, 'database/migrations/011_rls_policies.sql');
    writeFileSync(m011, readFileSync(m011, 'utf8').replace("SELECT public.create_policy_if_not_exists('clinics_select_own'", "CALL public.create_policy_if_not_exists('clinics_select_own'"));
    const before009 = readFileSync(m009, 'utf8');
    const { code, stdout } = run(['--root', root, 'fix']);
    expect(stdout).toContain('proven on pglite');
    expect(code).toBe(0);
    const after009 = readFileSync(m009, 'utf8');
    expect(after009.match(/CREATE OR REPLACE TRIGGER update_\w+_updated_at\r\n/g)).toHaveLength(4);
    expect(after009.replace(/CREATE OR REPLACE TRIGGER/g, 'CREATE TRIGGER')).toBe(before009); // only those bytes changed; CRLF stays
    expect(readFileSync(m011, 'utf8')).toContain("\nSELECT public.create_policy_if_not_exists('clinics_select_own'");
    expect(await rerunFailures(root)).toEqual([]);
    expect(run(['--root', root, 'fix']).stdout).toBe('pgscribe fix: nothing to fix\n');
  }, 180_000);

  it('with serverVersion 13, a trigger gets DROP TRIGGER IF EXISTS first (CREATE OR REPLACE TRIGGER is 14+)', async () => {
    const { read, result } = await fixed(['CREATE TABLE IF NOT EXISTS t (id int);\nCREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();'], {}, { 'pgscribe.config.json': '{"exposedSchemas": [], "serverVersion": 13}' });
    expect(result.proof.failures).toEqual([]);
    expect(read(0).split('\n')[2]).toBe('DROP TRIGGER IF EXISTS trg ON public.t; CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();');
  }, 60_000);

  it('withdraws a fix the second run shows does not work, and writes the proven rest', async () => {
    const { read, result } = await fixed(['CREATE TABLE IF NOT EXISTS t (id int, name text);\nCREATE VIEW v AS SELECT id, name FROM t;\nCREATE TABLE u (id int);', 'CREATE OR REPLACE VIEW v AS SELECT id, name, 1 AS n FROM t;']);
    // CREATE OR REPLACE VIEW v (id, name) would meet v (id, name, n) on the second run: it cannot drop a column
    expect(result.withdrawn.map((w) => [w.file.split('/').pop(), w.line])).toEqual([['001_m.sql', 2]]);
    expect(result.withdrawn[0].why).toMatch(/still fails/);
    expect(read(0)).toBe('CREATE TABLE IF NOT EXISTS t (id int, name text);\nCREATE VIEW v AS SELECT id, name FROM t;\nCREATE TABLE IF NOT EXISTS u (id int);');
    expect(result.proof.failures).toEqual([]);
  }, 120_000);

  it('leaves locked migrations alone, listed with their follow-up; --accept-locked edits and re-locks them', async () => {
    const root = tempProject({ 'pgscribe.config.json': config, 'database/migrations/001_m.sql': 'CREATE TABLE t (id int);\n' });
    lock(await loadProject({ root }));
    const lockBefore = readFileSync(path.join(root, 'database/migrations.lock'), 'utf8');
    const left = await fix(await loadProject({ root }));
    expect(left.fixed).toEqual([]);
    expect(left.locked.map((f) => [f.rule, f.line, f.baseline?.followUp !== undefined])).toEqual([['rerunnable-ddl', 1, true]]);
    expect(readFileSync(path.join(root, 'database/migrations/001_m.sql'), 'utf8')).toBe('CREATE TABLE t (id int);\n');
    const accepted = await fix(await loadProject({ root }), { acceptLocked: true });
    expect(accepted.relocked).toEqual(['database/migrations/001_m.sql']);
    expect(readFileSync(path.join(root, 'database/migrations/001_m.sql'), 'utf8')).toBe('CREATE TABLE IF NOT EXISTS t (id int);\n');
    expect(readFileSync(path.join(root, 'database/migrations.lock'), 'utf8')).not.toBe(lockBefore);
    expect(lint(await loadProject({ root })).filter((f) => f.rule === 'migration-edited')).toEqual([]);
  }, 120_000);

  it('--dry-run prints the diff and writes nothing; --format json lists the edits; --no-verify says it did not prove', () => {
    const root = tempProject({ 'pgscribe.config.json': config, 'database/migrations/001_m.sql': 'CREATE TABLE t (id int);\n' });
    const dry = run(['--root', root, 'fix', '--dry-run']);
    expect(dry.stdout).toContain('-CREATE TABLE t (id int);\n+CREATE TABLE IF NOT EXISTS t (id int);');
    expect(dry.stdout).toContain('1 statement in 1 file would be fixed');
    expect(readFileSync(path.join(root, 'database/migrations/001_m.sql'), 'utf8')).toBe('CREATE TABLE t (id int);\n');
    const json = JSON.parse(run(['--root', root, 'fix', '--dry-run', '--format', 'json']).stdout);
    expect(json.fixed).toEqual([{ file: 'database/migrations/001_m.sql', line: 1, endLine: 1, rule: 'rerunnable-ddl', description: 'add IF NOT EXISTS', before: 'CREATE TABLE t (id int);', after: 'CREATE TABLE IF NOT EXISTS t (id int);' }]);
    expect(json.written).toEqual([]);
    const unproven = run(['--root', root, 'fix', '--no-verify']);
    expect(unproven.stdout).toContain('not proven by replay (--no-verify)');
    expect(existsSync(path.join(root, 'database/migrations/001_m.sql'))).toBe(true);
    expect(readFileSync(path.join(root, 'database/migrations/001_m.sql'), 'utf8')).toBe('CREATE TABLE IF NOT EXISTS t (id int);\n');
  }, 60_000);
});

describe("the fixable rules' pages: the bad example is fixed into a form the rule accepts and replay proves", () => {
  /** What the bad examples take for granted (objects of the clinic database), made re-runnable. */
  const preamble: Record<string, string> = {
    'rerunnable-ddl': 'CREATE SCHEMA IF NOT EXISTS clinic;\nCREATE OR REPLACE FUNCTION public.update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n',
  };
  it.each(['rerunnable-ddl', 'call-on-function', 'seed-not-idempotent'])('%s', async (id) => {
    const page = readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
    const bad = /## Bad\n\n```sql\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
    expect(bad).not.toBe('');
    const files: Record<string, string> = { 'pgscribe.config.json': config, 'database/migrations/000_setup.sql': preamble[id] ?? 'SELECT 1;\n' };
    let current = 'database/migrations/001_m.sql';
    for (const part of bad.split(/^-- file: (.+)$/m)) {
      if (/^database\//.test(part.trim()) && !part.includes('\n')) current = part.trim();
      else if (part.trim()) files[current] = `${files[current] ?? ''}${part.trim()}\n`;
    }
    const root = tempProject(files);
    expect(lint(await loadProject({ root })).some((f) => f.rule === id)).toBe(true);
    const result = await fix(await loadProject({ root }));
    expect(result.proof.failures).toEqual([]);
    expect(result.fixed.length).toBeGreaterThan(0);
    expect(lint(await loadProject({ root })).filter((f) => f.rule === id)).toEqual([]);
    expect(await rerunFailures(root)).toEqual([]);
  }, 120_000);
});

/** The migration lock, lock --accept, migration-edited / -unlocked / -naming, and the baseline. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateLock } from '../../src/lock.js';
import { loadProject } from '../../src/pipeline.js';
import { lintProject } from '../../src/lint/engine.js';
import { errorOf, tempProject } from '../helpers.js';

const only = (rules: string[]) => (f: { rule: string }) => rules.includes(f.rule);

async function fresh(files: Record<string, string>) {
  const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', ...files });
  return { root, load: () => loadProject({ root }) };
}

describe('migration lock', () => {
  it('lock appends new migrations only, and a CRLF checkout keeps the same hashes', async () => {
    const { root, load } = await fresh({ 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    expect(updateLock(await load()).added).toEqual(['database/migrations/001_a.sql']);
    const first = readFileSync(path.join(root, 'database/migrations.lock'), 'utf8');
    expect(first).toMatch(/^database\/migrations\/001_a\.sql sha256:[0-9a-f]{64}\ntotal 1 sha256:[0-9a-f]{64}\n$/);
    writeFileSync(path.join(root, 'database/migrations/002_b.sql'), 'CREATE TABLE IF NOT EXISTS b (id int);\n');
    expect(updateLock(await load()).added).toEqual(['database/migrations/002_b.sql']);
    expect(readFileSync(path.join(root, 'database/migrations.lock'), 'utf8').startsWith(first.split('\n')[0])).toBe(true);
    writeFileSync(path.join(root, 'database/migrations/001_a.sql'), 'CREATE TABLE IF NOT EXISTS a (id int);\r\n');
    expect(lintProject(await load()).filter(only(['migration-edited', 'migration-unlocked']))).toEqual([]);
  });

  it('migration-unlocked for a new file; migration-edited for an edited or deleted locked file; --accept re-locks', async () => {
    const { root, load } = await fresh({ 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    updateLock(await load());
    writeFileSync(path.join(root, 'database/migrations/001_a.sql'), 'CREATE TABLE IF NOT EXISTS a (id int, b int);\n');
    writeFileSync(path.join(root, 'database/migrations/002_b.sql'), 'CREATE TABLE IF NOT EXISTS b (id int);\n');
    const findings = lintProject(await load()).filter(only(['migration-edited', 'migration-unlocked']));
    expect(findings.map((f) => [f.rule, f.severity, f.file, f.line, f.message])).toEqual([
      ['migration-edited', 'error', 'database/migrations/001_a.sql', 1, 'database/migrations/001_a.sql changed after it was locked (database/migrations.lock:1)'],
      ['migration-unlocked', 'warning', 'database/migrations/002_b.sql', 1, 'database/migrations/002_b.sql is not in database/migrations.lock'],
    ]);
    expect(updateLock(await load(), ['database/migrations/001_a.sql']).accepted).toEqual(['database/migrations/001_a.sql']);
    expect(lintProject(await load()).filter(only(['migration-edited', 'migration-unlocked']))).toEqual([]);
    rmSync(path.join(root, 'database/migrations/002_b.sql'));
    const missing = lintProject(await load()).filter(only(['migration-edited']));
    expect(missing.map((f) => [f.file, f.line, f.message])).toEqual([['database/migrations.lock', 2, 'locked migration database/migrations/002_b.sql is missing']]);
  });

  it('--accept of a file that is not locked is an error naming it', async () => {
    const { load } = await fresh({ 'database/migrations/001_a.sql': 'SELECT 1;' });
    const project = await load();
    expect(errorOf(() => updateLock(project, ['database/migrations/009_nope.sql'])).message).toContain('--accept database/migrations/009_nope.sql');
  });

  it('migration-naming: missing and duplicate prefixes', async () => {
    const { load } = await fresh({
      'database/migrations/001_a.sql': 'SELECT 1;',
      'database/migrations/001_b.sql': 'SELECT 1;',
      'database/migrations/rooms.sql': 'SELECT 1;',
    });
    const findings = lintProject(await load()).filter(only(['migration-naming']));
    expect(findings.map((f) => f.message)).toEqual([
      '001_b.sql has the same order prefix (1) as 001_a.sql',
      'rooms.sql has no numeric prefix, so its place in the order is undefined',
    ]);
  });

  it('baseline: a finding in a locked migration is a warning naming the follow-up; in a new one it is an error; --strict keeps both errors', async () => {
    const { root, load } = await fresh({ 'database/migrations/001_a.sql': 'CREATE TABLE a (id int);\n' });
    updateLock(await load());
    writeFileSync(path.join(root, 'database/migrations/002_b.sql'), 'CREATE TABLE b (id int);\n');
    const findings = lintProject(await load()).filter(only(['rerunnable-ddl']));
    expect(findings.map((f) => [f.file, f.severity])).toEqual([
      ['database/migrations/001_a.sql', 'warning'],
      ['database/migrations/002_b.sql', 'error'],
    ]);
    expect(findings[0].message).toBe('CREATE TABLE a (id int) fails when the migrations run again: relation public.a exists (created here on the first run)');
    expect(findings[0].baseline?.followUp).toContain('fix it in a new migration');
    expect(findings[1].baseline).toBeUndefined();
    const strict = lintProject(await load(), { strict: true }).filter(only(['rerunnable-ddl']));
    expect(strict.map((f) => f.severity)).toEqual(['error', 'error']);
  });
});

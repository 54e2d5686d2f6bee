/** Issue 14.16: lock lines for hostile paths read back; old lock files read unchanged. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPath, readLock } from '../../src/lock.js';
import { tempProject } from '../helpers.js';
import { run } from './helpers.js';

const hostile = ['001 with space.sql', '002 "quoted".sql', '#003_hash.sql', '004\\back\\slash.sql', '005_ünï çødé.sql', '006\ttab.sql', 'total 3.sql'];

describe('lock paths', () => {
  it('init and lock write lines that check, lint and lock read back', () => {
    const files: Record<string, string> = {};
    hostile.forEach((name, i) => (files[`database/migrations/${name}`] = `CREATE SCHEMA IF NOT EXISTS s${i};\n`));
    const root = tempProject(files);
    expect(run(['--root', root, 'lock']).code).toBe(0);
    const lock = readLock(root, 'database/migrations.lock');
    expect(lock.entries.map((e) => e.file).sort()).toEqual(hostile.map((n) => `database/migrations/${n}`).sort());
    const lint = JSON.parse(run(['--root', root, 'lint', '--format', 'json']).stdout);
    expect(lint.findings.filter((f: { rule: string }) => f.rule === 'migration-edited' || f.rule === 'migration-unlocked')).toEqual([]);
    expect(run(['--root', root, 'lock']).stdout).toContain('is up to date');
  });

  it('writes plain paths bare, so existing lock files do not change', () => {
    expect(lockPath('database/migrations/001_init.sql')).toBe('database/migrations/001_init.sql');
    expect(lockPath('a b.sql')).toBe('"a b.sql"');
    for (const name of hostile) expect(JSON.parse(lockPath(name).startsWith('"') ? lockPath(name) : JSON.stringify(lockPath(name)))).toBe(name);
  });

  it('reads an old lock line with a bare path that has spaces', () => {
    const root = tempProject({ 'database/migrations/001 a.sql': 'SELECT 1;\n' });
    writeFileSync(path.join(root, 'database/migrations.lock'), `database/migrations/001 a.sql sha256:${'0'.repeat(64)}\n`);
    expect(readLock(root, 'database/migrations.lock').entries[0].file).toBe('database/migrations/001 a.sql');
  });
});

/** pgscribe init on a copy of basejump laid out as a Supabase repository. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'pgscribe.js');
const run = (root: string, ...args: string[]) => spawnSync(process.execPath, [bin, '--root', root, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const present = existsSync(corpusRoot);

describe('init', () => {
  it.skipIf(!present)('adopts a Supabase repo: green on day one, red on the first bad new migration; a second init changes nothing', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pgscribe-init-'));
    cpSync(path.join(corpusRoot, 'basejump', 'supabase'), path.join(root, 'supabase'), { recursive: true });
    writeFileSync(path.join(root, 'README.md'), '# Basejump app\r\n\r\nHand-written text.\r\n');
    const first = run(root, 'init');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('layout: Supabase');
    const config = JSON.parse(readFileSync(path.join(root, 'pgscribe.config.json'), 'utf8'));
    expect(config).toMatchObject({ migrations: ['supabase/migrations/*.sql'], seeds: ['supabase/seed.sql'], externalSchemas: ['auth', 'storage', 'extensions'], replay: { shim: 'supabase' } });
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toBe('# Basejump app\r\n\r\nHand-written text.\r\n\r\n<!-- pgscribe:begin database-and-seeds -->\r\n<!-- pgscribe:end database-and-seeds -->\r\n');
    expect(readFileSync(path.join(root, 'supabase/migrations.lock'), 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
    expect(run(root, 'generate').status).toBe(0);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('## Database & Seeds');
    const check = run(root, 'check', '--format', 'json');
    expect(check.status).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.summary.errors).toBe(0);
    expect(report.findings.filter((f: { baseline?: { followUp: string } }) => f.baseline?.followUp.includes('fix it in a new migration'))).toHaveLength(22);
    const snapshot = ['pgscribe.config.json', 'README.md', 'supabase/migrations.lock'].map((f) => readFileSync(path.join(root, f), 'utf8'));
    expect(run(root, 'init').status).toBe(0);
    expect(['pgscribe.config.json', 'README.md', 'supabase/migrations.lock'].map((f) => readFileSync(path.join(root, f), 'utf8'))).toEqual(snapshot);
    writeFileSync(path.join(root, 'supabase/migrations/20250101000000_rooms.sql'), 'CREATE POLICY "rooms" ON basejump.accounts FOR SELECT USING (true);\n');
    const red = run(root, 'check', '--format', 'json');
    expect(red.status).toBe(1);
    expect(JSON.parse(red.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'rerunnable-ddl', severity: 'error', file: 'supabase/migrations/20250101000000_rooms.sql', line: 1 }));
  }, 60_000);

  it('--dry-run writes nothing; other layouts are detected', () => {
    const root = tempProject({ 'db/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int);' });
    const dry = run(root, 'init', '--dry-run');
    expect(dry.stdout).toContain('would write config pgscribe.config.json: layout: db/migrations');
    expect(existsSync(path.join(root, 'pgscribe.config.json'))).toBe(false);
    expect(existsSync(path.join(root, 'README.md'))).toBe(false);
    const up = tempProject({ 'migrations/20240101_init/up.sql': 'SELECT 1;' });
    expect(run(up, 'init', '--dry-run').stdout).toContain('layout: diesel (migrations/*/up.sql)');
  });
});

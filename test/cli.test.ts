/** The built binary, run as a user would. `npm test` builds first. */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'pgscribe.js');

function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pgscribe inspect on this repository', () => {
  it('lists the clinic model with provenance as JSON', () => {
    const { code, stdout } = run(['inspect', '--format', 'json']);
    expect(code).toBe(0);
    const model = JSON.parse(stdout);
    expect(model.tool).toBe('pgscribe');
    expect(model.schemas.map((s: { name: string }) => s.name)).toEqual(['audit', 'booking', 'clinic', 'webhook']);
    expect(model.tables.length).toBeGreaterThanOrEqual(30);
    const audit = model.tables.find((t: { schema: string; name: string }) => t.schema === 'audit' && t.name === 'audit_logs');
    expect(audit.partitionKey).toEqual({ strategy: 'range', columns: ['created_at'] });
    expect(audit.partitions.map((p: { name: string }) => p.name)).toEqual([
      'audit_logs_2024', 'audit_logs_2025', 'audit_logs_2026', 'audit_logs_2027', 'audit_logs_default',
    ]);
    expect(audit.source).toEqual({ file: 'database/migrations/010_audit_tables.sql', line: 6 });
    const trigger = model.triggers.find((t: { name: string }) => t.name === 'update_telemedicine_sessions_updated_at');
    expect(trigger).toMatchObject({ guarded: true, source: { file: 'database/migrations/009_system_and_integration_tables.sql' } });
    expect(model.triggers.every((t: { guarded: boolean }) => t.guarded)).toBe(true);
    expect(model.policies.length).toBe(29);
    for (const list of [model.tables, model.triggers, model.policies, model.functions, model.indexes]) {
      for (const object of list) expect(object.source.line).toBeGreaterThan(0);
    }
    const dev = model.seeds.find((s: { file: string }) => s.file.endsWith('002_dev_seed.sql'));
    expect(dev).toMatchObject({ class: 'dev', guard: { mode: 'allow', values: ['development', 'test'], raises: true, leading: true } });
    expect(model.findings).toEqual([]);
  });

  it('prints the same JSON twice (stable order, no dates)', () => {
    expect(run(['inspect', '--format', 'json']).stdout).toBe(run(['inspect', '--format', 'json']).stdout);
  });

  it('prints a readable summary by default', () => {
    const { code, stdout } = run(['inspect']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^11 migrations, 2 seeds: 4 schemas, 32 tables/);
    expect(stdout).toContain('audit_logs (9 columns; partitioned by range (created_at), 5 partitions; RLS)  database/migrations/010_audit_tables.sql:6');
  });
});

describe('exit codes and errors', () => {
  it('exits 1 with syntax-error findings, still printing the rest of the model', () => {
    const root = tempProject({
      'database/migrations/001_ok.sql': 'CREATE TABLE a (id int);',
      'database/migrations/002_bad.sql': '-- ünïcode\nCREATE TABL b;',
    });
    const { code, stdout } = run(['--root', root, 'inspect', '--format', 'json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.tables.map((t: { name: string }) => t.name)).toEqual(['a']);
    expect(out.findings).toEqual([
      expect.objectContaining({ rule: 'syntax-error', severity: 'error', file: 'database/migrations/002_bad.sql', line: 2, column: 8 }),
    ]);
  });

  it('exits 2 with a one-line error naming the key for a bad config, no stack trace', () => {
    const root = tempProject({ 'pgscribe.config.json': '{"order": 3}' });
    const { code, stderr } = run(['--root', root, 'inspect']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^pgscribe: pgscribe\.config\.json: invalid config: order: expected/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 for an unknown option and suggests the closest', () => {
    const { code, stderr } = run(['inspect', '--fromat', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--fromat'");
    expect(stderr).toContain('--format');
  });

  it('reports a binary .sql file as a syntax-error finding, not a crash', () => {
    const root = tempProject({ 'database/migrations/001_bin.sql': Buffer.from([0x43, 0x52, 0x0a, 0x00, 0xff]) });
    const { code, stdout } = run(['--root', root, 'inspect', '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0]).toMatchObject({ rule: 'syntax-error', line: 2, message: expect.stringContaining('binary') });
  });

  it('shows help with examples', () => {
    const out = execFileSync(process.execPath, [bin, 'inspect', '--help'], { encoding: 'utf8' });
    expect(out).toContain('pgscribe inspect --format json');
  });
});

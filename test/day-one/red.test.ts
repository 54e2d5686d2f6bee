/**
 * Issue 14.8–14.14 and 14.21: runs that used to end green (or half-done)
 * when they should not: a missing root, no migrations, a file that is not
 * there, a misspelt rule id, a dangling link, syntax errors in generate,
 * verify's counts and baseline, and the documented global options.
 */
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { readmeWithMarkers, run } from './helpers.js';

const ok = { 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int);\n' };

describe('a root that is not a project (14.8)', () => {
  it.each(['lint', 'check', 'verify', 'generate', 'inspect', 'lock', 'init'])('%s on a missing root: exit 2, one line, nothing created', (command) => {
    const parent = tempProject({});
    const root = path.join(parent, 'does', 'not', 'exist');
    const result = run(['--root', root, command]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('does not exist');
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each(['lint', 'check', 'verify', 'generate'])('%s with no migrations found: exit 2 naming the globs', (command) => {
    const root = tempProject({ 'README.md': readmeWithMarkers, 'sql/001.sql': 'CREATE TABLE t (id int);\n' });
    const result = run(['--root', root, command]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no migrations found: looked for database/migrations/*.sql');
    expect(existsSync(path.join(root, 'docs'))).toBe(false);
  });

  it('init with no known layout: exit 2 listing what it looked for, nothing written', () => {
    const root = tempProject({ 'README.md': '# x\n' });
    const result = run(['--root', root, 'init']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('looked for supabase/migrations/*.sql (also apps/*/supabase, packages/*/supabase), prisma/migrations/*/migration.sql');
    expect(readdirSync(root)).toEqual(['README.md']);
  });
});

describe('named files (14.9)', () => {
  it('lint of a file that does not exist is exit 2', () => {
    const result = run(['--root', tempProject(ok), 'lint', 'nope.sql']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.sql: no such file');
  });

  it('lint of a file that is not a migration or seed is exit 2', () => {
    const result = run(['--root', tempProject(ok), 'lint', 'README.md']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('README.md: not a migration or seed');
  });

  it('reads a named file from the current directory when it is inside the root', () => {
    const root = tempProject(ok);
    const result = run(['--root', root, 'lint', '001_a.sql'], { cwd: path.join(root, 'database/migrations') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('in 1 file');
  });
});

describe('config rule ids (14.10)', () => {
  it('an unknown id is exit 2 naming the key path and the closest id', () => {
    const root = tempProject({ ...ok, 'pgscribe.config.json': JSON.stringify({ rules: { 'rerunable-ddl': 'off' } }) });
    const result = run(['--root', root, 'lint']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rules.rerunable-ddl: unknown rule id (did you mean "rerunnable-ddl"?)');
  });

  it('unused-suppression takes its severity from the config', () => {
    const files = { ...ok, 'database/migrations/001_a.sql': '-- pgscribe-ignore rls-disabled -- not needed\nCREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\n' };
    const json = (config: object) => JSON.parse(run(['--root', tempProject({ ...files, 'pgscribe.config.json': JSON.stringify(config) }), 'lint', '--format', 'json']).stdout);
    const unused = (doc: { findings: Array<{ rule: string; severity: string }> }) => doc.findings.filter((f) => f.rule === 'unused-suppression').map((f) => f.severity);
    expect(unused(json({}))).toEqual(['warning']);
    expect(unused(json({ rules: { 'unused-suppression': 'error' } }))).toEqual(['error']);
    expect(unused(json({ rules: { 'unused-suppression': 'off' } }))).toEqual([]);
  });
});

describe('a dangling symbolic link among the migrations (14.11)', () => {
  it('is exit 2 naming it', () => {
    const root = tempProject(ok);
    symlinkSync(path.join(root, 'gone.sql'), path.join(root, 'database/migrations/002_b.sql'));
    const result = run(['--root', root, 'lint']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('database/migrations/002_b.sql: dangling symbolic link');
  });
});

describe('generate with a syntax error (14.12)', () => {
  it('writes nothing, says why and exits 1; check still reports both', () => {
    const root = tempProject({ ...ok, 'database/migrations/002_b.sql': 'CREATE TABLE u (id int,);\n' });
    const result = run(['--root', root, 'generate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database/migrations/002_b.sql:1:');
    expect(result.stderr).toContain('nothing written: 1 file does not parse');
    expect(existsSync(path.join(root, 'docs'))).toBe(false);
    const check = JSON.parse(run(['--root', root, 'check', '--format', 'json']).stdout);
    expect(check.findings.map((f: { rule: string }) => f.rule)).toContain('syntax-error');
    expect(check.drift.length).toBeGreaterThan(0);
  });
});

describe('verify (14.13, 14.14)', () => {
  it('counts what ran: a file with a syntax error is not applied', () => {
    const root = tempProject({ ...ok, 'database/migrations/002_b.sql': 'CREATE TABLE u (id int,);\n' });
    const json = JSON.parse(run(['--root', root, 'verify', '--format', 'json']).stdout);
    expect(json.replay.migrations).toMatchObject({ applied: 1, total: 2, notRun: 1 });
    expect(run(['--root', root, 'verify']).stdout).toContain('1/2 migrations applied, 1 not run (syntax error)');
  }, 60_000);

  it('applies the baseline to re-run failures in locked migrations; --strict makes them errors', () => {
    const root = tempProject({ ...ok, 'database/migrations/001_a.sql': 'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON t USING (true);\n' });
    expect(run(['--root', root, 'lock']).code).toBe(0);
    const lenient = run(['--root', root, 'verify', '--format', 'json']);
    const findings = JSON.parse(lenient.stdout).findings as Array<{ rule: string; severity: string; message: string }>;
    expect(findings.filter((f) => f.rule === 'replay-rerun').length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(lenient.code).toBe(0);
    expect(run(['--root', root, 'verify', '--strict']).code).toBe(1);
    expect(run(['--root', root, '--strict', 'verify']).code).toBe(1);
  }, 60_000);
});

describe('global options (14.21)', () => {
  it('accepts --now and --strict before the command', () => {
    const root = tempProject(ok);
    expect(run(['--root', root, '--now', '2030-01-01', 'lint']).code).toBe(0);
    expect(run(['--root', root, '--strict', 'check', '--format', 'json']).code).not.toBe(2);
  });

  it('prints a usage error once, on its own line', () => {
    const root = tempProject(ok);
    const result = run(['--root', root, 'lint', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/unknown option/g)).toHaveLength(1);
    expect(result.stderr.endsWith('\n')).toBe(true);
  });
});


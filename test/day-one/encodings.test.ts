/** Issue 14.25: UTF-16 and invalid UTF-8 are named as such, with a frame that shows the place; FORCE_COLOR is honoured. */
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { bin, run } from './helpers.js';
import { spawnSync } from 'node:child_process';

describe('file encodings', () => {
  it('names UTF-16 with a byte-order mark and how to convert it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CREATE SCHEMA IF NOT EXISTS app;\n', 'utf16le')]);
    const root = tempProject({ 'database/migrations/001_a.sql': utf16 });
    const finding = JSON.parse(run(['--root', root, 'lint', '--format', 'json']).stdout).findings.find((f: { rule: string }) => f.rule === 'syntax-error');
    expect(finding.message).toContain('found UTF-16 (LE, with a byte-order mark)');
    expect(finding.message).toContain('iconv -f UTF-16 -t UTF-8');
  });

  it('shows the line and column of invalid UTF-8, with the bytes', () => {
    const bad = Buffer.concat([Buffer.from("CREATE SCHEMA IF NOT EXISTS app;\nCOMMENT ON SCHEMA app IS 'caf"), Buffer.from([0xe9]), Buffer.from("';\n")]);
    const root = tempProject({ 'database/migrations/001_a.sql': bad });
    const out = run(['--root', root, 'lint']).stdout;
    expect(out).toContain('001_a.sql:2:30 error expected UTF-8 text, found invalid UTF-8 at byte 62 (bytes e9 27 3b 0a)');
    expect(out).toContain("  2 | COMMENT ON SCHEMA app IS 'caf\uFFFD';");
    expect(out).toMatch(/\n {4}\| {30}\^\n/);
  });
});

describe('colour', () => {
  /** lint's stdout with exactly `env` for the colour variables (stdout is a pipe, not a terminal). */
  function lintWith(env: Record<string, string>, ...flags: string[]): string {
    const root = tempProject({ 'database/migrations/001_a.sql': 'CREATE SCHEMA app;\n' });
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR')) as Record<string, string>;
    return spawnSync(process.execPath, [bin, '--root', root, ...flags, 'lint'], { encoding: 'utf8', env: { ...base, ...env } }).stdout;
  }

  it('FORCE_COLOR turns colour on without a terminal; FORCE_COLOR=0, NO_COLOR and --no-color turn it off', () => {
    expect(lintWith({})).not.toContain('\u001b[');
    expect(lintWith({ FORCE_COLOR: '1' })).toContain('\u001b[');
    expect(lintWith({ FORCE_COLOR: '0' })).not.toContain('\u001b[');
    expect(lintWith({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(lintWith({ FORCE_COLOR: '1' }, '--no-color')).not.toContain('\u001b[');
  });

  it('underlines warnings in yellow and errors in red', () => {
    const out = lintWith({ FORCE_COLOR: '1' });
    expect(out).toContain('\u001b[33m^'); // migration-unlocked is a warning
    expect(out).toContain('\u001b[31m^'); // rerunnable-ddl is an error
  });
});

/**
 * Issue 14.24: CI noise. --changed-since REF keeps the findings of changed
 * files and those the change caused elsewhere; --max-warnings and --fail-on
 * decide on warnings as ESLint does; drift annotations carry a line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { readmeWithMarkers, run } from './helpers.js';

const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' });

/** A repository whose first commit has two locked migrations with baseline findings. */
function adoptedRepo(): string {
  const root = tempProject({
    'README.md': readmeWithMarkers,
    'database/migrations/001_a.sql': 'CREATE SCHEMA app;\nCREATE TABLE app.accounts (id int PRIMARY KEY);\n',
    'database/migrations/002_b.sql': 'CREATE TABLE app.orders (id int PRIMARY KEY, account_id int REFERENCES app.accounts (id));\nCREATE INDEX orders_account ON app.orders (account_id);\n',
    'pgscribe.config.json': JSON.stringify({ exposedSchemas: [] }),
  });
  git(root, 'init', '-q', '-b', 'main');
  run(['--root', root, 'lock']);
  run(['--root', root, 'generate']);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  return root;
}

const findingsOf = (root: string, ...args: string[]) => JSON.parse(run(['--root', root, 'lint', '--format', 'json', ...args]).stdout).findings as Array<{ rule: string; file: string; severity: string; message: string }>;

describe('--changed-since', () => {
  it('leaves out the baseline warnings of untouched locked files', () => {
    const root = adoptedRepo();
    writeFileSync(path.join(root, 'database/migrations/003_c.sql'), 'CREATE TABLE app.notes (id int);\n');
    const all = findingsOf(root);
    expect(all.some((f) => f.file === 'database/migrations/001_a.sql')).toBe(true);
    const since = findingsOf(root, '--changed-since', 'main');
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((f) => f.file === 'database/migrations/003_c.sql')).toBe(true);
  });

  it('keeps a finding in an untouched file that the change caused', () => {
    const root = adoptedRepo();
    writeFileSync(path.join(root, 'database/migrations/003_c.sql'), 'DROP INDEX IF EXISTS app.orders_account;\n');
    const since = findingsOf(root, '--changed-since', 'main');
    expect(since).toContainEqual(expect.objectContaining({ rule: 'unindexed-foreign-key', file: 'database/migrations/002_b.sql' }));
  });

  it('sees committed, staged and untracked changes alike', () => {
    const root = adoptedRepo();
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(root, 'database/migrations/003_c.sql'), 'CREATE TABLE app.notes (id int);\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'feature');
    writeFileSync(path.join(root, 'database/migrations/004_d.sql'), 'CREATE TABLE app.tags (id int);\n');
    const files = new Set(findingsOf(root, '--changed-since', 'main').map((f) => f.file));
    expect(files).toEqual(new Set(['database/migrations/003_c.sql', 'database/migrations/004_d.sql']));
  });

  it('is exit 2 for a ref that does not exist, or outside a git repository', () => {
    const root = adoptedRepo();
    const missing = run(['--root', root, 'lint', '--changed-since', 'no-such-branch']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--changed-since no-such-branch: no such commit or branch');
    const plain = tempProject({ 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' });
    const outside = run(['--root', plain, 'lint', '--changed-since', 'main']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('is not in a git repository');
  });
});

describe('--max-warnings and --fail-on', () => {
  const root = () => tempProject({ 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' }); // one warning: no lock
  it('warnings pass by default, fail past --max-warnings, and fail with --fail-on warn', () => {
    const r = root();
    expect(run(['--root', r, 'lint']).code).toBe(0);
    expect(run(['--root', r, 'lint', '--max-warnings', '1']).code).toBe(0);
    expect(run(['--root', r, 'lint', '--max-warnings', '0']).code).toBe(1);
    expect(run(['--root', r, 'check', '--max-warnings', '0']).code).toBe(1);
    expect(run(['--root', r, 'lint', '--fail-on', 'warn']).code).toBe(1);
    expect(run(['--root', r, 'lint', '--max-warnings', 'x']).code).toBe(2);
  });
});

describe('GitHub annotations', () => {
  it('puts errors before warnings, and a drift annotation at the first changed line of the section', () => {
    const root = adoptedRepo();
    writeFileSync(path.join(root, 'database/migrations/003_c.sql'), 'CREATE TABLE app.notes (id int);\n');
    const out = run(['--root', root, 'check', '--format', 'github']).stdout.trim().split('\n');
    const firstWarning = out.findIndex((l) => l.startsWith('::warning'));
    expect(firstWarning === -1 || out.slice(0, firstWarning).every((l) => l.startsWith('::error'))).toBe(true);
    const drift = out.find((l) => l.includes('file=README.md') && l.includes('pgscribe drift'))!;
    const line = Number(/,line=(\d+),/.exec(drift)![1]);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
    run(['--root', root, 'generate']);
    const after = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
    expect(readme.slice(0, line - 1)).toEqual(after.slice(0, line - 1));
    expect(readme[line - 1]).not.toBe(after[line - 1]);
  });
});

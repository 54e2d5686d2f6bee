/**
 * Issue 14.4 and 14.15: file and object names with spaces, commas, colons,
 * brackets, quotes, non-ASCII, `..`, `/`, `\` and 300 bytes. Every link in the
 * generated docs resolves, every page lands inside `referenceDir`, and
 * nothing is written outside the root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNamePart } from '../../src/docs/paths.js';
import { tempProject } from '../helpers.js';
import { brokenLinks, linksOf } from './links.js';
import { readmeWithMarkers, run } from './helpers.js';

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]));
}

const documents = { 'README.md': readmeWithMarkers, 'AGENT.md': '<!-- pgscribe:begin database-guardrails -->\n<!-- pgscribe:end database-guardrails -->\n', 'Project_Architecture_Document.md': '<!-- pgscribe:begin database-architecture -->\n<!-- pgscribe:end database-architecture -->\n' };

describe('file names that Markdown links and shells trip over', () => {
  const files = {
    ...documents,
    'database/migrations/001 first, draft: ü.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
    "database/migrations/002_it's (v2) [x].sql": 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);\n',
    'database/seeds/seed one.sql': 'INSERT INTO a (id) VALUES (1) ON CONFLICT DO NOTHING;\n',
  };

  it('links every file, and every link resolves', () => {
    const root = tempProject(files);
    expect(run(['--root', root, 'generate']).code).toBe(0);
    const generated = new Map(listFiles(root).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    expect(brokenLinks(root, generated)).toEqual([]);
    const readmeLinks = linksOf(generated.get('README.md')!);
    expect(readmeLinks).toContain('database/migrations/001%20first%2C%20draft%3A%20%C3%BC.sql');
    expect(readmeLinks).toContain('database/migrations/002_it%27s%20%28v2%29%20%5Bx%5D.sql');
    expect(readmeLinks).toContain('database/seeds/seed%20one.sql');
  });

  it('quotes every path in the shell lines of the README', () => {
    const root = tempProject(files);
    run(['--root', root, 'generate']);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const script = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    // The script, run with psql replaced by echo, sees each file as one word.
    const shell = spawnSync('sh', ['-c', `psql() { for a in "$@"; do case "$a" in *.sql) echo "$a";; esac; done; }\n${script}`], { encoding: 'utf8', cwd: root });
    expect(shell.stdout.trim().split('\n')).toEqual(['database/migrations/001 first, draft: ü.sql', "database/migrations/002_it's (v2) [x].sql", 'database/seeds/seed one.sql']);
  });
});

describe('object names that would make paths', () => {
  const hostile = ['../../../escaped', 'a/b', 'back\\slash', 'colon:star*', 'x'.repeat(300), '.hidden', 'trailing. '];

  it('writes every page inside referenceDir, with working links, and nothing outside the root', () => {
    const parent = tempProject({});
    const root = path.join(parent, 'project');
    const sql = hostile.map((name, i) => `CREATE SCHEMA "${name.replace(/"/g, '""')}";\nCREATE TABLE "${name}".t${i} (id int PRIMARY KEY);\nCREATE TABLE public."${name}" (id int REFERENCES "${name}".t${i});\n`).join('');
    mkdirSync(path.join(root, 'database/migrations'), { recursive: true });
    writeFileSync(path.join(root, 'database/migrations/001_hostile.sql'), sql);
    for (const [f, t] of Object.entries(documents)) writeFileSync(path.join(root, f), t);
    const result = run(['--root', root, 'generate']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['project']);
    const pages = listFiles(path.join(root, 'docs/database'));
    expect(pages.every((p) => !p.includes('/'))).toBe(true);
    expect(pages.every((p) => Buffer.byteLength(p) <= 255)).toBe(true);
    expect(pages.length).toBe(4 + hostile.length * 2);
    const generated = new Map(listFiles(root).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    expect(brokenLinks(root, generated)).toEqual([]);
    expect(JSON.parse(run(['--root', root, 'check', '--format', 'json']).stdout).drift).toEqual([]);
  });

  it('keeps names that differ only in case apart on a case-insensitive file system', () => {
    const root = tempProject({ 'database/migrations/001.sql': 'CREATE TABLE "Users" (id int);\nCREATE TABLE users (id int);\n' });
    expect(run(['--root', root, 'generate']).code).toBe(0);
    const pages = listFiles(path.join(root, 'docs/database')).filter((p) => p.startsWith('public.'));
    expect(pages).toHaveLength(2);
    expect(new Set(pages.map((p) => p.toLowerCase())).size).toBe(2);
  });

  it('encodes the characters that file systems reserve, and leading dots', () => {
    expect(encodeNamePart('../x')).toBe('%2E.%2Fx');
    expect(encodeNamePart('a\\b:c*?"<>|%')).toBe('a%5Cb%3Ac%2A%3F%22%3C%3E%7C%25');
    expect(encodeNamePart('plain_name-1')).toBe('plain_name-1');
    expect(encodeNamePart('nul\u0000byte')).toBe('nul%00byte');
  });
});

/** A project in the folder `project` of a temp folder of its own (`parent`), so that escapes show beside it. */
function projectInParent(files: Record<string, string>): { parent: string; root: string } {
  const parent = tempProject(Object.fromEntries(Object.entries(files).map(([f, text]) => [`project/${f}`, text])));
  return { parent, root: path.join(parent, 'project') };
}

describe('targets outside the root', () => {
  it('refuses a referenceDir outside the root, writing nothing', () => {
    const { parent, root } = projectInParent({ 'database/migrations/001.sql': 'CREATE TABLE t (id int);\n', 'pgscribe.config.json': JSON.stringify({ referenceDir: '../outside' }) });
    const result = run(['--root', root, 'generate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('outside the project');
    expect(existsSync(path.join(parent, 'outside'))).toBe(false);
  });

  it('refuses a lock file outside the root (lock, init), writing nothing', () => {
    const { parent, root } = projectInParent({ 'database/migrations/001.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n', 'pgscribe.config.json': JSON.stringify({ lockFile: '../escaped.lock' }) });
    const result = run(['--root', root, 'lock']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to write outside the project');
    expect(readdirSync(parent)).toEqual(['project']);
  });

  it('refuses a docs folder that is a symbolic link leading out', () => {
    const { parent, root } = projectInParent({ 'database/migrations/001.sql': 'CREATE TABLE t (id int);\n' });
    mkdirSync(path.join(parent, 'elsewhere'));
    mkdirSync(path.join(root, 'docs'));
    symlinkSync(path.join(parent, 'elsewhere'), path.join(root, 'docs/database'));
    const result = run(['--root', root, 'generate']);
    expect(result.code).toBe(2);
    expect(readdirSync(path.join(parent, 'elsewhere'))).toEqual([]);
  });
});

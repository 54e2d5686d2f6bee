/**
 * Hardening: whatever a team feeds pgscribe, it answers with findings or a
 * one-line exit-2 error naming the file — never a stack trace, never a hang,
 * never a partial write. Cases are generated deterministically (seeded).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDocs } from '../src/docs/generate.js';
import { PgscribeError } from '../src/errors.js';
import { loadProject } from '../src/pipeline.js';
import { lintProject } from '../src/lint/engine.js';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'pgscribe.js');

/** mulberry32: a small seeded PRNG, so every run generates the same cases. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sqlFiles(full));
    else if (name.endsWith('.sql')) out.push(full);
  }
  return out.sort();
}

function cli(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--root', root, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

/** The contract every case must honour. */
function expectWellBehaved(result: ReturnType<typeof cli>) {
  expect(result.timedOut).toBe(false);
  expect([0, 1, 2]).toContain(result.code);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (result.code === 2) expect(result.stderr.trim().split('\n')).toHaveLength(1);
  else JSON.parse(result.stdout);
}

const sources = [...sqlFiles(path.join(repoRoot, 'database')), ...sqlFiles(corpusRoot)];
const truncations = 60;

describe('hardening', () => {
  it(`${truncations} files truncated at random byte offsets: findings, never a crash`, async () => {
    const next = random(20261121);
    for (let i = 0; i < truncations; i++) {
      const source = sources[Math.floor(next() * sources.length)];
      const bytes = readFileSync(source);
      const cut = bytes.subarray(0, Math.floor(next() * bytes.length));
      const root = tempProject({ 'database/migrations/001_cut.sql': cut, 'database/seeds/001_seed.sql': cut });
      try {
        const project = await loadProject({ root });
        lintProject(project);
        planDocs(project);
      } catch (error) {
        expect.fail(`${path.relative(repoRoot, source)} cut at byte ${cut.length}: ${(error as Error).stack}`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  }, 120_000);

  const cases: Array<[string, string | Buffer, (r: ReturnType<typeof cli>) => void]> = [
    ['a binary file named .sql', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0x00]), (r) => expect(JSON.parse(r.stdout).findings[0].message).toContain('binary')],
    ['invalid UTF-8', Buffer.concat([Buffer.from('SELECT 1;\nSELECT \''), Buffer.from([0xc3, 0x28]), Buffer.from("';\n")]), (r) => expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ rule: 'syntax-error', line: 2, column: 9, message: 'expected UTF-8 text, found invalid UTF-8 at byte 18 (bytes c3 28 27 3b); re-save the file as UTF-8' })],
    ['a BOM', '\uFEFFCREATE TABLE IF NOT EXISTS t (id int);\nCREATE TABL x;\n', (r) => expect(JSON.parse(r.stdout).findings.find((f: { rule: string }) => f.rule === 'syntax-error')).toMatchObject({ line: 2, column: 8 })],
    ['CRLF and mixed line endings', 'CREATE TABLE IF NOT EXISTS t (id int);\r\nSELECT 1;\rSELECT 2;\nCREATE TABL x;\r\n', (r) => expect(JSON.parse(r.stdout).findings.find((f: { rule: string }) => f.rule === 'syntax-error')).toMatchObject({ line: 4, column: 8 })],
    ['a 5 MB single-line file', `SELECT '${'x'.repeat(5 * 1024 * 1024)}';`, (r) => expect(r.code).toBe(0)],
    ['deeply nested parentheses', `SELECT ${'('.repeat(20000)}1${')'.repeat(20000)};`, (r) => expect(JSON.parse(r.stdout).findings[0].rule).toBe('syntax-error')],
    ['an unterminated dollar quote', 'SELECT 1;\nDO $$ BEGIN RAISE NOTICE \'x\';\n', (r) => expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ rule: 'syntax-error', line: 2 })],
    ['an unterminated comment', 'SELECT 1;\n/* never closed\nSELECT 2;\n', (r) => expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ rule: 'syntax-error', line: 2 })],
  ];

  it.each(cases)('%s', (_name, content, extra) => {
    const root = tempProject({ 'database/migrations/001_case.sql': content, 'pgscribe.config.json': '{"exposedSchemas": [], "rules": {"migration-unlocked": "off"}}' });
    const result = cli(root, 'lint', '--format', 'json');
    expectWellBehaved(result);
    extra(result);
  }, 60_000);

  it('a config with wrong types: exit 2, one line naming the key', () => {
    const root = tempProject({ 'pgscribe.config.json': '{"migrations": "database/*.sql", "partitionHorizonDays": -1}' });
    const result = cli(root, 'lint', '--format', 'json');
    expectWellBehaved(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('migrations: expected array');
  });

  it('an unwritable docs target: exit 2 naming it, and no file changed', () => {
    const root = tempProject({
      'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int);',
      'README.md': '<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n',
    });
    mkdirSync(path.join(root, 'docs/database/index.md'), { recursive: true }); // a directory where a page must go
    const result = cli(root, 'generate');
    expectWellBehaved(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('docs/database/index.md: cannot write generated docs: expected a file');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe('<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n');
    expect(readdirSync(path.join(root, 'docs/database'))).toEqual(['index.md']);
  });

  it('markers shown in a code fence are text: exit 2 only for the real missing end marker', () => {
    const root = tempProject({
      'database/migrations/001_init.sql': 'SELECT 1;',
      'README.md': '```\n<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n```\n\n<!-- pgscribe:begin database-and-seeds -->\n',
    });
    const result = cli(root, 'generate');
    expectWellBehaved(result);
    expect(result.stderr).toMatch(/^pgscribe: README\.md:6: section "database-and-seeds" has no end marker/);
  });

  it('--debug shows the stack of an internal error; without it, one line', () => {
    const root = tempProject({ 'pgscribe.config.json': '{"targets": [{"file": "README.md", "section": "x", "template": "missing.hbs"}]}', 'README.md': '<!-- pgscribe:begin x -->\n<!-- pgscribe:end x -->\n' });
    const plain = cli(root, 'generate');
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    const debug = cli(root, '--debug', 'generate');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('library errors are PgscribeError, not crashes', async () => {
    const root = tempProject({ 'pgscribe.config.json': '[1, 2' });
    await expect(loadProject({ root })).rejects.toBeInstanceOf(PgscribeError);
  });
});

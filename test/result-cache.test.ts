/**
 * The result cache: every cacheable command prints the same bytes with and
 * without it, on this repository and on the corpus; a changed, added or
 * removed input is a miss; a corrupt, truncated or foreign entry is ignored
 * and written again; the cache stays bounded; --no-cache reads and writes none.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusConfigs, longHistories } from '../bench/corpus.js';
import { spawnSync } from 'node:child_process';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';
import { bin } from './day-one/helpers.js';

/** Runs the built CLI (outputs of megabytes: the corpus's models). */
function run(args: string[], options: { env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const trace = { PGSCRIBE_CACHE_TRACE: '1' };
const hit = 'pgscribe: result cache hit\n';

/** Runs a command three times: without the cache, filling it, and from it; the three print the same. */
function threeWays(args: string[], cache: string) {
  const plain = run(['--no-cache', ...args], { env: trace });
  const fill = run(['--cache-location', cache, ...args], { env: trace });
  const warm = run(['--cache-location', cache, ...args], { env: trace });
  // Without the stored results, from the parse cache alone (sql/parse-cache.ts).
  for (const f of readdirSync(cache)) if (f.endsWith('.json')) rmSync(path.join(cache, f));
  const parsed = run(['--cache-location', cache, ...args], { env: trace });
  expect(parsed.stderr).not.toContain(hit);
  expect(readdirSync(path.join(cache, 'parse')).length).toBeGreaterThan(0);
  expect([parsed.stdout, parsed.stderr, parsed.code]).toEqual([plain.stdout, plain.stderr, plain.code]);
  return { plain, fill, warm };
}

const commands = [['check'], ['check', '--format', 'json'], ['lint', '--format', 'json', '--now', '2026-06-01'], ['inspect', '--format', 'json'], ['export'], ['export', '--format', 'dbml']];

describe('the result cache', () => {
  it.each(commands.map((c) => [c.join(' '), c]))('%s on this repository: the same bytes with and without it, the second run from it', (_name, args) => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-cache-'));
    const { plain, fill, warm } = threeWays(['--root', repoRoot, ...args], cache);
    expect(fill.stderr).not.toContain(hit);
    expect(warm.stderr.startsWith(hit)).toBe(true);
    expect([fill.stdout, warm.stdout]).toEqual([plain.stdout, plain.stdout]);
    expect([fill.code, warm.code]).toEqual([plain.code, plain.code]);
    expect(warm.stderr.slice(hit.length)).toBe(plain.stderr);
  });

  const present = existsSync(corpusRoot);
  it.skipIf(!present).each(Object.entries({ ...corpusConfigs, ...longHistories }))('lint and inspect on the corpus set %s: the same bytes', (name, config) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-cache-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(config));
    for (const args of [['lint', '--format', 'json', '--now', '2026-06-01'], ['inspect', '--format', 'json']]) {
      const { plain, fill, warm } = threeWays(['--root', path.join(corpusRoot, name), '--config', configFile, ...args], path.join(dir, 'cache'));
      expect(warm.stderr.startsWith(hit)).toBe(true);
      expect([fill.stdout, warm.stdout, fill.code, warm.code]).toEqual([plain.stdout, plain.stdout, plain.code, plain.code]);
    }
  }, 120_000);

  it('a changed, added or removed input is a miss, and the result follows it', () => {
    const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    mkdirSync(path.join(root, 'node_modules')); // the conventional location: node_modules/.cache/pgscribe
    const lint = () => run(['--root', root, 'lint', '--format', 'json'], { env: trace });
    const tables = (out: string) => JSON.parse(out).findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`);
    expect(lint().stderr).not.toContain(hit);
    expect(existsSync(path.join(root, 'node_modules/.cache/pgscribe'))).toBe(true);
    expect(lint().stderr).toContain(hit);
    writeFileSync(path.join(root, 'database/migrations/001_a.sql'), 'CREATE TABLE a (id int);\n');
    const changed = lint();
    expect(changed.stderr).not.toContain(hit);
    expect(tables(changed.stdout)).toContain('rerunnable-ddl database/migrations/001_a.sql');
    writeFileSync(path.join(root, 'database/migrations/002_b.sql'), 'CREATE TABLE b (id int);\n');
    const added = lint();
    expect(added.stderr).not.toContain(hit);
    expect(tables(added.stdout)).toContain('rerunnable-ddl database/migrations/002_b.sql');
    rmSync(path.join(root, 'database/migrations/002_b.sql'));
    expect(tables(lint().stdout)).not.toContain('rerunnable-ddl database/migrations/002_b.sql');
    writeFileSync(path.join(root, 'pgscribe.config.json'), '{"exposedSchemas": [], "rules": {"rerunnable-ddl": "off"}}');
    expect(tables(lint().stdout)).toEqual(['migration-unlocked database/migrations/001_a.sql']);
    // another day is another result (date-based rules), unless --now pins it
    expect(run(['--root', root, 'lint', '--now', '2026-01-01'], { env: trace }).stderr).not.toContain(hit);
    expect(run(['--root', root, 'lint', '--now', '2026-01-01'], { env: trace }).stderr).toContain(hit);
  });

  it('a corrupt, truncated or foreign entry is ignored and written again; the cache stays bounded; --no-cache uses none', () => {
    const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    const cache = path.join(root, 'cache');
    const args = ['--root', root, '--cache-location', cache, 'check'];
    const first = run(args, { env: trace });
    const [entry] = readdirSync(cache);
    const file = path.join(cache, entry);
    const sound = readFileSync(file, 'utf8');
    const parsed = JSON.parse(sound);
    for (const bad of ['{not json', sound.slice(0, sound.length / 2), JSON.stringify({ ...parsed, format: 999 }), JSON.stringify({ ...parsed, result: { ...parsed.result, stdout: 'forged\n' }, key: 'other' }), JSON.stringify({ ...parsed, build: 'another build' })]) {
      writeFileSync(file, bad);
      const again = run(args, { env: trace });
      expect(again.stderr).not.toContain(hit);
      expect(again.stdout).toBe(first.stdout);
      expect(JSON.parse(readFileSync(file, 'utf8')).result).toEqual(parsed.result); // written again, sound
    }
    for (let i = 0; i < 70; i++) writeFileSync(path.join(cache, `${String(i).padStart(32, '0')}.json`), '{}');
    run([...args.slice(0, -1), 'lint'], { env: trace });
    expect(readdirSync(cache).filter((f) => f.endsWith('.json')).length).toBe(64);
    const none = path.join(root, 'none');
    run(['--root', root, '--cache-location', none, '--no-cache', 'check']);
    expect(existsSync(none)).toBe(false);
  });
});

/** `--watch`: a run now, and one per change of an input (a new migration counts), with one line each; what generate writes starts no run. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers.js';
import { bin } from './day-one/helpers.js';

/** Starts `args` with --watch; `lines()` are the run lines so far; `waitFor(n)` resolves when there are n. */
function watching(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args, '--watch'], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.stdout.on('data', (d) => (stdout += String(d)));
  const lines = () => stderr.split('\n').filter((l) => l.includes('--watch:'));
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 50));
    return lines();
  };
  return { child, lines, waitFor, output: () => stdout };
}

describe('--watch', () => {
  it('lint runs again when a migration changes or a new one appears, one line per run', async () => {
    const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    const w = watching(['--root', root, 'lint']);
    try {
      expect((await w.waitFor(1))[0]).toMatch(/^pgscribe lint --watch: clean in \d+\.\d\d s; watching \d+ directories/);
      writeFileSync(path.join(root, 'database/migrations/002_b.sql'), 'CREATE TABLE b (id int);\n');
      expect((await w.waitFor(2))[1]).toMatch(/^pgscribe lint --watch: findings or drift \(exit 1\)/);
      expect(w.output()).toContain('002_b.sql:1:1 error CREATE TABLE b (id int) fails when the migrations run again');
    } finally {
      w.child.kill('SIGTERM');
    }
  }, 30_000);

  it('generate writes the docs once; its own writes start no second run', async () => {
    const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS a (id int);\n' });
    const w = watching(['--root', root, 'generate']);
    try {
      await w.waitFor(1);
      await new Promise((r) => setTimeout(r, 800));
      expect(w.lines()).toHaveLength(1);
      expect(w.output()).toContain('pgscribe: updated');
    } finally {
      w.child.kill('SIGTERM');
    }
  }, 30_000);
});

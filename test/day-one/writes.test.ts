/**
 * Issue 14.17–14.20: writes that hurt. An interrupted generate leaves no temp
 * files and whole sections; stale temp files of killed runs are removed and
 * reported; writes keep a file's mode and refuse read-only files; a closed
 * stdout ends the run quietly; long lines are cut in code frames.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipLine, frameWidth } from '../../src/report/reporters.js';
import { tempProject } from '../helpers.js';
import { bin, readmeWithMarkers, run } from './helpers.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const section = (readme: string) => /<!-- pgscribe:begin database-and-seeds -->[\s\S]*<!-- pgscribe:end database-and-seeds -->/.exec(readme)?.[0];

function bigProject(tables: number): string {
  const sql = Array.from({ length: tables }, (_, i) => `CREATE TABLE IF NOT EXISTS app.t${i} (id int PRIMARY KEY, a text, b int REFERENCES app.t${Math.max(0, i - 1)} (id));\n`).join('');
  return tempProject({ 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': `CREATE SCHEMA IF NOT EXISTS app;\n${sql}` });
}

/**
 * Runs generate and sends `signal` after `delay` ms, or (delay `'mid-write'`)
 * as soon as its first temp file appears; resolves to the exit code.
 */
function interruptedGenerate(root: string, signal: NodeJS.Signals, delay: number | 'mid-write'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, '--root', root, 'generate'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const pages = path.join(root, 'docs/database');
    const poll = setInterval(() => {
      if (delay !== 'mid-write') return;
      const writing = existsSync(pages) && readdirSync(pages).some((f) => f.endsWith('.tmp'));
      if (writing) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 2);
    const timer = delay === 'mid-write' ? undefined : setTimeout(() => child.kill(signal), delay);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe('interrupted writes (14.17)', () => {
  it('SIGINT or SIGTERM at any point leaves no temp files and either the old or the new section', async () => {
    const root = bigProject(1500);
    const old = section(readFileSync(path.join(root, 'README.md'), 'utf8'));
    const reference = bigProject(1500);
    expect(run(['--root', reference, 'generate']).code).toBe(0);
    const fresh = section(readFileSync(path.join(reference, 'README.md'), 'utf8'));
    const codes: Array<number | null> = [];
    const runs: Array<[NodeJS.Signals, number | 'mid-write']> = [['SIGINT', 'mid-write'], ['SIGTERM', 'mid-write'], ['SIGINT', 300], ['SIGTERM', 800], ['SIGINT', 1400]];
    const midWrite: Array<number | null> = [];
    for (const [signal, delay] of runs) {
      // Each run starts from the old docs, so it has every page and the section to write.
      rmSync(path.join(root, 'docs'), { recursive: true, force: true });
      writeFileSync(path.join(root, 'README.md'), readmeWithMarkers);
      const { code, stderr } = await interruptedGenerate(root, signal, delay);
      codes.push(code);
      if (delay === 'mid-write') midWrite.push(code);
      expect(stderr).not.toMatch(/at .*\.c?js:\d+/); // no stack trace
      expect(allFiles(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect([old, fresh]).toContain(section(readFileSync(path.join(root, 'README.md'), 'utf8')));
    }
    // A signal during the writes waits for them and then exits 130/143. Under heavy load a signal can also come
    // before the handlers are installed or after they are removed (killed: null), or after the run ended (0).
    for (const code of codes) expect([130, 143, null, 0]).toContain(code);
    expect([...midWrite, ...codes].some((c) => c === 130 || c === 143)).toBe(true);
  }, 60_000);

  it('generate and check remove and report temp files that a killed run left', () => {
    const root = tempProject({ 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(root, `README.md.pgscribe-${dead}.tmp`), 'half');
    const check = run(['--root', root, 'check']);
    expect(check.stderr).toContain(`removed 1 temp file left by an interrupted run: README.md.pgscribe-${dead}.tmp`);
    writeFileSync(path.join(root, `README.md.pgscribe-${dead}.tmp`), 'half');
    const generate = run(['--root', root, 'generate']);
    expect(generate.stderr).toContain('removed 1 temp file');
    expect(allFiles(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('modes and owners (14.18)', () => {
  it('keeps a 600 file 600', () => {
    const root = tempProject({ 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' });
    chmodSync(path.join(root, 'README.md'), 0o600);
    expect(run(['--root', root, 'generate']).code).toBe(0);
    expect(statSync(path.join(root, 'README.md')).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)('keeps the owner of a file that belongs to another user (as root)', () => {
    const root = tempProject({ 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' });
    chownSync(path.join(root, 'README.md'), 1234, 5678);
    expect(run(['--root', root, 'generate']).code).toBe(0);
    const stat = statSync(path.join(root, 'README.md'));
    expect([stat.uid, stat.gid]).toEqual([1234, 5678]);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('## Database & Seeds');
  });

  it('refuses a read-only target: exit 2, nothing written', () => {
    const root = tempProject({ 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\n' });
    chmodSync(path.join(root, 'README.md'), 0o444);
    const result = run(['--root', root, 'generate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('README.md: cannot write generated docs: it is read-only');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe(readmeWithMarkers);
    expect(allFiles(root).some((f) => f.includes('docs/database'))).toBe(false);
  });
});

describe('a closed stdout (14.19)', () => {
  it('lint | head -1 ends quietly with exit 0', () => {
    const root = bigProject(300);
    const bash = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" --root "${root}" lint | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(bash.stderr).not.toContain('EPIPE');
    expect(bash.stderr).not.toMatch(/at .*\.c?js:\d+/);
    expect(bash.stdout.trim()).toBe('status=0');
  });
});

describe('long lines in code frames (14.20)', () => {
  it('a 1.3 MB one-line statement prints a few kilobytes, the finding in view', () => {
    const values = Array.from({ length: 40_000 }, (_, i) => `(${i}, 'xxxxxxxxxxxxxxxxxxxxxxxx')`).join(',');
    const root = tempProject({ 'database/migrations/001_a.sql': `CREATE SCHEMA IF NOT EXISTS app; CREATE TABLE IF NOT EXISTS app.t (id int, v text); INSERT INTO app.t VALUES ${values}; CREATE TABLE app.u (id int);\n` });
    const out = run(['--root', root, 'lint']).stdout;
    expect(out.length).toBeLessThan(10_000);
    const frame = out.split('\n').find((l) => /^\s+\d+ \| /.test(l) && l.includes('CREATE TABLE app.u'))!;
    expect(frame.length).toBeLessThan(frameWidth + 20);
  });

  it('cuts around the columns and moves them into the window', () => {
    const text = `${'a'.repeat(500)}TARGET${'b'.repeat(500)}`;
    const clip = clipLine(text, 501, 507);
    expect(clip.text.length).toBeLessThanOrEqual(frameWidth + 2);
    expect(clip.text.slice(clip.from - 1, clip.to - 1)).toBe('TARGET');
    expect(clipLine('short', 1, 3)).toEqual({ text: 'short', from: 1, to: 3 });
  });
});

/** The programmatic API, through the built entry point that package.json exports (dist/index.js). */
import { describe, expect, it, vi } from 'vitest';
import { repoRoot, tempProject } from './helpers.js';

describe('import { loadProject, lint, generate, check, verify } from "pgscribe"', () => {
  it('returns results without printing or exiting', async () => {
    const api = await import('../dist/index.js');
    const write = vi.spyOn(process.stdout, 'write');
    const exit = vi.spyOn(process, 'exit');
    const project = await api.loadProject({ root: repoRoot });
    expect(api.lint(project)).toEqual([]);
    const result = api.check(project);
    expect(result).toMatchObject({ ok: true, drift: [], findings: [] });
    expect(project.model.tables.length).toBeGreaterThanOrEqual(30);
    expect(write).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
    write.mockRestore();
    exit.mockRestore();
  });

  it('generate writes, check then passes; verify resolves; a bad config rejects with PgscribeError', async () => {
    const api = await import('../dist/index.js');
    const root = tempProject({
      'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);\n',
      'README.md': '# x\n\n<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n',
    });
    const project = await api.loadProject({ root });
    expect(api.check(project).drift.length).toBeGreaterThan(0);
    expect(api.generate(project)).toContain('README.md');
    expect(api.check(await api.loadProject({ root })).drift).toEqual([]);
    const replay = await api.verify(project);
    expect(replay.migrations).toEqual({ applied: 1, total: 1, rerunFailures: 0, notRun: 0, leftOut: [] });
    const bad = tempProject({ 'pgscribe.config.json': '{"order": 1}' });
    await expect(api.loadProject({ root: bad })).rejects.toBeInstanceOf(api.PgscribeError);
  }, 60_000);
});

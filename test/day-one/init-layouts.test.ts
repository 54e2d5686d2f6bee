/** Issue 14.22: init finds the common layouts, orders diesel by version, and says only what is true. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/pipeline.js';
import { tempProject } from '../helpers.js';
import { run } from './helpers.js';

const sql = 'CREATE SCHEMA IF NOT EXISTS app;\n';
const configOf = (root: string) => JSON.parse(readFileSync(path.join(root, 'pgscribe.config.json'), 'utf8'));

function initAt(files: Record<string, string>) {
  const root = tempProject({ 'README.md': '# x\n', ...files });
  const result = run(['--root', root, 'init']);
  return { root, result, config: result.code === 0 ? configOf(root) : undefined };
}

describe('init layouts', () => {
  it.each([
    ['Prisma', { 'prisma/migrations/20240101000000_init/migration.sql': sql, 'prisma/migrations/migration_lock.toml': '' }, { migrations: ['prisma/migrations/*/migration.sql'], order: 'version', seeds: [] }],
    ['Prisma in a workspace package', { 'packages/db/prisma/migrations/20240101000000_init/migration.sql': sql }, { migrations: ['packages/db/prisma/migrations/*/migration.sql'], order: 'version' }],
    ['nested Supabase', { 'apps/web/supabase/migrations/20240101000000_init.sql': sql, 'apps/web/supabase/seed.sql': '' }, { migrations: ['apps/web/supabase/migrations/*.sql'], seeds: ['apps/web/supabase/seed.sql'], replay: { shim: 'supabase' } }],
    ['sqlx up/down pairs', { 'migrations/20240101000000_init.up.sql': sql, 'migrations/20240101000000_init.down.sql': 'DROP SCHEMA app;\n' }, { migrations: ['migrations/*.up.sql'], order: 'numeric' }],
    ['golang-migrate with _up files', { 'db/000001_init.up.sql': sql, 'db/000001_init.down.sql': '', 'db/000002_more_up.sql': sql }, { migrations: ['db/*[._]up.sql'] }],
    ['sql/*.sql', { 'sql/001_init.sql': sql }, { migrations: ['sql/*.sql'], seeds: [] }],
    ['db/migrate', { 'db/migrate/001_init.sql': sql }, { migrations: ['db/migrate/*.sql'] }],
    ['goose', { 'db/migrations/001_init.sql': `-- +goose Up\n${sql}-- +goose Down\nDROP SCHEMA app;\n` }, { migrations: ['db/migrations/*.sql'], format: 'goose' }],
    ['a deep goose folder', { 'cmd/app-migrate/migrate/migrations/001_init.sql': `-- +goose Up\n${sql}`, 'cmd/app-migrate/migrate/migrations/002_more.sql': `-- +goose Up\n${sql}`, 'docs/example.sql': sql }, { migrations: ['cmd/app-migrate/migrate/migrations/*.sql'], format: 'goose' }],
    ['a folder inside migrations/', { 'migrations/tenant/0001-init.sql': sql, 'migrations/tenant/0002-more.sql': sql }, { migrations: ['migrations/tenant/*.sql'] }],
    ['dbmate', { 'db/migrations/001_init.sql': `-- migrate:up\n${sql}-- migrate:down\nDROP SCHEMA app;\n` }, { migrations: ['db/migrations/*.sql'], format: 'dbmate' }],
  ])('%s', (_name, files, expected) => {
    const { result, config } = initAt(files);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(config).toMatchObject(expected);
  });

  it('the down files of up/down pairs are not migrations', async () => {
    const { root } = initAt({ 'migrations/0001_a.up.sql': sql, 'migrations/0001_a.down.sql': 'DROP SCHEMA app;\n' });
    const project = await loadProject({ root });
    expect(project.migrations.map((m) => m.data.file)).toEqual(['migrations/0001_a.up.sql']);
    expect(project.model.schemas.map((s) => s.name)).toEqual(['app']);
  });

  it('orders a diesel project by version, not lexically', async () => {
    const { root, config } = initAt({
      'migrations/00000000000000_diesel_initial_setup/up.sql': sql,
      'migrations/2022-01-02-000000_second/up.sql': 'CREATE TABLE IF NOT EXISTS app.b (id int);\n',
      'migrations/20220101000000_first/up.sql': 'CREATE TABLE IF NOT EXISTS app.a (id int);\n',
      'migrations/20220101000000_first/down.sql': 'DROP TABLE app.a;\n',
    });
    expect(config).toMatchObject({ migrations: ['migrations/*/up.sql'], order: 'version' });
    const project = await loadProject({ root });
    expect(project.migrations.map((m) => m.data.file.split('/')[1])).toEqual(['00000000000000_diesel_initial_setup', '20220101000000_first', '2022-01-02-000000_second']);
  });

  it('does not claim database/seeds when there is none', () => {
    const { result, config } = initAt({ 'database/migrations/001_a.sql': sql });
    expect(result.stdout).not.toContain('database/seeds');
    expect(config.seeds).toEqual([]);
  });

  it('--dry-run says what it would do, never "created"', () => {
    const root = tempProject({ 'db/migrations/001_a.sql': sql });
    const dry = run(['--root', root, 'init', '--dry-run']);
    expect(dry.stdout).toContain('would create the file');
    expect(dry.stdout).not.toMatch(/\bcreated\b/);
    expect(existsSync(path.join(root, 'README.md'))).toBe(false);
  });

  it('--migrations GLOB adopts a layout it does not know', () => {
    const root = tempProject({ 'schema/changes/001_a.sql': sql });
    expect(run(['--root', root, 'init']).code).toBe(2);
    const given = run(['--root', root, 'init', '--migrations', 'schema/changes/*.sql']);
    expect(given.code).toBe(0);
    expect(configOf(root)).toMatchObject({ migrations: ['schema/changes/*.sql'] });
    expect(run(['--root', root, 'check', '--format', 'json']).code).not.toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { syntaxFindings } from '../src/lint/engine.js';
import { orderMigrations } from '../src/sources/order.js';
import { substituteVariables } from '../src/sources/read.js';
import { errorOf, projectOf, tempProject } from './helpers.js';


describe('config', () => {
  it('has a default for every key, so no file is needed', () => {
    const { config, file } = loadConfig(tempProject({}));
    expect(file).toBeUndefined();
    expect(config.migrations).toEqual(['database/migrations/*.sql']);
    expect(config.environmentSetting).toBe('app.environment');
    expect(config.allowedEnvironments).toEqual(['development', 'test']);
    expect(config.lockFile).toBe('database/migrations.lock');
    expect(config.order).toBe('numeric');
  });

  it('names the key path, what was expected and what was found', () => {
    const error = errorOf(() => parseConfig({ rules: { 'rerunnable-ddl': 'loud' }, targets: [{ file: 'README.md', section: 'Bad Name', template: 'x.hbs' }] }));
    expect(error.code).toBe('config');
    expect(error.describe()).toContain('pgscribe.config.json');
    expect(error.message).toContain('rules.rerunnable-ddl: expected one of "error"|"warn"|"off", found string "loud"');
    expect(error.message).toContain('targets[0].section');
  });

  it('rejects unknown keys and wrong types', () => {
    expect(errorOf(() => parseConfig({ migration: ['x'] })).message).toContain('unknown key "migration"');
    expect(errorOf(() => parseConfig({ partitionHorizonDays: '30' })).message).toContain('partitionHorizonDays: expected number, found string "30"');
  });

  it('reports invalid JSON with its line', () => {
    const root = tempProject({ 'pgscribe.config.json': '{\n  "migrations": [\n}' });
    const error = errorOf(() => loadConfig(root));
    expect(error.describe()).toMatch(/^pgscribe\.config\.json:3: config is not valid JSON/);
  });
});

describe('migration order', () => {
  const files = ['m/0001-a.sql', 'm/00010-j.sql', 'm/0002-b.sql', 'm/notes.sql'];

  it('sorts by numeric prefix by default (0002 before 00010)', () => {
    expect(orderMigrations(files, 'numeric')).toEqual(['m/0001-a.sql', 'm/0002-b.sql', 'm/00010-j.sql', 'm/notes.sql']);
  });

  it('sorts lexically on request', () => {
    expect(orderMigrations(files, 'lexical')).toEqual(['m/0001-a.sql', 'm/00010-j.sql', 'm/0002-b.sql', 'm/notes.sql']);
  });

  it('follows an explicit list, unlisted files after it, and rejects a file that is not a migration', () => {
    expect(orderMigrations(files, ['m/notes.sql', 'm/0002-b.sql'])).toEqual(['m/notes.sql', 'm/0002-b.sql', 'm/0001-a.sql', 'm/00010-j.sql']);
    expect(errorOf(() => orderMigrations(files, ['m/missing.sql'])).message).toContain('order[0]');
  });
});

describe('variables', () => {
  it('replaces :NAME, :\'NAME\' and :"NAME" but never ::casts', () => {
    const sql = "GRANT x TO :DATABASE_OWNER; SELECT :'DATABASE_NAME', :\"DATABASE_NAME\", 1::int, :UNKNOWN;";
    expect(substituteVariables(sql, { values: { DATABASE_OWNER: 'postgres', ':DATABASE_NAME': "it's" }, syntax: 'psql' })).toBe(
      "GRANT x TO postgres; SELECT 'it''s', \"it's\", 1::int, :UNKNOWN;",
    );
  });

  it('replaces a placeholder right after a :: cast, as psql does (x:::SCHEMA.job is a cast to the substituted type)', () => {
    const values = { SCHEMA: 'pgboss' };
    expect(substituteVariables("SELECT ('a'):::SCHEMA.job, 1::int, a::::SCHEMA;", { values, syntax: 'psql' })).toBe("SELECT ('a')::pgboss.job, 1::int, a::::SCHEMA;");
  });

  it('go-template: {{ .Name }} and {{ index .Options "Name" }}, unknown ones left as written, psql colons untouched', () => {
    const sql = 'CREATE TABLE {{ index .Options "Namespace" }}.users (id int); GRANT ALL ON {{.Namespace}}.users TO {{ .Owner }}; SELECT 1::int, :Namespace;';
    expect(substituteVariables(sql, { values: { Namespace: 'auth' }, syntax: 'go-template' })).toBe('CREATE TABLE auth.users (id int); GRANT ALL ON auth.users TO {{ .Owner }}; SELECT 1::int, :Namespace;');
  });

  it('go-template files lint without a rendering step (Supabase auth\'s layout)', async () => {
    const project = await projectOf(['CREATE SCHEMA IF NOT EXISTS {{ index .Options "Namespace" }};\nCREATE TABLE IF NOT EXISTS {{ index .Options "Namespace" }}.users (id uuid PRIMARY KEY);'], {}, { variables: { Namespace: 'auth' }, placeholders: 'go-template' });
    expect(syntaxFindings(project)).toEqual([]);
    expect(project.model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['auth.users']);
  });

  it('substitutes before parsing, so placeholder files parse', async () => {
    const project = await projectOf(['CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO :VISITOR;'], {}, { variables: { VISITOR: 'app_visitor' } });
    expect(syntaxFindings(project)).toEqual([]);
    expect(project.model.grants[0].grantees).toEqual(['app_visitor']);
  });
});

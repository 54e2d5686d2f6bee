/**
 * Issue 14.23: goose and dbmate files hold both directions; only the Up
 * section is the migration, positions stay those of the file, and the
 * runner's no-transaction markers hold in verify.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntaxFindings } from '../../src/lint/engine.js';
import { loadProject } from '../../src/pipeline.js';
import { verify } from '../../src/replay/verify.js';
import { upSection } from '../../src/sources/formats.js';
import { corpusRoot, tempProject } from '../helpers.js';
import { run } from './helpers.js';

const goose = [
  '-- a comment before the Up section',
  '-- +goose Up',
  'CREATE TABLE IF NOT EXISTS app.widgets (id int PRIMARY KEY);',
  '-- +goose StatementBegin',
  'CREATE OR REPLACE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
  '-- +goose StatementEnd',
  'CREATE TABLE app.gadgets (id int);',
  '',
  '-- +goose Down',
  'DROP TABLE app.widgets;',
  'DROP TABLE app.gadgets;',
  '',
].join('\n');

const upMarker: Record<string, string> = { goose: '-- +goose Up\n', dbmate: '-- migrate:up\n', plain: '' };
const project = (format: string, files: Record<string, string>) =>
  tempProject({ 'pgscribe.config.json': JSON.stringify({ format, exposedSchemas: [] }), 'database/migrations/000_schema.sql': `${upMarker[format]}CREATE SCHEMA IF NOT EXISTS app;\n`, ...files });

describe('goose files', () => {
  it('models the Up section only: the Down section does not drop what Up made', async () => {
    const p = await loadProject({ root: project('goose', { 'database/migrations/001_w.sql': goose }) });
    expect(p.model.tables.map((t) => t.name)).toEqual(['gadgets', 'widgets']);
    expect(p.model.functions.map((f) => f.name)).toEqual(['f']);
    expect(syntaxFindings(p)).toEqual([]);
  });

  it('reads the whole file as plain SQL without the format, as before', async () => {
    const p = await loadProject({ root: project('plain', { 'database/migrations/001_w.sql': goose }) });
    expect(p.model.tables).toEqual([]);
  });

  it('keeps the positions of the original file', () => {
    const root = project('goose', { 'database/migrations/001_w.sql': goose });
    const finding = JSON.parse(run(['--root', root, 'lint', '--format', 'json']).stdout).findings.find((f: { rule: string }) => f.rule === 'rerunnable-ddl');
    expect(finding).toMatchObject({ file: 'database/migrations/001_w.sql', line: 7, column: 1 });
  });

  it('blanks every character outside the Up section but the line breaks', () => {
    const up = upSection(goose, 'goose');
    expect(up.text.length).toBe(goose.length);
    expect(up.text.split('\n').length).toBe(goose.split('\n').length);
    expect(up.text).not.toContain('DROP TABLE');
    expect(up.text).not.toContain('a comment before');
  });

  it('annotations are case-insensitive; a file without an Up section is a syntax error naming the marker', async () => {
    const p = await loadProject({ root: project('goose', { 'database/migrations/001_w.sql': '-- +goose up\nCREATE TABLE IF NOT EXISTS app.a (id int);\n-- +GOOSE DOWN\nDROP TABLE app.a;\n', 'database/migrations/002_x.sql': 'CREATE TABLE app.b (id int);\n' }) });
    expect(p.model.tables.map((t) => t.name)).toEqual(['a']);
    expect(syntaxFindings(p)).toEqual([expect.objectContaining({ file: 'database/migrations/002_x.sql', line: 1, message: expect.stringContaining('expected a "-- +goose Up" line (format "goose")') })]);
  });

  it('NO TRANSACTION anywhere in the file makes it non-transactional, and verify honours it', async () => {
    const body = "-- +goose Up\nALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'sad';\nSELECT 'sad'::app.mood;\n-- +goose Down\n-- +goose NO TRANSACTION\n";
    const root = project('goose', { 'database/migrations/001_t.sql': "-- +goose Up\nDO $$ BEGIN CREATE TYPE app.mood AS ENUM ('happy'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n", 'database/migrations/002_v.sql': body });
    const p = await loadProject({ root });
    expect(p.model.migrations.map((m) => m.noTransaction)).toEqual([false, false, true]);
    const result = await verify(p);
    expect(result.findings).toEqual([]);
    // The same file inside a transaction fails: the new value cannot be used before it commits.
    writeFileSync(path.join(root, 'database/migrations/002_v.sql'), body.replace('-- +goose NO TRANSACTION\n', ''));
    const inTransaction = await verify(await loadProject({ root }));
    expect(inTransaction.findings.map((f) => f.message).join('\n')).toContain('unsafe use of new value');
  }, 60_000);
});

describe('dbmate files', () => {
  it('models the migrate:up section only, and transaction:false opts out of the transaction', async () => {
    const root = project('dbmate', { 'database/migrations/001_a.sql': '-- migrate:up transaction:false\nCREATE TABLE IF NOT EXISTS app.a (id int);\n\n-- migrate:down\nDROP TABLE app.a;\n' });
    const p = await loadProject({ root });
    expect(p.model.tables.map((t) => t.name)).toEqual(['a']);
    expect(p.model.migrations[1].noTransaction).toBe(true);
  });
});

describe.skipIf(!existsSync(corpusRoot))('the goose and up/down corpus sets', () => {
  const load = (name: string, config: object) => {
    const configFile = path.join(tempProject({}), 'pgscribe.config.json');
    writeFileSync(configFile, JSON.stringify(config));
    return loadProject({ root: path.join(corpusRoot, name), config: configFile });
  };

  it('hatchet: 224 goose files, Up sections only (1,163 statements), 33 without a transaction', async () => {
    const p = await load('hatchet', { migrations: ['cmd/hatchet-migrate/migrate/migrations/*.sql'], seeds: [], format: 'goose', order: 'numeric' });
    expect(p.migrations).toHaveLength(224);
    expect(syntaxFindings(p)).toEqual([]);
    expect(p.migrations.reduce((n, m) => n + m.parsed.statements.length, 0)).toBe(1163);
    expect(p.model.migrations.filter((m) => m.noTransaction)).toHaveLength(33);
    const plain = await load('hatchet', { migrations: ['cmd/hatchet-migrate/migrate/migrations/*.sql'], seeds: [], order: 'numeric' });
    expect(p.model.tables.length).toBeGreaterThan(plain.model.tables.length);
  }, 60_000);

  it("harness: the runner's *[._]up.sql files are the 209 migrations; no down file is read", async () => {
    const p = await load('harness', { migrations: ['app/store/database/migrate/postgres/*[._]up.sql'], seeds: [], exposedSchemas: [] });
    expect(p.migrations).toHaveLength(209);
    expect(p.migrations.some((m) => /down\.sql$/.test(m.data.file))).toBe(false);
  });
});

/**
 * Loading a project: config → sources (found, ordered, read, hashed) → parsed
 * statements → model, one file at a time: each file is parsed, folded into
 * the model and read by the file rules (the rules that need syntax trees)
 * before the next, so with `releaseSyntaxTrees` only one file's trees are
 * held at once. Syntax errors and unreadable text become `syntax-error`
 * findings; every other file is still analysed. Never prints, never exits.
 */

import path from 'node:path';
import { loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { ModelBuilder, type ParsedUnit } from './model/build.js';
import type { Catalog } from './model/catalog.js';
import type { Model } from './model/types.js';
import type { Finding } from './report/findings.js';
import { expandGlobs, matchesAny } from './sources/glob.js';
import { orderMigrations } from './sources/order.js';
import { readSourceFile, type SourceFileData } from './sources/read.js';
import { checkFile } from './rules/engine.js';
import { initParser, type ParsedFile, parseFile } from './sql/parser.js';
import { releaseSyntaxTrees } from './sql/plpgsql.js';
import { SourceText } from './sql/source.js';

export interface LoadedFile {
  data: SourceFileData;
  parsed: ParsedFile;
  role: 'migration' | 'seed';
}

export interface Project {
  root: string;
  config: Config;
  configFile?: string;
  migrations: LoadedFile[];
  seeds: LoadedFile[];
  model: Model;
  catalog: Catalog;
  /** `syntax-error` findings (unreadable text included). */
  syntaxFindings: Finding[];
  /** Findings of the file rules, made as each file was loaded (see rules/engine.ts). */
  fileRuleFindings: Finding[];
}

export interface LoadOptions {
  root?: string;
  config?: string;
  /**
   * Let go of each file's syntax trees once the model and the file rules have
   * read it: memory stays bounded by the largest file rather than the whole
   * project. Replaying (verify, db) needs them, so the default keeps them.
   */
  releaseSyntaxTrees?: boolean;
}

function loadFile(root: string, file: string, config: Config, role: LoadedFile['role']): LoadedFile {
  const data = readSourceFile(root, file, config.variables);
  const source = new SourceText(file, data.text);
  if (data.problem) {
    return { data, role, parsed: { source, statements: [], comments: [], syntaxErrors: [{ file, message: data.problem.message, position: { offset: 0, line: data.problem.line, column: 1 } }] } };
  }
  return { data, role, parsed: parseFile(source) };
}

function syntaxFindings(files: LoadedFile[]): Finding[] {
  const out: Finding[] = [];
  for (const f of files) {
    for (const e of f.parsed.syntaxErrors) {
      out.push({
        rule: 'syntax-error',
        severity: 'error',
        file: f.data.file,
        line: e.position.line,
        column: e.position.column,
        endLine: e.position.line,
        endColumn: e.position.column,
        message: e.message,
        help: 'Postgres cannot parse this file; fix the SQL at this position. Nothing after a syntax error in the same statement is analysed.',
      });
    }
  }
  return out;
}

function unit(f: LoadedFile): ParsedUnit {
  return {
    file: f.data.file,
    hash: f.data.hash,
    statements: f.parsed.statements,
    syntaxErrors: f.parsed.syntaxErrors.length,
    comments: f.parsed.comments.map((c) => c.text),
  };
}

/** Whether a loaded seed is dev/test-only (the `devSeeds` globs, as the model classes it). */
export function isDevSeed(project: Pick<Project, 'config'>, file: LoadedFile): boolean {
  return matchesAny(file.data.file, project.config.devSeeds);
}

export async function loadProject(options: LoadOptions = {}): Promise<Project> {
  const root = path.resolve(options.root ?? '.');
  const { config, file: configFile } = loadConfig(root, options.config);
  await initParser();
  const migrationFiles = orderMigrations(expandGlobs(root, config.migrations), config.order, configFile);
  const migrationSet = new Set(migrationFiles);
  const seedFiles = expandGlobs(root, config.seeds).filter((f) => !migrationSet.has(f));
  const builder = new ModelBuilder({
    searchPath: config.replay.searchPath ?? ['public'],
    externalSchemas: config.externalSchemas,
    environmentSetting: config.environmentSetting,
    isDevSeed: (file) => matchesAny(file, config.devSeeds),
  });
  const fileRuleFindings: Finding[] = [];
  const take = (file: LoadedFile): LoadedFile => {
    let devSeed = false;
    if (file.role === 'migration') builder.addMigration(unit(file));
    else devSeed = builder.addSeed(unit(file)).class === 'dev';
    fileRuleFindings.push(...checkFile(file, { catalog: builder.catalog, config, devSeed }));
    if (options.releaseSyntaxTrees) releaseSyntaxTrees(file.parsed);
    return file;
  };
  const migrations = migrationFiles.map((f) => take(loadFile(root, f, config, 'migration')));
  const seeds = seedFiles.map((f) => take(loadFile(root, f, config, 'seed')));
  const { model, catalog } = builder.finish();
  return { root, config, configFile, migrations, seeds, model, catalog, syntaxFindings: syntaxFindings([...migrations, ...seeds]), fileRuleFindings };
}

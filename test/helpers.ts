/** Test helpers: throwaway project folders and the model they build. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgscribeError } from '../src/errors.js';
import { loadProject } from '../src/pipeline.js';
import { type Project } from '../src/project.js';
import { initParser, parseFile } from '../src/sql/parser.js';
import { SourceText } from '../src/sql/source.js';

/** Writes `files` (path → content) under a new temp dir and returns it. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pgscribe-test-'));
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** Loads a project made of migrations (in order) and seeds, from memory (nothing is written to disk). */
export async function projectOf(migrations: string[], seeds: Record<string, string> = {}, config?: object): Promise<Project> {
  const files: Record<string, string> = {};
  migrations.forEach((sql, i) => {
    files[`database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`] = sql;
  });
  for (const [name, sql] of Object.entries(seeds)) files[`database/seeds/${name}`] = sql;
  if (config) files['pgscribe.config.json'] = JSON.stringify(config);
  return loadProject({ root: '/memory', files });
}

/** The model of a single migration. */
export async function modelOf(...migrations: string[]) {
  return (await projectOf(migrations)).model;
}

export async function parse(text: string, file = 'x.sql') {
  await initParser();
  return parseFile(new SourceText(file, text));
}

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** The PgscribeError `fn` throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): PgscribeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PgscribeError) return error;
    throw error;
  }
  throw new Error('expected a PgscribeError');
}

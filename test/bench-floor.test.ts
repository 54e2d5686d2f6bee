/**
 * The benchmark's parse floor (bench/parse-floor.ts) is quoted as the least
 * wall time any tool on libpg-query needs to see what pgscribe sees. That only
 * holds if it asks the parser for no more than pgscribe does: on this
 * repository and every corpus set, the distinct SQL and PL/pgSQL texts it
 * parses are at most as many as pgscribe's own parser calls (recorded through
 * src/sql/wasm.ts) on the same files, and it does reach into the PL/pgSQL
 * bodies, as pgscribe must. Its split of files across threads covers every
 * file once and balances the bytes.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusConfigs } from '../bench/corpus.js';
import { parseFiles, type Seen, split } from '../bench/parse-floor.js';
import { loadProject } from '../src/pipeline.js';
import { type Project } from '../src/project.js';
import { emptyAnswers, ParseSession } from '../src/sql/wasm.js';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';

/** The migration and seed files a project read, as absolute paths. */
const sqlFiles = (project: Project) => [...project.migrations, ...project.seeds].map((f) => path.join(project.root, f.data.file));

async function compare(root: string, config?: string) {
  const answers = emptyAnswers();
  const parseSession = new ParseSession();
  parseSession.recordInto(answers);
  const project = await loadProject({ root, config, parseWorker: false, releaseSyntaxTrees: true, parseSession });
  const files = sqlFiles(project);
  const seen: Seen = { sql: new Set(), plpgsql: new Set() };
  const counts = await parseFiles(files, seen);
  return { files, counts, floor: { sql: seen.sql.size, plpgsql: seen.plpgsql.size }, pgscribe: { sql: answers.sql.size, plpgsql: answers.plpgsql.size } };
}

describe('the parse floor', () => {
  it('parses no more than pgscribe on this repository, and reaches into its PL/pgSQL bodies', async () => {
    const { counts, floor, pgscribe } = await compare(repoRoot);
    expect(floor.sql).toBeLessThanOrEqual(pgscribe.sql);
    expect(floor.plpgsql).toBeLessThanOrEqual(pgscribe.plpgsql);
    // The clinic database has DO guards and PL/pgSQL functions: the floor parses them and what they embed.
    expect(counts.bodies).toBeGreaterThan(10);
    expect(counts.embedded).toBeGreaterThan(10);
    expect(floor.plpgsql).toBe(counts.bodies + counts.functions);
  });

  it.runIf(existsSync(corpusRoot))('parses no more than pgscribe on every corpus set', async () => {
    for (const [name, config] of Object.entries(corpusConfigs)) {
      const configFile = path.join(tempProject({}), 'pgscribe.config.json');
      writeFileSync(configFile, JSON.stringify(config));
      const { files, floor, pgscribe } = await compare(path.join(corpusRoot, name), configFile);
      expect(files.length, name).toBeGreaterThan(0);
      expect(floor.sql, name).toBeLessThanOrEqual(pgscribe.sql);
      expect(floor.plpgsql, name).toBeLessThanOrEqual(pgscribe.plpgsql);
    }
  });

  it('splits the files across threads once each, with bytes balanced', async () => {
    const project = await loadProject({ root: repoRoot, parseWorker: false, releaseSyntaxTrees: true });
    const files = sqlFiles(project);
    const parts = split(files, 2);
    expect(parts.flat().sort()).toEqual([...files].sort());
    const bytes = parts.map((p) => p.reduce((sum, f) => sum + statSync(f).size, 0));
    const largest = Math.max(...files.map((f) => statSync(f).size));
    expect(Math.abs(bytes[0] - bytes[1])).toBeLessThanOrEqual(largest);
  });
});

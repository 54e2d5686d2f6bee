/**
 * Loading with `releaseSyntaxTrees` (what lint, check, inspect and generate
 * do): the file rules run on each file as it loads, and then its trees are let
 * go of. The findings must be exactly those of a load that keeps the trees,
 * and a late reader of a released tree must fail loudly, not see nothing.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusConfigs } from '../bench/corpus.js';
import { loadProject } from '../src/pipeline.js';
import { lintProject } from '../src/lint/engine.js';
import { bodyOf } from '../src/sql/plpgsql.js';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';

const now = new Date('2026-06-01T00:00:00Z');

/** A project where every file rule finds something, in migrations, DO blocks and seeds. */
const findingsEverywhere = {
  'pgscribe.config.json': JSON.stringify({ exposedSchemas: [] }),
  'database/migrations/001_tables.sql': [
    'CREATE TABLE a (id int PRIMARY KEY, email text);',
    'CREATE FUNCTION touch() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;',
    'DO $$ BEGIN CREATE INDEX a_email ON a (email); END $$;',
    'CALL touch();',
    '',
  ].join('\n'),
  'database/seeds/001_system.sql': "INSERT INTO a (id, email) VALUES (1, 'jane.doe@gmail.com');\nDO $$ BEGIN INSERT INTO a (id) VALUES (2); END $$;\n",
  'database/seeds/dev/001_people.sql': "INSERT INTO a (id, email) VALUES (3, 'john@gmail.com') ON CONFLICT DO NOTHING;\n",
};

async function lintBothWays(root: string, config?: string) {
  const kept = lintProject(await loadProject({ root, config }), { now });
  const released = lintProject(await loadProject({ root, config, releaseSyntaxTrees: true }), { now });
  return { kept, released };
}

describe('releaseSyntaxTrees', () => {
  it('finds exactly what a load that keeps the trees finds (every file rule has a finding here)', async () => {
    const { kept, released } = await lintBothWays(tempProject(findingsEverywhere));
    expect(kept.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['migration-unlocked', 'database/migrations/001_tables.sql', 1],
      ['rerunnable-ddl', 'database/migrations/001_tables.sql', 1],
      ['rerunnable-ddl', 'database/migrations/001_tables.sql', 2],
      ['rerunnable-ddl', 'database/migrations/001_tables.sql', 3],
      ['call-on-function', 'database/migrations/001_tables.sql', 4],
      ['seed-not-idempotent', 'database/seeds/001_system.sql', 1],
      ['seed-sensitive-data', 'database/seeds/001_system.sql', 1],
      ['seed-not-idempotent', 'database/seeds/001_system.sql', 2],
    ]);
    expect(released).toEqual(kept);
  });

  it('finds the same on this repository and on every corpus set', async () => {
    const { kept, released } = await lintBothWays(repoRoot);
    expect(released).toEqual(kept);
    if (!existsSync(corpusRoot)) return;
    for (const [name, config] of Object.entries(corpusConfigs)) {
      const configFile = path.join(tempProject({}), 'pgscribe.config.json');
      writeFileSync(configFile, JSON.stringify(config));
      const both = await lintBothWays(path.join(corpusRoot, name), configFile);
      expect(both.released, name).toEqual(both.kept);
      expect(both.kept.length, name).toBeGreaterThan(0);
    }
  });

  it('linting the same project twice gives the same findings (the baseline does not mark them twice)', async () => {
    const project = await loadProject({ root: tempProject(findingsEverywhere), releaseSyntaxTrees: true });
    expect(lintProject(project, { now })).toEqual(lintProject(project, { now }));
  });

  it('a released tree read later throws; DO bodies are let go of too', async () => {
    const project = await loadProject({ root: tempProject(findingsEverywhere), releaseSyntaxTrees: true });
    const statements = project.migrations[0].parsed.statements;
    expect(statements.map((s) => s.kind)).toEqual(['CreateStmt', 'CreateFunctionStmt', 'DoStmt', 'CallStmt']);
    expect(statements[0].text).toBe('CREATE TABLE a (id int PRIMARY KEY, email text)');
    expect(() => statements[0].node.relation).toThrow('a syntax tree was read after it was released');
    expect(() => bodyOf(statements[2])).toThrow('a syntax tree was read after it was released');
    // The model was built before the trees went.
    expect(project.model.indexes.map((i) => i.name)).toEqual(['a_email']);
  });
});

/**
 * Issue 14 target: every link in every generated file resolves, on this
 * repository (as committed) and on the generated docs of each corpus set.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusConfigs } from '../../bench/corpus.js';
import { planDocs } from '../../src/docs/generate.js';
import { loadProject } from '../../src/pipeline.js';
import { corpusRoot, repoRoot, tempProject } from '../helpers.js';
import { brokenLinks } from './links.js';

describe('links in the generated docs', () => {
  it('this repository: README, AGENT, the architecture document, docs/ and the rule pages', () => {
    const files = new Map<string, string>();
    for (const f of ['README.md', 'AGENT.md', 'Project_Architecture_Document.md']) files.set(f, readFileSync(path.join(repoRoot, f), 'utf8'));
    for (const dir of ['docs/database', 'docs/rules', 'docs/ci']) {
      for (const name of readdirSync(path.join(repoRoot, dir))) if (name.endsWith('.md')) files.set(`${dir}/${name}`, readFileSync(path.join(repoRoot, dir, name), 'utf8'));
    }
    expect(brokenLinks(repoRoot, files)).toEqual([]);
  });

  const extra = {
    hatchet: { migrations: ['cmd/hatchet-migrate/migrate/migrations/*.sql'], seeds: [], format: 'goose' },
    harness: { migrations: ['app/store/database/migrate/postgres/*[._]up.sql'], seeds: [], exposedSchemas: [] },
    civitai: { migrations: ['packages/civitai-db-schema/prisma/migrations/*/migration.sql'], seeds: [], order: 'version' },
  };
  const sets = { ...corpusConfigs, ...extra } as Record<string, object>;

  it.skipIf(!existsSync(corpusRoot)).each(Object.keys(sets))('corpus %s: every link of the planned reference resolves', async (name) => {
    const configFile = path.join(tempProject({}), 'pgscribe.config.json');
    writeFileSync(configFile, JSON.stringify(sets[name]));
    const root = path.join(corpusRoot, name);
    const project = await loadProject({ root, config: configFile, releaseSyntaxTrees: true });
    const plan = planDocs(project, { includeUnchanged: true });
    const files = new Map(plan.files.filter((f) => f.after !== undefined).map((f) => [f.file, f.after!]));
    expect(files.size).toBeGreaterThan(3);
    expect(brokenLinks(root, files)).toEqual([]);
  }, 120_000);
});

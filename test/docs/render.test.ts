/** Rendered text of a small fixture project, snapshot-tested, plus escaping. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDocs, writePlan } from '../../src/docs/generate.js';
import { loadProject } from '../../src/pipeline.js';
import { tempProject } from '../helpers.js';

const markers = (name: string) => `# Doc\n\n<!-- pgscribe:begin ${name} -->\n<!-- pgscribe:end ${name} -->\n`;

async function fixture() {
  const root = tempProject({
    'database/migrations/001_init.sql': `CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'The app | its data';
CREATE TABLE app.owners (id int PRIMARY KEY);
CREATE TABLE app.things (
  id int PRIMARY KEY,
  owner_id int NOT NULL REFERENCES app.owners (id),
  label text NOT NULL DEFAULT 'a|b',
  CONSTRAINT label_shape CHECK ((label || 'x') <> '')
);
COMMENT ON TABLE app.things IS 'Things,
with a second line';
CREATE INDEX things_owner_id_idx ON app.things (owner_id);
ALTER TABLE app.things ENABLE ROW LEVEL SECURITY;
CREATE POLICY things_read ON app.things FOR SELECT TO public USING (owner_id > 0);`,
    'database/seeds/001_system.sql': "INSERT INTO app.owners (id) VALUES (1) ON CONFLICT DO NOTHING;",
    'database/seeds/002_dev_seed.sql': `DO $$ BEGIN IF current_setting('app.environment', true) NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;
INSERT INTO app.things (id, owner_id) VALUES (1, 1) ON CONFLICT DO NOTHING;`,
    'README.md': markers('database-and-seeds'),
    'AGENT.md': markers('database-guardrails'),
    'Project_Architecture_Document.md': markers('database-architecture'),
  });
  const project = await loadProject({ root });
  writePlan(root, planDocs(project));
  return root;
}

describe('rendered docs', () => {
  it('matches the snapshots of the three sections and a table page', async () => {
    const root = await fixture();
    for (const file of ['README.md', 'AGENT.md', 'Project_Architecture_Document.md', 'docs/database/app.things.md']) {
      expect(readFileSync(path.join(root, file), 'utf8')).toMatchSnapshot(file);
    }
  });

  it('escapes pipes and newlines of SQL text inside Markdown tables', async () => {
    const root = await fixture();
    const page = readFileSync(path.join(root, 'docs/database/app.things.md'), 'utf8');
    expect(page).toContain("| `label` | `text` | no | `'a\\|b'` |");
    expect(page).toContain("`(label \\|\\| 'x') <> ''`");
    expect(page).toContain('Things,\nwith a second line');
    const index = readFileSync(path.join(root, 'docs/database/index.md'), 'utf8');
    expect(index).toContain('| [`app`](#schema-app) | The app \\| its data | 2 |');
    expect(index).toContain('| [`app.things`](app.things.md) | table | 3 | on | Things, with a second line |');
  });
});

describe('the docs plan', () => {
  it('leaves out reference pages that do not change, unless asked; a changed page is in it', async () => {
    const root = await fixture();
    const project = await loadProject({ root });
    const pages = (plan: ReturnType<typeof planDocs>) => plan.files.filter((f) => f.kind === 'page').map((f) => f.file);
    expect(pages(planDocs(project))).toEqual([]);
    expect(pages(planDocs(project, { includeUnchanged: true }))).toEqual(['docs/database/index.md', 'docs/database/functions.md', 'docs/database/migrations.md', 'docs/database/seeds.md', 'docs/database/app.owners.md', 'docs/database/app.things.md']);
    writeFileSync(path.join(root, 'docs/database/app.owners.md'), 'edited by hand\n');
    expect(planDocs(project).files.filter((f) => f.kind === 'page').map((f) => [f.file, f.before])).toEqual([['docs/database/app.owners.md', 'edited by hand\n']]);
  });
});

/**
 * Issue 14.6b: long histories. Migrations that share a file name are named
 * by their folder; the README lists the latest `readmeMigrations` and links a
 * full list; ER diagrams stay within what GitHub's Mermaid renders.
 */
import { describe, expect, it } from 'vitest';
import { mermaidLimits } from '../../src/docs/diagrams.js';
import { tempProject } from '../helpers.js';
import { brokenLinks } from './links.js';
import { docsOf, readmeWithMarkers } from './helpers.js';

function dieselHistory(count: number): Record<string, string> {
  const files: Record<string, string> = { 'README.md': readmeWithMarkers, 'pgscribe.config.json': JSON.stringify({ migrations: ['migrations/*/up.sql'], order: 'lexical' }) };
  for (let i = 0; i < count; i++) {
    const folder = `migrations/2022-01-${String(1 + (i % 28)).padStart(2, '0')}-${String(100000 + i)}_step_${i}`;
    files[`${folder}/up.sql`] = `CREATE TABLE IF NOT EXISTS t${i} (id int PRIMARY KEY);\n`;
    files[`${folder}/down.sql`] = `DROP TABLE t${i};\n`;
  }
  return files;
}

const mermaidBlocks = (text: string) => [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('a long history in the README', () => {
  it('names each migration by its folder, not by the shared up.sql', async () => {
    const readme = (await docsOf(dieselHistory(20))).get('README.md')!;
    expect(readme).not.toContain('[`up.sql`]');
    expect(readme).toMatch(/\[`2022-01-\d\d-100019_step_19`\]\(migrations\/2022-01-\d\d-100019_step_19\/up\.sql\)/);
  });

  it('lists the latest 15 and links the full list, whose links resolve', async () => {
    const files = dieselHistory(40);
    const docs = await docsOf(files);
    const readme = docs.get('README.md')!;
    const rows = readme.split('\n').filter((l) => /^\| \d+ \| \[/.test(l));
    expect(rows).toHaveLength(15);
    expect(rows[0]).toMatch(/^\| 26 \|/);
    expect(readme).toContain('The latest 15 of 40; every migration, in order: [docs/database/migrations.md](docs/database/migrations.md).');
    const list = docs.get('docs/database/migrations.md')!;
    expect(list.split('\n').filter((l) => /^\| \d+ \| \[/.test(l))).toHaveLength(40);
    expect(brokenLinks(tempProject(files), docs)).toEqual([]);
  });

  it('takes the number from readmeMigrations', async () => {
    const files = dieselHistory(10);
    files['pgscribe.config.json'] = JSON.stringify({ migrations: ['migrations/*/up.sql'], order: 'lexical', readmeMigrations: 3 });
    const readme = (await docsOf(files)).get('README.md')!;
    expect(readme.split('\n').filter((l) => /^\| \d+ \| \[/.test(l))).toHaveLength(3);
  });

  it('keeps a short history whole, with the psql loop', async () => {
    const readme = (await docsOf(dieselHistory(5))).get('README.md')!;
    expect(readme).not.toContain('The latest');
    expect(readme).toContain('for f in \\');
  });
});

describe('ER diagrams GitHub can render', () => {
  function wideSchema(tables: number, columns: number): Record<string, string> {
    const cols = Array.from({ length: columns }, (_, c) => `c${c} text`).join(', ');
    const sql = Array.from({ length: tables }, (_, i) => `CREATE TABLE IF NOT EXISTS app.t${i} (id int PRIMARY KEY, parent int REFERENCES app.t${Math.floor(i / 2)} (id), ${cols});\n`).join('');
    return { 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': `CREATE SCHEMA IF NOT EXISTS app;\n${sql}` };
  }

  it('drops columns when that is enough, and says so', async () => {
    const index = (await docsOf(wideSchema(250, 20))).get('docs/database/index.md')!;
    const blocks = mermaidBlocks(index);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].length).toBeLessThanOrEqual(mermaidLimits.characters);
    expect(index).toContain('Columns are left out');
  });

  it('splits a schema over the limits into diagrams of related tables, each within them', async () => {
    const index = (await docsOf(wideSchema(1200, 2))).get('docs/database/index.md')!;
    const blocks = mermaidBlocks(index);
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) {
      expect(block.length).toBeLessThanOrEqual(mermaidLimits.characters);
      expect(block.split('\n').filter((l) => l.includes('}o--')).length).toBeLessThanOrEqual(mermaidLimits.edges);
    }
    expect(index).toMatch(/Too large for one diagram that GitHub renders \(1200 tables, 1200 relations\): shown as \d+ diagrams/);
  });
});

/** Issue 14.7: counts and words in the generated docs and messages. */
import { describe, expect, it } from 'vitest';
import { counted } from '../../src/text.js';
import { tempProject } from '../helpers.js';
import { docsOf, readmeWithMarkers, run } from './helpers.js';

describe('counted nouns', () => {
  it('says 1 index, 3 indexes, 1 policy, 2 policies', () => {
    expect([counted(1, 'index'), counted(3, 'index'), counted(1, 'policy'), counted(2, 'policy'), counted(1, 'constraint'), counted(3, 'constraint')]).toEqual(['1 index', '3 indexes', '1 policy', '2 policies', '1 constraint', '3 constraints']);
  });

  it('the index page and the lock message count in the right number', async () => {
    const files = { 'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int);\nCREATE INDEX IF NOT EXISTS t_id ON app.t (id);\n' };
    const index = (await docsOf(files)).get('docs/database/index.md')!;
    expect(index).toContain('1 table, 0 views, 0 functions, 0 triggers, 0 policies, 1 index.');
    expect(run(['--root', tempProject(files), 'lint']).stdout).toContain('1 migration is unlocked');
  });
});

describe('partitions in the index', () => {
  it('says how partitions are counted, so the numbers add up', async () => {
    const index = (await docsOf({
      'database/migrations/001_a.sql': "CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.log (at date) PARTITION BY RANGE (at);\nCREATE TABLE IF NOT EXISTS app.log_2024 PARTITION OF app.log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE IF NOT EXISTS app.log_default PARTITION OF app.log DEFAULT;\nCREATE TABLE IF NOT EXISTS app.other (id int);\n",
    })).get('docs/database/index.md')!;
    expect(index).toContain('2 tables and 2 partitions (partitions are listed under their schema, not counted as tables)');
    expect(index).toContain('| 2 (and 2 partitions) |');
  });
});

describe('seeds and migrations that do little', () => {
  const files = {
    'README.md': readmeWithMarkers,
    'database/migrations/001_a.sql': 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY, at timestamptz);\n',
    'database/migrations/002_b.sql': 'ALTER TABLE app.t ADD COLUMN IF NOT EXISTS note text;\n',
    'database/migrations/003_c.sql': '-- intentionally empty\n',
    'database/seeds/001_empty.sql': '-- nothing yet\n',
    'database/seeds/002_rows.sql': "INSERT INTO app.t (id, at) VALUES (1, '2024-01-01'), (2, '2024-01-01') ON CONFLICT DO NOTHING;\n",
  };

  it('an empty migration creates nothing, and says so', async () => {
    const readme = (await docsOf(files)).get('README.md')!;
    expect(readme).toContain('| 3 | [`003_c.sql`](database/migrations/003_c.sql) | nothing (no statements) |');
    expect(readme).toContain('| 2 | [`002_b.sql`](database/migrations/002_b.sql) | changes only |');
  });

  it('an empty seed is not called idempotent', async () => {
    const readme = (await docsOf(files)).get('README.md')!;
    expect(readme).toMatch(/\[`001_empty\.sql`\][^\n]*\| — \(writes nothing\) \|/);
  });

  it('lists a literal timestamp once per column, value and statement', async () => {
    const seeds = (await docsOf(files)).get('docs/database/seeds.md')!;
    expect(seeds.match(/\| `app\.t\.at` \| `2024-01-01` \|/g)).toHaveLength(1);
  });

  it('a column added by ALTER TABLE is defined there, not at CREATE TABLE', async () => {
    const page = (await docsOf({ ...files, 'database/migrations/004_d.sql': 'ALTER TABLE ONLY app.t ADD extra int, ADD COLUMN more int;\n' })).get('docs/database/app.t.md')!;
    expect(page).toMatch(/\| `note` \| `text` \|[^\n]*\[002_b\.sql:1\]/);
    expect(page).toMatch(/\| `extra` \| `integer` \|[^\n]*\[004_d\.sql:1\]/);
    expect(page).toMatch(/\| `more` \| `integer` \|[^\n]*\[004_d\.sql:1\]/);
  });
});

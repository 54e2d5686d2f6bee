/** Issue 14.1: every schema that holds an object is documented, `public` and uncreated schemas included. */
import { describe, expect, it } from 'vitest';
import { docsOf, readmeWithMarkers } from './helpers.js';

const twoFiles = {
  'README.md': readmeWithMarkers,
  'database/migrations/001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
  'database/migrations/002_posts.sql': 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n',
};

describe('a project of tables in public', () => {
  it('lists public in the README schemas table with its table count', async () => {
    const docs = await docsOf(twoFiles);
    expect(docs.get('README.md')).toMatch(/\| `public` \|\s*\| 2 \|/);
  });

  it('links the public tables from the index, with an ER diagram', async () => {
    const index = (await docsOf(twoFiles)).get('docs/database/index.md')!;
    expect(index).toContain('## Schema `public`');
    expect(index).toContain('(public.users.md)');
    expect(index).toContain('(public.posts.md)');
    expect(index).toContain('```mermaid\nerDiagram');
  });

  it("takes a schema's comment even when no migration creates the schema", async () => {
    const docs = await docsOf({ ...twoFiles, 'database/migrations/003_c.sql': "COMMENT ON SCHEMA public IS 'Application data';\n" });
    expect(docs.get('README.md')).toContain('| `public` | Application data | 2 |');
  });

  it('lists a schema that no migration creates but that holds a view or function', async () => {
    const docs = await docsOf({
      'README.md': readmeWithMarkers,
      'database/migrations/001_a.sql': 'CREATE SCHEMA app;\nCREATE TABLE app.t (id int);\nCREATE VIEW reporting.v AS SELECT 1 AS x;\nCREATE FUNCTION util.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n',
    });
    const readme = docs.get('README.md')!;
    expect(readme).toMatch(/\| `app` \|\s*\| 1 \|/);
    expect(readme).toMatch(/\| `reporting` \|\s*\| 0 \|/);
    expect(readme).toMatch(/\| `util` \|\s*\| 0 \|/);
  });
});

/** `pgscribe export`: tbls' schema.json (held to tbls' JSON Schema), DBML, and the tbls driver bin. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModel } from '../../src/index.js';
import { loadProject } from '../../src/pipeline.js';
import { projectOf, repoRoot, tempProject } from '../helpers.js';
import { run } from '../day-one/helpers.js';
import { violations } from '../json-schema.js';

const specDir = path.resolve(repoRoot, '..', 'shared', 'specs', 'tbls');
const haveSpec = existsSync(path.join(specDir, 'tbls.schema.json_schema.json'));
const schema = () => JSON.parse(readFileSync(path.join(specDir, 'tbls.schema.json_schema.json'), 'utf8'));

interface Exported {
  name: string;
  tables: Array<{ name: string; type: string; columns: unknown[]; triggers?: unknown[]; constraints?: Array<{ name: string; type: string; def: string }>; indexes?: Array<{ name: string; def: string }> }>;
  relations: Array<{ table: string; columns: string[]; parent_table: string; parent_columns: string[]; def: string; cardinality: string; parent_cardinality: string }>;
  functions: Array<{ name: string; arguments: string; type: string; return_type: string }>;
  enums: Array<{ name: string; values: string[] }>;
}

describe('export --format tbls', () => {
  it.skipIf(!haveSpec)("the clinic database: valid against tbls' JSON Schema, 32 tables, 32 triggers, a relation for every foreign key", async () => {
    if (!haveSpec) console.warn('skipped: ../shared/specs/tbls is absent');
    const text = exportModel(await loadProject({ root: repoRoot }), 'tbls');
    const doc = JSON.parse(text) as Exported;
    expect(violations(schema(), doc)).toEqual([]);
    const tables = doc.tables.filter((t) => t.type === 'BASE TABLE');
    expect(tables).toHaveLength(32);
    expect(tables.reduce((n, t) => n + (t.triggers?.length ?? 0), 0)).toBe(32);
    const foreignKeys = tables.flatMap((t) => (t.constraints ?? []).filter((c) => c.type === 'FOREIGN KEY').map((c) => `${t.name}|${c.def}`));
    expect(foreignKeys.length).toBeGreaterThan(0);
    expect(doc.relations.map((r) => `${r.table}|${r.def}`).sort()).toEqual(foreignKeys.sort());
    expect(doc.name).toBe('pgscribe');
    expect(exportModel(await loadProject({ root: repoRoot }), 'tbls')).toBe(text); // same input, same bytes
  });

  it.skipIf(!haveSpec)('spells definitions as Postgres does, and finds a schema violation when there is one', async () => {
    const project = await projectOf([
      `CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE "User" (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, m mood DEFAULT 'ok');
COMMENT ON TABLE "User" IS 'people';
CREATE TABLE profile (user_id int NOT NULL UNIQUE REFERENCES "User" ON DELETE CASCADE, bio text);
CREATE TABLE post (id int PRIMARY KEY, author int REFERENCES "User" (id));
CREATE INDEX post_author ON post (author) WHERE author IS NOT NULL;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER post_touch BEFORE INSERT OR UPDATE OF author ON post FOR EACH ROW EXECUTE FUNCTION touch();
CREATE PROCEDURE tidy(keep int DEFAULT 7, OUT removed int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE VIEW authors AS SELECT u.id, u.email FROM "User" u;`,
    ]);
    const doc = JSON.parse(exportModel(project, 'tbls')) as Exported;
    expect(violations(schema(), doc)).toEqual([]);
    const user = doc.tables.find((t) => t.name === 'public.User')!;
    expect(user.columns[0]).toEqual({ name: 'id', type: 'integer', nullable: false, extra_def: 'GENERATED ALWAYS AS IDENTITY' });
    expect(user.indexes?.map((i) => i.def)).toEqual(['CREATE UNIQUE INDEX "User_pkey" ON public."User" USING btree (id)', 'CREATE UNIQUE INDEX "User_email_key" ON public."User" USING btree (email)']);
    const post = doc.tables.find((t) => t.name === 'public.post')!;
    expect(post.indexes?.[0].def).toBe('CREATE INDEX post_author ON public.post USING btree (author) WHERE (author IS NOT NULL)');
    expect(post.triggers).toEqual([{ name: 'post_touch', def: 'CREATE TRIGGER post_touch BEFORE INSERT OR UPDATE OF author ON public.post FOR EACH ROW EXECUTE FUNCTION public.touch()' }]);
    expect(doc.relations).toEqual([
      { table: 'public.post', columns: ['author'], cardinality: 'zero_or_more', parent_table: 'public.User', parent_columns: ['id'], parent_cardinality: 'zero_or_one', def: 'FOREIGN KEY (author) REFERENCES public."User"(id)' },
      { table: 'public.profile', columns: ['user_id'], cardinality: 'zero_or_one', parent_table: 'public.User', parent_columns: ['id'], parent_cardinality: 'exactly_one', def: 'FOREIGN KEY (user_id) REFERENCES public."User"(id) ON DELETE CASCADE' },
    ]);
    expect(doc.functions.find((f) => f.name === 'public.tidy')).toEqual({ name: 'public.tidy', return_type: 'void', arguments: 'IN keep integer DEFAULT 7, OUT removed integer', type: 'PROCEDURE' });
    expect(doc.enums).toEqual([{ name: 'public.mood', values: ['ok', 'sad'] }]);
    expect(doc.tables.find((t) => t.name === 'public.authors')).toMatchObject({ type: 'VIEW', columns: [{ name: 'id' }, { name: 'email' }] });
    // the checker is not blind
    expect(violations(schema(), { ...doc, tables: [{ name: 't', type: 'BASE TABLE', columns: [{ name: 'c', nullable: true }] }], extra: 1 })).toEqual(['$.tables[0].columns[0]: missing required type', '$: property extra is not allowed']);
  });
});

describe('export --format dbml', () => {
  it('writes enums, tables with keys, indexes and notes, and a Ref per foreign key', async () => {
    const project = await projectOf([
      `CREATE TYPE app_mood AS ENUM ('ok', 'it''s fine');
CREATE TABLE parent (a int, b int, label text NOT NULL DEFAULT 'x', PRIMARY KEY (a, b));
COMMENT ON TABLE parent IS 'the parent''s table';
CREATE TABLE child (id bigint PRIMARY KEY, a int, b int, at timestamp with time zone, mood app_mood, FOREIGN KEY (a, b) REFERENCES parent ON DELETE CASCADE);
CREATE INDEX child_at ON child USING brin (at);`,
    ]);
    expect(exportModel(project, 'dbml')).toBe(`Enum "public"."app_mood" {
  "ok"
  "it's fine"
}

Table "public"."child" {
  "id" bigint [pk]
  "a" integer
  "b" integer
  "at" "timestamp with time zone"
  "mood" public.app_mood

  indexes {
    ("at") [name: 'child_at', type: brin]
  }
}

Table "public"."parent" {
  "a" integer [not null]
  "b" integer [not null]
  "label" text [not null, default: \`'x'\`]

  indexes {
    ("a", "b") [pk, name: 'parent_pkey']
  }

  Note: 'the parent\\'s table'
}

Ref "child_a_b_fkey": "public"."child".("a", "b") > "public"."parent".("a", "b") [delete: cascade]
`);
  });
});

describe('the tbls driver bin', () => {
  const driver = path.join(repoRoot, 'bin', 'tbls-driver-pgscribe.js');
  const drive = (env: Record<string, string | undefined>) => {
    const r = spawnSync(process.execPath, [driver], { encoding: 'utf8', env: { ...process.env, TBLS_DSN: undefined, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the export of the root its DSN names, as tbls asks an external driver to', () => {
    const root = tempProject({ 'database/migrations/001_init.sql': 'CREATE TABLE t (id int PRIMARY KEY);' });
    const byDriver = drive({ TBLS_DSN: `pgscribe://${root}` });
    expect(byDriver.stderr).toBe('');
    expect(byDriver.code).toBe(0);
    expect(byDriver.stdout).toBe(run(['--root', root, 'export', '--format', 'tbls']).stdout);
    expect(JSON.parse(byDriver.stdout).tables.map((t: { name: string }) => t.name)).toEqual(['public.t']);
  });

  it('says in one line what is wrong with the DSN, exit 2', () => {
    expect(drive({})).toMatchObject({ code: 2, stdout: '', stderr: 'tbls-driver-pgscribe: TBLS_DSN is not set (tbls sets it: tbls doc pgscribe://path/to/repo)\n' });
    expect(drive({ TBLS_DSN: 'postgres://localhost/db' })).toMatchObject({ code: 2, stderr: 'tbls-driver-pgscribe: TBLS_DSN must start with pgscribe://, found "postgres://localhost/db"\n' });
  });
});

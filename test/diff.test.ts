/** `pgscribe diff`: what a change does to the database, on a throwaway git repository. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from './helpers.js';
import { run } from './day-one/helpers.js';

const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A repository with one commit on main holding `first`, then `later` written to the working tree. */
function repository(first: Record<string, string>, later: Record<string, string> = {}): string {
  const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": ["public"]}', ...first });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'dev@example.com');
  git(root, 'config', 'user.name', 'dev');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first');
  for (const [file, text] of Object.entries(later)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const first = {
  'database/migrations/001_init.sql': `CREATE TABLE note (id int PRIMARY KEY, n int NOT NULL, owner text);
CREATE INDEX note_n_idx ON note (n);
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON note FOR SELECT TO authenticated USING (owner = current_user);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER note_touch BEFORE UPDATE ON note FOR EACH ROW EXECUTE FUNCTION touch();
`,
};

const change = `ALTER TABLE note RENAME TO memo;
ALTER TABLE memo ADD COLUMN body text;
ALTER TABLE memo ALTER COLUMN n TYPE bigint;
DROP INDEX note_n_idx;
CREATE TABLE tag (id int PRIMARY KEY, memo_id int NOT NULL REFERENCES memo (id));
ALTER POLICY own ON memo TO authenticated, anon;
CREATE POLICY everyone ON memo FOR SELECT USING (true);
ALTER TABLE memo DISABLE ROW LEVEL SECURITY;
CREATE FUNCTION promote(id int) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;
GRANT SELECT ON memo TO anon;
`;

describe('pgscribe diff', () => {
  it('lists what the working tree changes, object by object with file:line, security changes first', () => {
    const root = repository(first, { 'database/migrations/002_change.sql': change });
    const { code, stdout, stderr } = run(['--root', root, 'diff', '--base', 'main']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [security, rest] = stdout.split('\nChanges\n');
    expect(security).toContain('Security');
    for (const why of ['the table loses row level security', 'a new policy that lets every row through (USING (true))', 'the policy widens to anon', 'a new SECURITY DEFINER function', 'a privilege is granted']) expect(security).toContain(why);
    expect(security).toContain('~ rls public.memo — the table loses row level security  database/migrations/002_change.sql:8');
    expect(rest).toContain('> table public.note  database/migrations/002_change.sql:1\n      to public.memo');
    expect(rest).toContain('+ column public.memo.body  database/migrations/002_change.sql:2');
    expect(rest).toContain('~ column public.memo.n  database/migrations/002_change.sql:3\n      type: integer → bigint');
    expect(rest).toContain('- index public.note_n_idx  database/migrations/002_change.sql:4');
    expect(rest).toContain('+ table public.tag  database/migrations/002_change.sql:5');
    expect(rest).toMatch(/Findings the change introduces \(\d+\)\n(.*\n)*.*rls-disabled/);
    expect(rest).toContain('Generated docs that change');
  });

  it('add, rename and drop of each object kind, each at the statement that made it', () => {
    const root = repository(
      {
        'database/migrations/001_init.sql': `CREATE SCHEMA s1;
CREATE EXTENSION pgcrypto;
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE t (id int PRIMARY KEY, a int, CONSTRAINT a_pos CHECK (a > 0));
CREATE SEQUENCE seq1;
CREATE INDEX t_a ON t (a);
CREATE VIEW v1 AS SELECT id FROM t;
CREATE FUNCTION f1() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg1 BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f1();
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p1 ON t USING (a > 0);
CREATE POLICY p2 ON t USING (a > 1);
`,
      },
      {
        'database/migrations/002_change.sql': `ALTER SCHEMA s1 RENAME TO s2;
ALTER TYPE mood RENAME TO feeling;
ALTER TYPE feeling ADD VALUE 'sad';
ALTER TABLE t RENAME COLUMN a TO b;
ALTER TABLE t RENAME CONSTRAINT a_pos TO b_pos;
ALTER SEQUENCE seq1 RENAME TO seq2;
ALTER INDEX t_a RENAME TO t_b;
ALTER VIEW v1 RENAME TO v2;
ALTER FUNCTION f1() RENAME TO f2;
ALTER TRIGGER trg1 ON t RENAME TO trg2;
ALTER POLICY p1 ON t RENAME TO q1;
DROP POLICY p2 ON t;
DROP EXTENSION pgcrypto;
CREATE VIEW v3 AS SELECT 1 AS one;
CREATE TYPE size AS ENUM ('s');
CREATE SEQUENCE seq3;
ALTER TABLE t DROP CONSTRAINT b_pos;
DROP INDEX t_b;
DROP TRIGGER trg2 ON t;
`,
      },
    );
    const { stdout } = run(['--root', root, 'diff', '--base', 'main']);
    const at = (line: number) => `database/migrations/002_change.sql:${line}`;
    for (const expected of [
      `> schema s1  ${at(1)}\n      to s2`,
      `> type public.mood  ${at(2)}\n      to public.feeling\n      values: 'ok' → 'ok', 'sad'`,
      `> column public.t.a  ${at(4)}\n      to public.t.b`,
      `- constraint a_pos on public.t  ${at(17)}`,
      `> sequence public.seq1  ${at(6)}\n      to public.seq2`,
      `- index public.t_a  ${at(18)}`,
      `> view public.v1  ${at(8)}\n      to public.v2`,
      `> function public.f1()  ${at(9)}\n      to public.f2()`,
      `- trigger trg1 on public.t  ${at(19)}`,
      `> policy p1 on public.t  ${at(11)}\n      to q1 on public.t`,
      `- policy p2 on public.t — a policy is removed`,
      `- extension pgcrypto  ${at(13)}`,
      `+ view public.v3  ${at(14)}`,
      `+ type public.size  ${at(15)}`,
      `+ sequence public.seq3  ${at(16)}`,
    ])
      expect(stdout).toContain(expected);
  });

  it('markdown for a pull-request comment: a security table, the USING diff, a Mermaid diagram; JSON for tools', () => {
    const root = repository(first, { 'database/migrations/002_change.sql': 'ALTER POLICY own ON note USING (true);\nALTER TABLE note ADD COLUMN body text;\n' });
    const markdown = run(['--root', root, 'diff', '--base', 'main', '--format', 'markdown']).stdout;
    expect(markdown).toContain('### Security');
    expect(markdown).toContain('| changed | policy `own on public.note` | the policy widens to every row |');
    expect(markdown).toContain('```diff\n- owner = current_user\n+ true\n```');
    expect(markdown).toContain('```mermaid\nerDiagram');
    const json = JSON.parse(run(['--root', root, 'diff', '--base', 'main', '--format', 'json']).stdout);
    expect(json.changes.map((c: { kind: string; action: string; object: string }) => `${c.action} ${c.kind} ${c.object}`)).toEqual(['changed policy own on public.note', 'added column public.note.body']);
    expect(json.base.commit).toBe(git(root, 'rev-parse', 'main').trim());
  });

  it('an unchanged history is an empty diff; without --base the merge base with the default branch is used', () => {
    const root = repository(first);
    expect(run(['--root', root, 'diff', '--base', 'HEAD']).stdout).toContain('→ working tree: 0 changes\n\nNo database object changes.\n');
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(root, 'database/migrations/002_more.sql'), 'CREATE TABLE extra (id int);\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'more');
    const { code, stdout } = run(['--root', root, 'diff']);
    expect(code).toBe(0);
    expect(stdout).toContain('merge base with main');
    expect(stdout).toContain('+ table public.extra  database/migrations/002_more.sql:1');
  });

  it('a ref that is not there, or no git repository, is exit 2 with one line', () => {
    const root = repository(first);
    expect(run(['--root', root, 'diff', '--base', 'no-such-branch'])).toMatchObject({ code: 2, stdout: '', stderr: 'pgscribe: --base no-such-branch: no such commit or branch in this repository\n' });
    const plain = tempProject({ 'database/migrations/001_init.sql': 'CREATE TABLE t (id int);' });
    const outside = run(['--root', plain, 'diff']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^pgscribe: diff: .* is not in a git repository\n$/);
  });

  it("on this repository: the clinic database's tables, triggers and policies since its first commit with database/", () => {
    let firstWithDatabase = '';
    try {
      firstWithDatabase = git(repoRoot, 'log', '--diff-filter=A', '--format=%H', '--', 'database/migrations').trim().split('\n').pop() ?? '';
    } catch {
      firstWithDatabase = '';
    }
    if (!firstWithDatabase) {
      console.warn('skipped: this checkout has no git history of database/');
      return;
    }
    const result = JSON.parse(run(['--root', repoRoot, 'diff', '--base', `${firstWithDatabase}~1`, '--format', 'json']).stdout);
    const added = (kind: string) => result.changes.filter((c: { kind: string; action: string }) => c.kind === kind && c.action === 'added').length;
    // every table, trigger and policy the model has now (inspect counts the same)
    const model = JSON.parse(run(['--root', repoRoot, 'inspect', '--format', 'json']).stdout);
    expect([added('table'), added('trigger'), added('policy')]).toEqual([model.tables.length, model.triggers.length, model.policies.length]);
    expect(added('table')).toBe(32);
  });
});

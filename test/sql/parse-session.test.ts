/**
 * Parser state belongs to a run: two projects loaded at once in one process
 * do not see each other's; and within a run, identical DO bodies and IF
 * conditions are read once.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/pipeline.js';
import { emptyAnswers, ParseSession } from '../../src/sql/wasm.js';

const projectWith = (table: string) => ({
  [`database/migrations/001_${table}.sql`]: `CREATE TABLE IF NOT EXISTS ${table} (id int);\nDO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = '${table}_idx') THEN\n    CREATE INDEX ${table}_idx ON ${table} (id);\n  END IF;\nEND $$;\n`,
});

describe('ParseSession', () => {
  it("records only its own load's parser calls while another load runs alongside", async () => {
    const answers = emptyAnswers();
    const parseSession = new ParseSession();
    parseSession.recordInto(answers);
    const [mine, other] = await Promise.all([
      loadProject({ root: '/memory/a', files: projectWith('apples'), parseSession }),
      loadProject({ root: '/memory/b', files: projectWith('bananas') }),
    ]);
    expect(mine.model.indexes.map((i) => i.name)).toEqual(['apples_idx']);
    expect(other.model.indexes.map((i) => i.name)).toEqual(['bananas_idx']);
    const texts = [...answers.sql.keys(), ...answers.plpgsql.keys()].join('\n');
    expect(texts).toContain('apples');
    expect(texts).not.toContain('bananas');
    expect(answers.plpgsql.size).toBe(1);
  });

  it('reads identical DO bodies and IF conditions once per load, and guards every copy', async () => {
    const guard = (table: string) => `DO $$ BEGIN\n  IF current_setting('app.env', true) = 'dev' THEN\n    RAISE NOTICE 'dev';\n  END IF;\nEND $$;\nCREATE TABLE IF NOT EXISTS ${table} (id int);\n`;
    const create = (table: string) =>
      `DO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = '${table}_idx') THEN\n    CREATE INDEX ${table}_idx ON ${table} (id);\n  END IF;\nEND $$;\n`;
    const files = {
      'database/migrations/001_a.sql': guard('a') + create('a'),
      'database/migrations/002_b.sql': guard('b') + create('b'),
      'database/migrations/003_c.sql': guard('c') + create('c'),
    };
    const calls = { parsePlpgsql: [] as string[], parseSql: [] as string[] };
    const parseSession = new ParseSession();
    for (const method of ['parsePlpgsql', 'parseSql'] as const) {
      const original = parseSession[method].bind(parseSession);
      parseSession[method] = (text: string) => {
        calls[method].push(text);
        return original(text);
      };
    }
    const project = await loadProject({ root: '/memory/same', files, parseSession });
    expect(project.model.indexes.map((i) => i.name)).toEqual(['a_idx', 'b_idx', 'c_idx']);
    const count = (method: keyof typeof calls, part: string) => calls[method].filter((t) => t.includes(part)).length;
    expect(count('parsePlpgsql', "RAISE NOTICE 'dev'")).toBe(1); // the body that repeats, parsed once
    expect(count('parseSql', "SELECT current_setting('app.env', true) = 'dev'")).toBe(1); // its condition, read once
    expect(count('parsePlpgsql', "relname = 'a_idx'")).toBe(1); // a body of its own
    expect(count('parseSql', "SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'a_idx')")).toBe(1);
    // Every copy still carries its guard: the index in each file is created only if it does not exist.
    const guarded = project.migrations.flatMap((m) => m.parsed.statements).filter((s) => s.kind === 'DoStmt');
    expect(guarded).toHaveLength(6);
  });
});

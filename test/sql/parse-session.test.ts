/** Parser state belongs to a run: two projects loaded at once in one process do not see each other's. */
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
});

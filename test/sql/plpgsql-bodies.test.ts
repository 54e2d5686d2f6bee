/**
 * PL/pgSQL bodies the parser rejects are syntax-error findings (issue 17), as
 * Postgres rejects them at CREATE FUNCTION (check_function_bodies) or when the
 * DO block runs; valid bodies are not, whatever they return. Each case is
 * replayed on PGlite: Postgres is the specification.
 */
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { syntaxFindings } from '../../src/lint/engine.js';
import { generateDocs } from '../../src/index.js';
import { projectOf } from '../helpers.js';

const broken = [
  { name: 'a DO block with END for END IF', sql: "DO $$\nBEGIN\n  IF true THEN\n    RAISE NOTICE 'x';\n  END;\nEND $$;" },
  { name: 'a function whose expression ends early', sql: 'CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN a +;\nEND $$;' },
];

const valid = [
  { name: 'RETURN of a value', sql: 'CREATE FUNCTION one() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;' },
  { name: 'RETURN QUERY in a SETOF function', sql: 'CREATE FUNCTION many() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1; END $$;' },
  { name: 'RETURNS TABLE with RETURN NEXT', sql: 'CREATE FUNCTION rows_() RETURNS TABLE (n int) LANGUAGE plpgsql AS $$ BEGIN n := 1; RETURN NEXT; END $$;' },
  { name: 'named arguments', sql: 'CREATE FUNCTION twice(input_value int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN input_value * 2; END $$;' },
  { name: 'OUT arguments and a procedure', sql: 'CREATE FUNCTION pair(OUT a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN a := 1; b := 2; END $$;\nCREATE PROCEDURE p(x int) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE \'%\', x; END $$;' },
  {
    name: 'SELECT … INTO a variable of an enum the migrations made (a known quirk of the parser)',
    sql: "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE t (m mood);\nCREATE FUNCTION pick() RETURNS mood LANGUAGE plpgsql AS $$\nDECLARE\n  a int;\n  declare m mood;\nBEGIN\n  SELECT 1, t.m INTO a, m FROM t;\n  RETURN m;\nEND $$;",
  },
];

async function postgresAccepts(sql: string): Promise<boolean> {
  const db = new PGlite();
  try {
    await db.exec(sql);
    return true;
  } catch {
    return false;
  } finally {
    await db.close();
  }
}

describe('PL/pgSQL bodies', () => {
  it.each(broken.map((c) => [c.name, c.sql]))('%s: Postgres rejects it, and it is a syntax-error in the body', async (_name, sql) => {
    expect(await postgresAccepts(sql)).toBe(false);
    const findings = syntaxFindings(await projectOf([sql]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'syntax-error', messageId: 'body', severity: 'error', file: 'database/migrations/001_m.sql' });
    expect(findings[0].message).toMatch(/^PL\/pgSQL: syntax error at (or near|end of input)/);
    expect(findings[0].line).toBeGreaterThanOrEqual(1);
  });

  it.each(valid.map((c) => [c.name, c.sql]))('%s: Postgres accepts it, and nothing is reported', async (_name, sql) => {
    expect(await postgresAccepts(sql)).toBe(true);
    expect(syntaxFindings(await projectOf([sql]))).toEqual([]);
  });

  it('names the DO block or the function, and points at the token it names when the body has it once', async () => {
    const sql = 'SELECT 1;\nCREATE FUNCTION app_f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1 1;\nEND $$;';
    const [finding] = syntaxFindings(await projectOf([sql]));
    expect(finding.message).toContain('(in the body of the function app_f;');
    expect(await postgresAccepts(sql)).toBe(false);
  });

  it('a body error leaves the file in the model: generate still writes', async () => {
    const project = await projectOf(['CREATE TABLE t (id int);\n' + broken[0].sql]);
    expect(project.model.tables.map((t) => t.name)).toEqual(['t']);
    expect(generateDocs(project).refused).toBeUndefined();
  });
});

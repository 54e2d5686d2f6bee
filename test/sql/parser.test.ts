import { describe, expect, it, vi } from 'vitest';
import { expressionText } from '../../src/sql/expr.js';
import { bodyOf } from '../../src/sql/plpgsql.js';
import { parse } from '../helpers.js';

describe('parseFile', () => {
  it('reads an empty file and a comment-only file as zero statements', async () => {
    for (const text of ['', '\n\n', '-- nothing here\n/* nor here */\n']) {
      const parsed = await parse(text);
      expect(parsed.statements).toEqual([]);
      expect(parsed.syntaxErrors).toEqual([]);
    }
  });

  it('keeps comments, including the one after the last statement', async () => {
    const parsed = await parse('-- pgscribe-ignore rerunnable-ddl -- legacy\nCREATE TABLE t (id int);\n-- trailing\n');
    expect(parsed.comments.map((c) => [c.text, c.start.line])).toEqual([
      ['-- pgscribe-ignore rerunnable-ddl -- legacy', 1],
      ['-- trailing', 3],
    ]);
  });

  it('recovers the statements around several syntax errors', async () => {
    const parsed = await parse('CREATE TABLE a (id int);\nCREATE TABL b;\nCREATE TABLE c (id int);\nSELEC 1;\n');
    expect(parsed.statements.map((s) => s.start.line)).toEqual([1, 3]);
    expect(parsed.syntaxErrors.map((e) => [e.position.line, e.position.column])).toEqual([
      [2, 8],
      [4, 1],
    ]);
  });

  it('reports an unterminated dollar quote at its start', async () => {
    const parsed = await parse('SELECT 1;\nDO $$ BEGIN\n');
    expect(parsed.syntaxErrors[0].message).toContain('unterminated dollar-quoted string');
    expect(parsed.syntaxErrors[0].position.line).toBe(2);
  });
});

describe('DO blocks and PL/pgSQL bodies', () => {
  it('exposes nested statements at their file line with the catalog guard around them', async () => {
    const parsed = await parse(
      [
        'DO $$',
        'BEGIN',
        "  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'trg') THEN",
        '    CREATE TRIGGER trg BEFORE UPDATE ON t',
        '      FOR EACH ROW EXECUTE FUNCTION f();',
        '  END IF;',
        'END $$;',
      ].join('\n'),
    );
    const body = bodyOf(parsed.statements[0]);
    expect(body?.statements.map((s) => [s.kind, s.start.line, s.start.column])).toEqual([['CreateTrigStmt', 4, 5]]);
    expect(body?.statements[0].guards).toEqual([
      expect.objectContaining({ kind: 'if', negated: true, catalogs: ['pg_trigger'], literals: ['trg'] }),
    ]);
  });

  it('sees EXCEPTION WHEN duplicate_object handlers, PERFORM and EXECUTE of a constant', async () => {
    const parsed = await parse(
      [
        'DO $$ BEGIN',
        '  CREATE TYPE s AS ENUM (\'a\');',
        'EXCEPTION WHEN duplicate_object THEN NULL;',
        'END $$;',
        'DO $$ BEGIN',
        "  PERFORM create_policy_if_not_exists('p', 't');",
        "  EXECUTE 'CREATE POLICY q ON t USING (true)';",
        'END $$;',
      ].join('\n'),
    );
    const first = bodyOf(parsed.statements[0]);
    expect(first?.statements[0].guards).toEqual([{ kind: 'exception', conditions: ['duplicate_object'] }]);
    const second = bodyOf(parsed.statements[1]);
    expect(second?.statements.map((s) => [s.kind, s.start.line])).toEqual([
      ['SelectStmt', 6],
      ['CreatePolicyStmt', 7],
    ]);
    expect(second?.statements[0].text).toContain("create_policy_if_not_exists('p', 't')");
  });

  it('collects RAISE levels with their guards', async () => {
    const parsed = await parse(
      "DO $$ BEGIN IF current_setting('app.environment', true) <> 'development' THEN RAISE WARNING 'careful'; END IF; END $$;",
    );
    const body = bodyOf(parsed.statements[0]);
    expect(body?.raises).toEqual([expect.objectContaining({ level: 'warning', message: 'careful' })]);
  });

  it('reads the body of a trigger function that uses NEW, OLD and TG_OP', async () => {
    const parsed = await parse(
      [
        'CREATE FUNCTION audit() RETURNS pg_catalog.trigger LANGUAGE plpgsql AS $$',
        'BEGIN',
        "  IF TG_OP = 'DELETE' THEN",
        '    INSERT INTO audit_log (row_id) VALUES (OLD.id);',
        '  END IF;',
        '  NEW.updated_at := now();',
        '  RETURN NEW;',
        'END $$;',
        'CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM tg_tag; END $$;',
      ].join('\n'),
    );
    const body = bodyOf(parsed.statements[0]);
    expect(body?.error).toBeUndefined();
    expect(body?.statements.map((s) => [s.kind, s.start.line])).toEqual([['InsertStmt', 4]]);
    expect(bodyOf(parsed.statements[1])?.error).toBeUndefined();
  });

  it('never lets the PL/pgSQL parser crash the run or print to stderr', async () => {
    const spy = vi.spyOn(process.stderr, 'write');
    const parsed = await parse(
      [
        'CREATE FUNCTION ok() RETURNS int LANGUAGE plpgsql AS $$ BEGIN garbage here; END $$;',
        'CREATE FUNCTION atomic() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;',
      ].join('\n'),
    );
    const broken = bodyOf(parsed.statements[0]);
    expect(broken?.error).toContain('syntax error');
    expect(broken?.statements).toEqual([]);
    expect(bodyOf(parsed.statements[1])).toBeUndefined(); // SQL-standard body: not PL/pgSQL
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('expressionText', () => {
  it('recovers expressions as written', async () => {
    const parsed = await parse(
      "CREATE TABLE t (a int DEFAULT (1 + 2) NOT NULL, b timestamptz DEFAULT now(), c int GENERATED ALWAYS AS ((a * 2)) STORED, CHECK ((a + 1) > 0));",
    );
    const statement = parsed.statements[0];
    const elts = (statement.node.tableElts as Array<Record<string, any>>);
    const constraintsOf = (i: number) => elts[i].ColumnDef.constraints as Array<Record<string, any>>;
    expect(expressionText(statement, constraintsOf(0)[0].Constraint.raw_expr, 'default')).toBe('1 + 2');
    expect(expressionText(statement, constraintsOf(1)[0].Constraint.raw_expr, 'default')).toBe('now()');
    expect(expressionText(statement, constraintsOf(2)[0].Constraint.raw_expr)).toBe('a * 2');
    expect(expressionText(statement, elts[3].Constraint.raw_expr)).toBe('(a + 1) > 0');
  });
});

/** The values a statement gives columns, where the SQL shows their type (for the re-run prediction's enum checks). */
import { describe, expect, it } from 'vitest';
import { statementValues } from '../../src/sql/typed-values.js';
import { parse } from '../helpers.js';

async function valuesOf(sql: string, assigned = true) {
  const statement = (await parse(sql)).statements[0];
  return statementValues(statement.kind, statement.node, () => assigned);
}

describe('statementValues', () => {
  it('reads comparisons in a view: literals, casts, IN lists, either side; the relations by alias; CTE names left out', async () => {
    const found = await valuesOf(
      `CREATE VIEW v AS WITH c AS (SELECT 1) SELECT m.id FROM "Model" m JOIN app.other o ON o.id = m.id, c
       WHERE m.type = 'Checkpoint'::"ModelType" AND 'x' <> o.status AND kind IN ('a', 'b') AND m.n > 'z' AND m.tags = ARRAY['t'::tag]`,
    );
    expect(found.relations).toEqual([
      { alias: 'm', relation: { name: 'Model' } },
      { alias: 'o', relation: { schema: 'app', name: 'other' } },
    ]);
    expect(found.values).toEqual([
      { cast: { names: ['ModelType'], array: false }, qualifier: 'm', column: 'type', assign: false },
      { literal: 'x', qualifier: 'o', column: 'status', assign: false },
      { literal: 'a', qualifier: undefined, column: 'kind', assign: false },
      { literal: 'b', qualifier: undefined, column: 'kind', assign: false },
      { cast: { names: ['tag'], array: true }, qualifier: 'm', column: 'tags', assign: false },
    ]);
    expect(found.casts).toEqual([
      { value: 'Checkpoint', type: ['ModelType'] },
      { value: 't', type: ['tag'] },
    ]);
  });

  it('reads what an UPDATE sets and an INSERT gives, by column, only when asked', async () => {
    const update = await valuesOf(`UPDATE "Report" r SET status = 'Valid', kinds = ARRAY['a']::kind[], n = n + 1 WHERE r.status = 'Pending'`);
    expect(update.values).toEqual([
      { literal: 'Pending', qualifier: 'r', column: 'status', assign: false },
      { literal: 'Valid', qualifier: 'r', column: 'status', assign: true },
      { cast: { names: ['kind'], array: true }, qualifier: 'r', column: 'kinds', assign: true },
    ]);
    const insert = await valuesOf(`INSERT INTO t (a, b, c) VALUES ('x', 1, 'y'::s.e), ('z', 2, NULL)`);
    expect(insert.values.map((v) => [v.column, v.literal ?? v.cast?.names.join('.')])).toEqual([
      ['a', 'x'],
      ['c', 's.e'],
      ['a', 'z'],
    ]);
    expect((await valuesOf(`INSERT INTO t (a) VALUES ('x')`, false)).values).toEqual([]);
    expect((await valuesOf(`INSERT INTO t VALUES ('x')`)).values).toEqual([]); // no column list: positions are the table's
  });

  it('ignores what it cannot type: other operators, expressions, columns compared with columns', async () => {
    const found = await valuesOf(`SELECT 1 FROM t WHERE a = b AND c = lower('x') AND d LIKE 'x%' AND e = 1 AND t.* = 'x'`);
    expect(found.values).toEqual([]);
  });
});

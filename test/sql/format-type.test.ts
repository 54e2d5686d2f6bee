/** Column types as Postgres' format_type prints them: the model's spelling is replayed against PGlite's catalog. */
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { asKind, list, str } from '../../src/sql/ast.js';
import { formatType } from '../../src/sql/names.js';
import { parse } from '../helpers.js';

const columns = [
  'TIMESTAMP(3)', 'timestamptz', 'TIMESTAMPTZ(6)', 'timestamp without time zone', 'varchar(20)', 'varchar', 'character varying(5)[]', 'char(3)', 'char', '"char"',
  'bit', 'bit(4)', 'bit varying(5)', 'varbit', 'double precision', 'float', 'float(10)', 'real', 'decimal(10,2)', 'numeric(10)', 'numeric',
  'int', 'int2', 'int4', 'int8', 'bigint', 'bool', 'time(2)', 'timetz', 'time(3) with time zone', 'interval', 'interval year to month',
  'interval day to second(3)', 'interval(2)', 'interval hour', 'interval minute to second', 'text[]', 'int[][]', 'varchar(10)[3]', 'serial', 'bigserial', 'smallserial',
  'uuid', 'jsonb', 'bytea', 'money', 'inet', 'int4range', 'name', 'oid', 'date', 'xml', 'tsvector',
];

describe('formatType', () => {
  it('spells every builtin column type exactly as format_type does', async () => {
    const sql = `CREATE TABLE t (${columns.map((type, i) => `c${i} ${type}`).join(', ')});`;
    const db = new PGlite();
    await db.exec(sql);
    const postgres = (await db.query<{ t: string }>(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum`)).rows.map((r) => r.t);
    await db.close();
    const statement = (await parse(sql)).statements[0];
    const model = list(statement.node, 'tableElts').map((e) => formatType(asKind(e, 'ColumnDef')?.typeName));
    expect(model.map((t, i) => `${columns[i]} → ${t}`)).toEqual(postgres.map((t, i) => `${columns[i]} → ${t}`));
  });

  it('names types that are no builtin through the qualifier it is given, else as written', async () => {
    const statement = (await parse('CREATE TABLE t (a mood, b "public"."Status"[], c s.d);')).statements[0];
    const typeNames = list(statement.node, 'tableElts').map((e) => asKind(e, 'ColumnDef')?.typeName);
    expect(typeNames.map((t) => formatType(t))).toEqual(['mood', 'public.Status[]', 's.d']);
    expect(typeNames.map((t) => formatType(t, (parts) => (parts.length === 1 ? `app.${parts[0]}` : undefined)))).toEqual(['app.mood', 'public.Status[]', 's.d']);
    expect(str(asKind(list(statement.node, 'tableElts')[0], 'ColumnDef'), 'colname')).toBe('a');
  });
});

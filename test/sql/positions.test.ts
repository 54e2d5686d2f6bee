import { describe, expect, it } from 'vitest';
import { OffsetMap, SourceText } from '../../src/sql/source.js';
import { parse } from '../helpers.js';

describe('byte offsets → positions', () => {
  it('places statements after comments with é, €, emoji and CJK exactly', async () => {
    const text = [
      '-- café €5 😀 中文注释',
      '/* ünïcödé 🎉 block */ CREATE TABLE a (id int);',
      '-- 再见 👋',
      '  CREATE TABLE b (id int);',
      'SELECT \'😀\' AS x; SELECT 2;',
    ].join('\n');
    const parsed = await parse(text);
    expect(parsed.syntaxErrors).toEqual([]);
    const starts = parsed.statements.map((s) => [s.kind, s.start.line, s.start.column]);
    expect(starts).toEqual([
      ['CreateStmt', 2, 24],
      ['CreateStmt', 4, 3],
      ['SelectStmt', 5, 1],
      ['SelectStmt', 5, 19],
    ]);
    expect(parsed.statements[0].text).toBe('CREATE TABLE a (id int)');
    expect(parsed.statements[1].leadingComments.map((c) => c.text)).toEqual(['-- 再见 👋']);
  });

  it('reports a syntax error after non-ASCII text at Postgres\' line and column', async () => {
    const parsed = await parse('-- 😀 €\nSELECT 1;\nCREATE TABL x ();\n');
    expect(parsed.syntaxErrors).toHaveLength(1);
    expect(parsed.syntaxErrors[0].message).toBe('syntax error at or near "TABL"');
    expect(parsed.syntaxErrors[0].position).toMatchObject({ line: 3, column: 8 });
    // The good statement before it is still there.
    expect(parsed.statements.map((s) => s.kind)).toEqual(['SelectStmt']);
  });

  it('converts UTF-8 byte offsets and code point indexes to UTF-16 indexes', () => {
    const map = new OffsetMap('a€😀b');
    expect(map.indexOfByte(0)).toBe(0);
    expect(map.indexOfByte(1)).toBe(1); // €
    expect(map.indexOfByte(4)).toBe(2); // 😀 (two UTF-16 units)
    expect(map.indexOfByte(8)).toBe(4); // b
    expect(map.indexOfCodePoint(3)).toBe(4);
  });

  it('counts columns in UTF-16 units and lines on LF', () => {
    const source = new SourceText('f.sql', 'ab\n😀x\n');
    expect(source.positionAt(5)).toEqual({ offset: 5, line: 2, column: 3 });
    expect(source.lineText(2)).toBe('😀x');
  });
});

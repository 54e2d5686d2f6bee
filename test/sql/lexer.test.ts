/**
 * The JavaScript tokenizer must cut tokens where Postgres' own scanner does:
 * checked token by token against libpg-query's scanner on every SQL file of
 * this repository, the corpus and a synthetic bench project, plus the tricky
 * literal forms one by one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/generate.js';
import { tokenize } from '../../src/sql/lexer.js';
import { initParser } from '../../src/sql/parser.js';
import { OffsetMap } from '../../src/sql/source.js';
import { corpusRoot, repoRoot } from '../helpers.js';

beforeAll(() => initParser());

/** Postgres' token boundaries as UTF-16 [start, end) pairs. */
function postgresTokens(text: string): Array<[number, number]> {
  const offsets = new OffsetMap(text);
  return scanSync(text).tokens.map((t: { start: number; end: number }) => [offsets.indexOfByte(t.start), offsets.indexOfByte(t.end)]);
}

function ours(text: string): Array<[number, number]> {
  return tokenize(text).map((t) => [t.start, t.end]);
}

function sqlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sqlFilesUnder(full));
    else if (entry.endsWith('.sql')) out.push(full);
  }
  return out;
}

describe('tokenize', () => {
  it.each([
    ["E'it\\'s'", 'backslash-escaped quote in an E string'],
    ["'it''s'", 'doubled quote'],
    ["'a'\n'b'", 'a literal continued on the next line is one token'],
    ["'a' 'b'", 'without a newline they are two'],
    ['$$ a ; b $$', 'empty-tag dollar quote'],
    ['$fn$ select $$x$$ $fn$', 'tagged dollar quote containing another'],
    ['$1 + $22', 'parameters'],
    ['1.5e3 .5 1..2 0x1F 1_000', 'numbers'],
    ['a::int', 'typecast'],
    ['x := 1', 'assignment'],
    ['f(a => 1)', 'named argument'],
    ['a <> b != c <= d >= e', 'comparison operators'],
    ['a+-1', 'sign after an operator'],
    ['a @- b', 'operator keeping its trailing minus'],
    ['a --comment\n b', 'line comment'],
    ['a /* x /* nested */ y */ b', 'nested block comment'],
    ['a*/*c*/b', 'a block comment cuts an operator'],
    ['"Quoted ""id"""', 'quoted identifier with a doubled quote'],
    ["U&'\\0041' U&\"x\" X'ff' B'01' N'n'", 'prefixed strings'],
    ['café = naïve', 'non-ASCII identifiers'],
    ['arr[1:2]', 'array slice'],
  ])('%s (%s)', (text) => {
    expect(ours(text)).toEqual(postgresTokens(text));
  });

  it('agrees with Postgres on every file of the repository, the corpus and a synthetic project', () => {
    const synthetic = path.join(os.tmpdir(), `pgscribe-lexer-${process.pid}`);
    generateProject(synthetic, 100_000);
    const files = [...sqlFilesUnder(path.join(repoRoot, 'database')), ...sqlFilesUnder(synthetic)];
    try {
      files.push(...sqlFilesUnder(corpusRoot));
    } catch {
      // corpus absent: the repository and the synthetic project still count
    }
    let tokens = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (text.trim() === '') continue; // the scanner rejects empty input
      const expected = postgresTokens(text);
      expect(ours(text), path.relative(repoRoot, file)).toEqual(expected);
      tokens += expected.length;
    }
    expect(tokens).toBeGreaterThan(10_000);
  });
});

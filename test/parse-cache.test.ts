/**
 * The parse cache: an entry gives back exactly the answers it was written
 * with; a truncated, corrupt, foreign (other parser, other text, other
 * format) entry is a miss; a project loads to the same model with and without
 * it, an unchanged file is not parsed again, a changed or broken entry is
 * parsed and written again; the directory stays bounded without dropping what
 * the run used.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/pipeline.js';
import { decodeEntry, derivedBuildId, diskParseCache, encodeEntry, type ParseCache } from '../src/sql/parse-cache.js';
import { emptyAnswers, ParseSession } from '../src/sql/wasm.js';
import { repoRoot } from './helpers.js';

function sample() {
  const answers = emptyAnswers();
  answers.sql.set('SELECT 1', { json: '{"version":180000,"stmts":[{"stmt":{"SelectStmt":{}}}]}' });
  answers.sql.set('SELEC ä', { error: { message: 'syntax error at or near "SELEC"', sqlDetails: { cursorPosition: 0 } } });
  answers.plpgsql.set('CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN END$$', { json: '[{"PLpgSQL_function":{}}]' });
  return answers;
}

/** A cache that counts what the load wrote. */
function counting(cache: ParseCache) {
  const written: string[] = [];
  return {
    written,
    cache: { has: (t: string) => cache.has(t), get: (t: string) => cache.get(t), set: (t: string, a: Parameters<ParseCache['set']>[1]) => (written.push(t), cache.set(t, a)), flush: () => cache.flush() },
  };
}

const modelOf = async (parseCache?: ParseCache) => JSON.stringify((await loadProject({ root: repoRoot, releaseSyntaxTrees: true, parseCache, parseWorker: false })).model);

describe('the parse cache', () => {
  it('an entry gives back the answers it was written with, for its own text and parser only', () => {
    const entry = encodeEntry('file text', sample(), 'parser-a');
    expect(decodeEntry(entry, 'file text', 'parser-a')).toEqual(sample());
    expect(decodeEntry(entry, 'other text', 'parser-a')).toBeUndefined();
    expect(decodeEntry(entry, 'file text', 'parser-b')).toBeUndefined();
  });

  it('a truncated, corrupt or foreign entry is a miss', () => {
    const entry = encodeEntry('file text', sample(), 'p');
    expect(decodeEntry(entry.slice(0, entry.length - 3), 'file text', 'p')).toBeUndefined();
    expect(decodeEntry(entry.replace('SelectStmt', 'SelectStnt'), 'file text', 'p')).toBeUndefined();
    expect(decodeEntry(`${entry}x`, 'file text', 'p')).toBeUndefined();
    expect(decodeEntry('{"format":1}', 'file text', 'p')).toBeUndefined();
    expect(decodeEntry(entry.replace('pgscribe-parse-cache 1', 'pgscribe-parse-cache 9'), 'file text', 'p')).toBeUndefined();
    expect(decodeEntry('', 'file text', 'p')).toBeUndefined();
  });

  it("keeps the readings derived from the answers for the build that made them; another build's are not used", () => {
    const answers = sample();
    answers.derived?.set('if-condition\0x > 1', { kind: 'if', condition: 'x > 1', catalogs: [], literals: [], negated: false });
    const entry = encodeEntry('file text', answers, 'p');
    expect(decodeEntry(entry, 'file text', 'p')).toEqual(answers);
    const otherBuild = decodeEntry(entry.replace(derivedBuildId(), 'another-build'), 'file text', 'p');
    expect(otherBuild?.derived?.size).toBe(0);
    expect(otherBuild?.sql).toEqual(answers.sql);
    expect(otherBuild?.plpgsql).toEqual(answers.plpgsql);
    // A derived section cut short, or a length that does not match it, is a broken entry.
    expect(decodeEntry(entry.slice(0, -1), 'file text', 'p')).toBeUndefined();
  });

  it('a file read from it takes its DO bodies from the outlines kept: no PL/pgSQL parse and no condition parse', async () => {
    const files = {
      'database/migrations/001_people.sql': [
        'CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY, email text);',
        'DO $$ BEGIN',
        "  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'people_email') THEN",
        '    CREATE INDEX people_email ON people (email);',
        '  END IF;',
        'EXCEPTION WHEN duplicate_table THEN NULL;',
        'END $$;',
        '',
      ].join('\n'),
    };
    const load = (parseCache?: ParseCache, parseSession?: ParseSession) => loadProject({ root: '/memory/people', files, parseCache, parseSession, releaseSyntaxTrees: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-parse-'));
    const plain = JSON.stringify((await load()).model);
    await load(diskParseCache(dir));
    const calls: string[] = [];
    const parseSession = new ParseSession();
    for (const method of ['parsePlpgsql', 'parseSql'] as const) {
      const original = parseSession[method].bind(parseSession);
      parseSession[method] = (text: string) => {
        calls.push(`${method} ${text}`);
        return original(text);
      };
    }
    expect(JSON.stringify((await load(diskParseCache(dir), parseSession)).model)).toBe(plain);
    expect(calls.filter((c) => c.startsWith('parsePlpgsql'))).toEqual([]);
    expect(calls.filter((c) => c.includes('SELECT NOT EXISTS'))).toEqual([]);
    expect(calls).toContain('parseSql CREATE INDEX people_email ON people (email)'); // the statement the body runs is still read (from the cache)
  });

  it('this repository loads to the same model with it; unchanged files are not parsed again; a broken entry is rebuilt', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-parse-'));
    const plain = await modelOf();
    const first = counting(diskParseCache(dir));
    expect(await modelOf(first.cache)).toBe(plain);
    const files = readdirSync(dir);
    expect(first.written.length).toBe(files.length);
    expect(files.length).toBeGreaterThan(10);
    const second = counting(diskParseCache(dir));
    expect(await modelOf(second.cache)).toBe(plain);
    expect(second.written).toEqual([]);
    // Break two entries: cut one short, flip a byte of another.
    const [a, b] = files.map((f) => path.join(dir, f));
    writeFileSync(a, readFileSync(a, 'utf8').slice(0, 200));
    const text = readFileSync(b, 'utf8');
    writeFileSync(b, text.slice(0, -10) + (text.at(-10) === '1' ? '2' : '1') + text.slice(-9));
    const third = counting(diskParseCache(dir));
    expect(await modelOf(third.cache)).toBe(plain);
    expect(third.written.length).toBe(2);
    const fourth = counting(diskParseCache(dir));
    await modelOf(fourth.cache);
    expect(fourth.written).toEqual([]);
  }, 60_000);

  it('stays within its bound, keeping the entries the run used', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-parse-'));
    const old = diskParseCache(dir);
    for (let i = 0; i < 20; i++) old.set(`old text ${i}`, sample());
    old.flush();
    expect(readdirSync(dir).length).toBe(20);
    const bounded = diskParseCache(dir, 1);
    expect(await modelOf(bounded)).toBe(await modelOf());
    const kept = readdirSync(dir);
    const used = diskParseCache(dir);
    expect(kept.every((f) => !readFileSync(path.join(dir, f), 'utf8').includes('old text'))).toBe(true);
    // everything this run used is still there: a second run writes nothing
    const again = counting(used);
    await modelOf(again.cache);
    expect(again.written).toEqual([]);
  }, 60_000);
});

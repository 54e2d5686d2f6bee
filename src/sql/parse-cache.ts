/**
 * The content cache of the parser's answers (as ESLint's, Prettier's and
 * Ruff's caches): per file text, every answer libpg-query gave while pgscribe
 * read that file — the statements, the DO and function bodies, the guards'
 * conditions, the expressions — kept as the parser's JSON text. A later run
 * over the same text installs them (wasm.ts `useAnswers`), so an unchanged
 * file costs no WebAssembly parse; a call the entry lacks still runs the
 * parser and is added. An answer is a pure function of its text and the
 * parser, so an entry is keyed by the sha-256 of the parser's identity
 * (libpg-query's version and WebAssembly size) and the text, and is sound for
 * any pgscribe build. Beside the answers an entry keeps the readings derived
 * from them (the DO bodies' outlines, the IF conditions' guards: see
 * ParseSession.derive), which are pgscribe's own work: they are tagged with
 * the build of the code that made them (derivedBuildId) and used only by
 * that build; another build reads the answers and derives them again.
 *
 * One file per text under the cache directory. Format: a first line
 * `pgscribe-parse-cache 1`, a JSON header line (parser, key, the calls as
 * [kind, text length, 'j'|'e', answer length], the derived readings' build
 * and length, a CRC-32 of the rest), then the texts and answers back to
 * back, unescaped (reading needs no second JSON pass over the trees), then
 * the derived readings as one JSON array. Written atomically (temp file and
 * rename). A file that is truncated, corrupt (CRC), of another format, parser
 * or key is a miss and is written again. The directory is bounded: after a
 * run that wrote entries, the least recently used entries beyond the bound
 * are removed, never one this run used.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { type Answer, type Answers, type CallKind, emptyAnswers } from './wasm.js';

/** Where a load finds and keeps the parser's answers per file text. */
export interface ParseCache {
  /** Whether an entry for this text is there (it may still turn out unsound when read). */
  has(text: string): boolean;
  /** The answers stored for this text, or undefined (none, unreadable, foreign: a miss). */
  get(text: string): Answers | undefined;
  /** Keeps the answers for this text (those `get` gave and the calls made besides). */
  set(text: string, answers: Answers): void;
  /** The load is done: entries beyond the bound are pruned. */
  flush(): void;
}

const magic = 'pgscribe-parse-cache 1';
const kinds: CallKind[] = ['sql', 'plpgsql', 'scan'];
/** The directory's default bound (bytes); a project whose own entries are larger keeps them all. */
export const defaultMaxBytes = 256 * 1024 * 1024;

let parserIdentity: string | undefined;

/** libpg-query's version and the size of its WebAssembly: a new parser is a new cache. */
export function parserId(): string {
  if (parserIdentity) return parserIdentity;
  let id = 'unknown';
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('libpg-query');
    let dir = path.dirname(main);
    for (let i = 0; i < 4 && !existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
    const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    const wasm = statSync(path.join(path.dirname(main), 'libpg-query.wasm')).size;
    id = `libpg-query@${version}:${wasm}`;
  } catch {
    // no identity: entries are still keyed by it, and "unknown" never matches a real one
  }
  parserIdentity = id;
  return id;
}

let derivedIdentity: string | undefined;

/**
 * The build of the code that derives readings from the parser's answers: the
 * sizes and times of the modules beside this one (src/sql or dist/sql, whose
 * modules plpgsql.ts and what it reads are; in the CLI the bundles, which
 * hold everything). Any rebuild or edit there is another build.
 */
export function derivedBuildId(): string {
  if (derivedIdentity) return derivedIdentity;
  let parts: string[];
  try {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    parts = readdirSync(dir)
      .filter((f) => /\.(c?js|ts)$/.test(f))
      .sort()
      .map((f) => {
        const stat = statSync(path.join(dir, f));
        return `${f}:${stat.size}:${stat.mtimeMs}`;
      });
  } catch {
    parts = [`unknown:${process.pid}:${Date.now()}`]; // no identity: nothing derived is reused
  }
  derivedIdentity = createHash('sha256').update(parts.join('|')).digest('hex');
  return derivedIdentity;
}

const checksum = (text: string): string => {
  const crc = (zlib as unknown as { crc32?: (data: string) => number }).crc32;
  return crc ? `crc32:${crc(text)}` : `sha1:${createHash('sha1').update(text).digest('hex')}`;
};

/** The key of a text's entry. */
export function keyOf(text: string, parser = parserId()): string {
  return createHash('sha256').update(parser).update('\0').update(text).digest('hex');
}

interface Header {
  parser: string;
  key: string;
  calls: Array<[CallKind, number, 'j' | 'e', number]>;
  /** The derived readings' build and length (absent: none). */
  derived?: [string, number];
  check: string;
}

/** An entry's bytes for these answers. */
export function encodeEntry(text: string, answers: Answers, parser = parserId()): string {
  const calls: Header['calls'] = [];
  const parts: string[] = [];
  for (const kind of kinds) {
    for (const [input, answer] of answers[kind]) {
      const body = 'json' in answer ? answer.json : JSON.stringify(answer.error);
      calls.push([kind, input.length, 'json' in answer ? 'j' : 'e', body.length]);
      parts.push(input, body);
    }
  }
  const derived = answers.derived && answers.derived.size > 0 ? JSON.stringify([...answers.derived]) : '';
  const rest = parts.join('') + derived;
  const header: Header = { parser, key: keyOf(text, parser), calls, ...(derived ? { derived: [derivedBuildId(), derived.length] as [string, number] } : {}), check: checksum(rest) };
  return `${magic}\n${JSON.stringify(header)}\n${rest}`;
}

/** The derived readings an entry holds, when the build that made them is this one. */
function derivedOf(header: Header, section: string): Map<string, unknown> | undefined {
  if (!header.derived || header.derived[0] !== derivedBuildId()) return undefined;
  try {
    const entries = JSON.parse(section) as unknown;
    return Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string') ? new Map(entries as Array<[string, unknown]>) : undefined;
  } catch {
    return undefined;
  }
}

/** The answers in an entry for this text, or undefined when the entry is not sound or not this text's. */
export function decodeEntry(content: string, text: string, parser = parserId()): Answers | undefined {
  if (!content.startsWith(`${magic}\n`)) return undefined;
  const headerEnd = content.indexOf('\n', magic.length + 1);
  if (headerEnd === -1) return undefined;
  let header: Header;
  try {
    header = JSON.parse(content.slice(magic.length + 1, headerEnd)) as Header;
  } catch {
    return undefined;
  }
  if (header?.parser !== parser || header.key !== keyOf(text, parser) || !Array.isArray(header.calls)) return undefined;
  const rest = content.slice(headerEnd + 1);
  if (header.check !== checksum(rest)) return undefined;
  const answers = emptyAnswers();
  let at = 0;
  for (const call of header.calls) {
    if (!Array.isArray(call) || !kinds.includes(call[0]) || typeof call[1] !== 'number' || typeof call[3] !== 'number') return undefined;
    const [kind, inputLength, type, bodyLength] = call;
    const input = rest.slice(at, at + inputLength);
    const body = rest.slice(at + inputLength, at + inputLength + bodyLength);
    at += inputLength + bodyLength;
    let answer: Answer;
    if (type === 'j') answer = { json: body };
    else {
      try {
        const error = JSON.parse(body) as { message?: unknown; sqlDetails?: unknown };
        if (typeof error?.message !== 'string') return undefined;
        answer = { error: { message: error.message, sqlDetails: error.sqlDetails } };
      } catch {
        return undefined;
      }
    }
    answers[kind].set(input, answer);
  }
  const derivedLength = Array.isArray(header.derived) && typeof header.derived[1] === 'number' ? header.derived[1] : 0;
  if (at + derivedLength !== rest.length) return undefined;
  const derived = derivedLength > 0 ? derivedOf(header, rest.slice(at)) : undefined;
  if (derived) answers.derived = derived;
  return answers;
}

/** `extra`'s answers added to `base` (a new set; neither is changed). */
export function mergeAnswers(base: Answers | undefined, extra: Answers): Answers {
  const merged = emptyAnswers();
  for (const kind of kinds) {
    for (const [k, v] of base?.[kind] ?? []) merged[kind].set(k, v);
    for (const [k, v] of extra[kind]) merged[kind].set(k, v);
  }
  for (const [k, v] of base?.derived ?? []) merged.derived?.set(k, v);
  for (const [k, v] of extra.derived ?? []) merged.derived?.set(k, v);
  return merged;
}

const suffix = '.pgparse';

/** A parse cache in a directory (made when the first entry is written). Failing to read or write is never an error. */
export function diskParseCache(dir: string, maxBytes = defaultMaxBytes): ParseCache {
  const used = new Set<string>();
  let wrote = false;
  const fileOf = (text: string): string => path.join(dir, `${keyOf(text).slice(0, 40)}${suffix}`);
  return {
    has: (text) => existsSync(fileOf(text)),
    get(text) {
      const file = fileOf(text);
      used.add(path.basename(file));
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      const answers = decodeEntry(content, text);
      if (answers) {
        try {
          const now = new Date();
          utimesSync(file, now, now); // used: kept longer
        } catch {
          // a read-only cache still serves
        }
      }
      return answers;
    },
    set(text, answers) {
      const file = fileOf(text);
      used.add(path.basename(file));
      const temp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temp, encodeEntry(text, answers));
        renameSync(temp, file);
        wrote = true;
      } catch {
        rmSync(temp, { force: true });
      }
    },
    flush() {
      if (wrote) prune(dir, maxBytes, used);
    },
  };
}

/** Removes the least recently used entries (not those in `keep`) until the directory holds at most `maxBytes`. */
function prune(dir: string, maxBytes: number, keep: Set<string>): void {
  try {
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .map((f) => {
        const s = statSync(path.join(dir, f));
        return { f, size: s.size, t: s.mtimeMs };
      });
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    entries.sort((a, b) => a.t - b.t);
    for (const e of entries) {
      if (total <= maxBytes) break;
      if (keep.has(e.f)) continue;
      rmSync(path.join(dir, e.f), { force: true });
      total -= e.size;
    }
  } catch {
    // pruning is housekeeping
  }
}

/**
 * Reading SQL files: decode, normalise, substitute placeholders, hash.
 *
 * Text is decoded as strict UTF-8 (a BOM is dropped; CRLF and CR become LF so
 * positions and hashes are the same on every checkout). A file that is not
 * UTF-8 text is not an exception: it is returned with `problem` set, and
 * becomes a `syntax-error` finding at the first bad line.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PgscribeError } from '../errors.js';
import { type MigrationFormat, upSection } from './formats.js';

export interface SourceFileData {
  /** Root-relative path with forward slashes. */
  file: string;
  /** Normalised text (placeholders substituted). */
  text: string;
  /** sha256 of the normalised text before placeholder substitution, hex. */
  hash: string;
  /** Why the file cannot be read as SQL, with the line (and column) it concerns; `text` then holds what could be decoded, for code frames. */
  problem?: { message: string; line: number; column?: number };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Normalises line endings and drops a leading BOM. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Bisect on decodability of prefixes is costly; a forward scan of sequences is exact.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

/** The placeholders a project's SQL holds: their values, and the template syntax they are written in. */
export interface Placeholders {
  values: Record<string, string>;
  /** `psql`: `:NAME`, `:'NAME'`, `:"NAME"`; `go-template`: `{{ .Name }}`, `{{ index .Options "Name" }}`. */
  syntax: 'psql' | 'go-template';
}

/**
 * Replaces the placeholders of `syntax`. psql's `:NAME`, `:'NAME'` (a
 * literal) and `:"NAME"` (an identifier), as psql's lexer reads them: never
 * inside a `::` cast, but right after one (`x:::NAME` is `x::` then `:NAME`).
 * Go templates' `{{ .Name }}` and `{{ index .Options "Name" }}` (any map
 * field), as golang-migrate and Supabase's auth server render them. A
 * placeholder without a value stays as written.
 */
export function substituteVariables(text: string, placeholders: Placeholders): string {
  const entries = Object.entries(placeholders.values);
  if (entries.length === 0) return text;
  const values = new Map(entries.map(([k, v]) => [k.replace(/^:/, ''), v]));
  if (placeholders.syntax === 'go-template') {
    return text.replace(/\{\{-?\s*(?:\.([A-Za-z_]\w*)|index\s+\.[A-Za-z_]\w*\s+"([A-Za-z_]\w*)")\s*-?\}\}/g, (whole, field, key) => values.get(field ?? key) ?? whole);
  }
  return text.replace(/(?:(?<=(?<!:)::)|(?<![:\w])):(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))/g, (whole, quoted, ident, bare) => {
    const name = quoted ?? ident ?? bare;
    const value = values.get(name);
    if (value === undefined) return whole;
    if (quoted) return `'${value.replace(/'/g, "''")}'`;
    if (ident) return `"${value.replace(/"/g, '""')}"`;
    return value;
  });
}

const noPlaceholders: Placeholders = { values: {}, syntax: 'psql' };

export function readSourceFile(root: string, file: string, placeholders: Placeholders = noPlaceholders, format: MigrationFormat = 'plain'): SourceFileData {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PgscribeError('io', `cannot read SQL file (${code})`, { file });
  }
  return decodeSourceFile(file, bytes, placeholders, format);
}

/** A SQL file's bytes as pgscribe reads them (see readSourceFile). */
export function decodeSourceFile(file: string, bytes: Buffer, placeholders: Placeholders = noPlaceholders, format: MigrationFormat = 'plain'): SourceFileData {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'LE' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'BE' : undefined;
  if (utf16) {
    return {
      file,
      text: '',
      hash: sha256(bytes.toString('latin1')),
      problem: { message: `expected UTF-8 text, found UTF-16 (${utf16}, with a byte-order mark); convert it, e.g. iconv -f UTF-16 -t UTF-8 '${file}' > tmp.sql && mv tmp.sql '${file}'`, line: 1 },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { file, text: '', hash: sha256(bytes.toString('latin1')), problem: { message: 'expected a text SQL file, found binary data (a NUL byte)', line: lineOfByte(bytes, nul) } };
  }
  let decoded: string;
  try {
    decoded = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(10, at - 1) + 1;
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).length + 1;
    const shown = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return {
      file,
      text: normaliseText(new TextDecoder('utf-8').decode(bytes)),
      hash: sha256(bytes.toString('latin1')),
      problem: { message: `expected UTF-8 text, found invalid UTF-8 at byte ${at} (bytes ${shown}); re-save the file as UTF-8`, line: lineOfByte(bytes, at), column },
    };
  }
  const normalised = normaliseText(decoded);
  const up = upSection(normalised, format);
  const data: SourceFileData = { file, text: substituteVariables(up.text, placeholders), hash: sha256(normalised) };
  if (up.problem) data.problem = up.problem;
  return data;
}

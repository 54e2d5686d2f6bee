/**
 * Paths and links of the generated docs. Reference page names are made from
 * object names, which may hold any character Postgres allows in a quoted
 * identifier (`/`, `..`, `\`, `:`, spaces, 300 bytes that Postgres would cut):
 * `tablePageFile` encodes them so that every page is one plain file inside
 * `referenceDir`, distinct even on a case-insensitive file system. `hrefTo`
 * makes a Markdown link destination that CommonMark (and GitHub) reads as a
 * link whatever the file is called. (The check that no write leaves the
 * project is `assertInsideRoot` in sources/write.ts.)
 */

import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { qualify } from '../model/lookup.js';
import type { Model, ObjectName } from '../model/types.js';

/** Characters that never appear as themselves in a page's file name (reserved on some file system, or the escape). */
const unsafe = /[\u0000-\u001f\u007f/\\:*?"<>|%]/gu;
/** File names stay well under the 255-byte limit of common file systems. */
const maxNameBytes = 200;

const percent = (ch: string) => [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** One name as a file-name part: unsafe characters, a leading dot and trailing dots or spaces as `%XX`. */
export function encodeNamePart(name: string): string {
  return name
    .replace(unsafe, percent)
    .replace(/^\./, '%2E')
    .replace(/[. ]+$/, (tail) => [...tail].map(percent).join(''));
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/** Cuts a file-name base to `maxNameBytes`, at a character boundary, marked with a hash of the whole. */
function bounded(base: string, whole: string): string {
  if (Buffer.byteLength(base, 'utf8') <= maxNameBytes) return base;
  let cut = '';
  for (const ch of base) {
    if (Buffer.byteLength(cut + ch, 'utf8') > maxNameBytes - 12) break;
    cut += ch;
  }
  return `${cut}~${shortHash(whole)}`;
}

/** A table's page name before `.md`: `schema.name`, each part encoded, the whole bounded. */
function pageBase(table: ObjectName): string {
  return bounded(`${encodeNamePart(table.schema)}.${encodeNamePart(table.name)}`, `${table.schema}\u0000${table.name}`);
}

const pageNames = new WeakMap<Model, Map<string, string>>();

/**
 * The file name of every table's page, `schema.name.md` encoded; names that
 * would meet on a case-insensitive file system (`Users`, `users`) each get a
 * hash of their exact name. Cached per model (which must not change afterwards).
 */
function tablePageNames(model: Model): Map<string, string> {
  let names = pageNames.get(model);
  if (names) return names;
  const bases = new Map<string, string>();
  const byFolded = new Map<string, string[]>();
  for (const t of model.tables) {
    const key = qualify(t);
    const base = pageBase(t);
    bases.set(key, base);
    const folded = base.toLowerCase();
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), key]);
  }
  names = new Map();
  for (const [key, base] of bases) {
    const clash = (byFolded.get(base.toLowerCase()) ?? []).length > 1;
    names.set(key, `${clash ? `${base}~${shortHash(key)}` : base}.md`);
  }
  pageNames.set(model, names);
  return names;
}

/** The root-relative page of a table (one the model holds, or where one would be). */
export function tablePageFile(model: Model, referenceDir: string, table: ObjectName): string {
  const name = tablePageNames(model).get(qualify(table)) ?? `${pageBase(table)}.md`;
  return path.join(referenceDir, name);
}

/** A path as a Markdown link destination: each segment percent-encoded (spaces, brackets, colons, non-ASCII). */
export function encodeHref(relative: string): string {
  return relative
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('/');
}

const relativeHrefs = new Map<string, string>();
/** Links remembered at most; past it the memory starts again (a long-lived library process documents many roots). */
const maxRemembered = 50_000;

/**
 * The link from a page's directory to a root-relative file, encoded.
 * Remembered: a reference of thousands of pages links the same few hundred
 * files from one directory, and `path.relative` resolves both paths against
 * the working directory on every call. The memory is bounded (`maxRemembered`).
 */
export function hrefTo(pageDir: string, file: string): string {
  const key = `${pageDir}\u0000${file}`;
  let href = relativeHrefs.get(key);
  if (href === undefined) {
    href = encodeHref(path.relative(pageDir || '.', file) || path.basename(file));
    if (relativeHrefs.size >= maxRemembered) relativeHrefs.clear();
    relativeHrefs.set(key, href);
  }
  return href;
}

/** An HTML id / link fragment for a name: letters, digits, `_` and `-` kept, anything else as `-XX` (UTF-8 bytes). */
export function anchorOf(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/gu, (ch) => [...Buffer.from(ch, 'utf8')].map((b) => `-${b.toString(16).padStart(2, '0')}`).join(''))}`;
}

/**
 * The migration lock (`database/migrations.lock` by default): one line per
 * locked migration, `PATH sha256:HEX` (PATH a JSON string when it holds
 * spaces, quotes or a leading `#`), in run order, and a last line
 * `total N sha256:HEX` over the lines above. `lock` only appends new
 * migrations; `lock --accept FILE` re-locks an edited one (a reviewer sees it
 * in the diff). Hashes are of the normalised text, so CRLF checkouts match.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PgscribeError } from './errors.js';
import { sha256 } from './sources/read.js';
import { writeFiles } from './sources/write.js';

export interface LockEntry {
  file: string;
  hash: string;
  line: number;
}

export interface LockFile {
  entries: LockEntry[];
  exists: boolean;
}

/** `PATH sha256:HEX`; PATH is a JSON string when it has spaces, quotes, a leading `#` or other characters a bare word cannot hold. */
const entryPattern = /^("(?:[^"\\]|\\.)*"|.+?)\s+sha256:([0-9a-f]{64})$/;

/** A lock path as written: bare when that reads back the same, else a JSON string. */
export function lockPath(file: string): string {
  return /^[^\s"#\\\p{C}][^\s"\\\p{C}]*$/u.test(file) && file !== 'total' ? file : JSON.stringify(file);
}

function readLockPath(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
const totalPattern = /^total\s+\d+\s+sha256:[0-9a-f]{64}$/;

export function readLock(root: string, lockFile: string): LockFile {
  const full = path.join(root, lockFile);
  if (!existsSync(full)) return { entries: [], exists: false };
  return parseLock(readFileSync(full, 'utf8'), lockFile);
}

/** A lock from the text of its file (`lockFile` names it in errors). */
export function parseLock(text: string, lockFile: string): LockFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const entries: LockEntry[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text || text.startsWith('#') || totalPattern.test(text)) return;
    const match = entryPattern.exec(text);
    const file = match ? readLockPath(match[1]) : undefined;
    if (!match || file === undefined) throw new PgscribeError('config', `expected "PATH sha256:HEX" (PATH bare or a JSON string) or "total N sha256:HEX", found "${text.slice(0, 60)}"`, { file: lockFile, line: i + 1 });
    entries.push({ file, hash: match[2], line: i + 1 });
  });
  return { entries, exists: true };
}

function render(entries: Array<{ file: string; hash: string }>): string {
  const body = entries.map((e) => `${lockPath(e.file)} sha256:${e.hash}`);
  return `${[...body, `total ${entries.length} sha256:${sha256(body.join('\n'))}`].join('\n')}\n`;
}

export interface LockResult {
  added: string[];
  accepted: string[];
  file: string;
}

/** What the lock is made from: the root, the config's lock file, and the migrations in run order with their hashes. */
export interface LockInput {
  root: string;
  config: { lockFile: string };
  migrations: ReadonlyArray<{ data: { file: string; hash: string } }>;
}

/** Appends unlocked migrations; with `accept`, re-locks those edited files. */
export function updateLock(project: LockInput, accept: string[] = []): LockResult {
  const { root, config } = project;
  const lock = readLock(root, config.lockFile);
  const current = new Map(project.migrations.map((m) => [m.data.file, m.data.hash]));
  const entries = lock.entries.map((e) => ({ file: e.file, hash: e.hash }));
  const accepted: string[] = [];
  for (const raw of accept) {
    const file = raw.replace(/\\/g, '/').replace(/^\.\//, '');
    const entry = entries.find((e) => e.file === file);
    const hash = current.get(file);
    if (!entry || hash === undefined) throw new PgscribeError('usage', `--accept ${file}: expected a locked migration that exists, found ${entry ? 'no such file' : 'no lock entry'}`, { file: config.lockFile });
    if (entry.hash !== hash) {
      entry.hash = hash;
      accepted.push(file);
    }
  }
  const locked = new Set(entries.map((e) => e.file));
  const added: string[] = [];
  for (const m of project.migrations) {
    if (locked.has(m.data.file)) continue;
    entries.push({ file: m.data.file, hash: m.data.hash });
    added.push(m.data.file);
  }
  if (added.length > 0 || accepted.length > 0 || !lock.exists) writeFiles(root, [{ file: config.lockFile, content: render(entries) }], 'the lock');
  return { added, accepted, file: config.lockFile };
}

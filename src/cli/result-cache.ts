/**
 * The result cache (as ESLint's `--cache`): a run of `check`, `lint`,
 * `inspect` or `export` stores what it printed and its exit code, with a
 * manifest of everything the result was made from — the content hash of
 * every file it read (config, migrations, seeds, lock, the target documents,
 * the reference pages, local templates, package.json), the files the
 * migration and seed globs matched, the listings of the directories whose
 * other files matter (stale pages, temp files). The next run with the same
 * arguments, environment, pgscribe build and day checks the manifest and, when
 * every input is as it was, prints the stored result without loading the
 * parser or building the model (bin/pgscribe.js asks before it loads the
 * CLI). Anything else is a miss: an entry that does not parse, is truncated,
 * is of another format or build, or whose manifest does not hold is ignored
 * and written again after the run.
 *
 * Location: `node_modules/.cache/pgscribe/` under the project root (the
 * convention), only when the root has a `node_modules`; `--cache-location DIR`
 * elsewhere; `--no-cache` off. Entries are written atomically (temp file and
 * rename); the directory keeps the newest entries (by use) up to a bound.
 *
 * Node built-ins and the glob matcher only: this module runs before the CLI loads.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandGlobs } from '../sources/glob.js';

const formatVersion = 1;
/** Entries kept; the least recently used beyond this are removed after a write. */
const maxEntries = 64;

/** The commands whose result the cache can hold (they write nothing and ask no one else). */
const cacheableCommands = new Set(['check', 'lint', 'inspect', 'export']);
/** Global options that take a value (the rest are flags). */
const valueOptions = new Set(['--root', '--config', '--now', '--cache-location']);
/** Options whose result depends on more than the files (git, time, the terminal's lifetime). */
const uncacheable = new Set(['--changed-since', '--watch', '--no-cache', '--debug', '--help', '-h', '--version', '-v']);
/** Environment variables that change what a run prints. */
const relevantEnv = /^(PGSCRIBE_|NO_COLOR$|FORCE_COLOR$|TERM$|CI$|GITHUB_ACTIONS$)/;

/** What a stored run printed and exited with. */
export interface CachedResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a result was made from. */
export interface Manifest {
  root: string;
  /** Root-relative files and their content hashes (`missing` for a file that was not there). */
  files: Array<[string, string]>;
  /** Glob lists and the files they matched. */
  globs: Array<{ globs: string[]; matched: string[] }>;
  /** Root-relative directories and their entries. */
  dirs: Array<[string, string[]]>;
}

interface Entry {
  format: number;
  build: string;
  key: string;
  manifest: Manifest;
  result: CachedResult;
}

/** The arguments' view the cache needs: the command, the root, the cache location, whether the run may use the cache. */
export interface CacheArgs {
  command: string | undefined;
  root: string;
  location: string | undefined;
  usable: boolean;
  pinnedNow: boolean;
}

export function readArgs(args: string[], cwd: string): CacheArgs {
  let command: string | undefined;
  let root = '.';
  let location: string | undefined;
  let usable = true;
  let pinnedNow = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (uncacheable.has(name)) usable = false;
    if (valueOptions.has(name)) {
      const value = inline ?? args[++i];
      if (name === '--root' && value !== undefined) root = value;
      if (name === '--cache-location' && value !== undefined) location = path.resolve(cwd, value);
      if (name === '--now') pinnedNow = true;
      continue;
    }
    if (!arg.startsWith('-') && command === undefined) command = arg;
  }
  if (command === undefined || !cacheableCommands.has(command)) usable = false;
  return { command, root: path.resolve(cwd, root), location, usable, pinnedNow };
}

/** The cache directory for a root: --cache-location, else node_modules/.cache/pgscribe when the root has node_modules, else none. */
export function cacheDirOf(root: string, location: string | undefined): string | undefined {
  if (location) return location;
  const modules = path.join(root, 'node_modules');
  return existsSync(modules) ? path.join(modules, '.cache', 'pgscribe') : undefined;
}

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The build of pgscribe that made a result: the bundled CLI and templates it ran (any rebuild is another build). */
function buildId(): string {
  const dist = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const parts = ['cli/pgscribe.cjs', 'templates.precompiled.cjs', 'cli/result-cache.js'].map((f) => {
    try {
      const s = statSync(path.join(dist, f));
      return `${f}:${s.size}:${s.mtimeMs}`;
    } catch {
      return `${f}:none`;
    }
  });
  return sha(parts.join('|'));
}

/** The key of a run: its arguments, where it runs, what of the environment it reads, its terminal, and the day (unless --now pins it). */
export function keyOf(args: string[], cwd: string, env: NodeJS.ProcessEnv, ttys: { stdout: boolean; stderr: boolean }, pinnedNow: boolean): string {
  const environment = Object.keys(env)
    .filter((k) => relevantEnv.test(k))
    .sort()
    .map((k) => [k, env[k]]);
  const day = pinnedNow ? '' : new Date().toISOString().slice(0, 10);
  return sha(JSON.stringify({ args, cwd, environment, ttys, day }));
}

function hashOf(root: string, file: string): string {
  try {
    return sha(readFileSync(path.resolve(root, file)));
  } catch {
    return 'missing';
  }
}

function listing(root: string, dir: string): string[] {
  try {
    return readdirSync(path.resolve(root, dir)).sort();
  } catch {
    return [];
  }
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether every input of the manifest is as it was. */
function holds(manifest: Manifest): boolean {
  const { root } = manifest;
  for (const [file, hash] of manifest.files) if (hashOf(root, file) !== hash) return false;
  for (const [dir, names] of manifest.dirs) if (!same(listing(root, dir), names)) return false;
  for (const g of manifest.globs) {
    let matched: string[];
    try {
      matched = expandGlobs(root, g.globs);
    } catch {
      return false;
    }
    if (!same(matched, g.matched)) return false;
  }
  return true;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<Entry>;
  const r = e.result as Partial<CachedResult> | undefined;
  const m = e.manifest as Partial<Manifest> | undefined;
  return (
    e.format === formatVersion &&
    typeof e.build === 'string' &&
    typeof e.key === 'string' &&
    typeof r?.code === 'number' &&
    typeof r.stdout === 'string' &&
    typeof r.stderr === 'string' &&
    typeof m?.root === 'string' &&
    Array.isArray(m.files) &&
    Array.isArray(m.globs) &&
    Array.isArray(m.dirs)
  );
}

const entryFile = (dir: string, key: string): string => path.join(dir, `${key.slice(0, 32)}.json`);

/** The stored result of this run, when its entry is sound and its manifest holds; else undefined. */
export function lookup(args: string[], cwd: string, env: NodeJS.ProcessEnv, ttys: { stdout: boolean; stderr: boolean }): CachedResult | undefined {
  const read = readArgs(args, cwd);
  if (!read.usable) return undefined;
  const dir = cacheDirOf(read.root, read.location);
  if (!dir) return undefined;
  const key = keyOf(args, cwd, env, ttys, read.pinnedNow);
  const file = entryFile(dir, key);
  let entry: unknown;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // none, truncated or not JSON: a miss
  }
  if (!isEntry(entry) || entry.key !== key || entry.build !== buildId() || entry.manifest.root !== read.root) return undefined;
  if (!holds(entry.manifest)) return undefined;
  try {
    const now = new Date();
    utimesSync(file, now, now); // used: kept longer
  } catch {
    // a read-only cache still serves
  }
  return entry.result;
}

/** Stores a run's result (atomically), then keeps the newest entries. Failing to write is never an error: the cache is an optimisation. */
export function store(args: string[], cwd: string, env: NodeJS.ProcessEnv, ttys: { stdout: boolean; stderr: boolean }, manifest: Manifest, result: CachedResult): void {
  const read = readArgs(args, cwd);
  if (!read.usable) return;
  const dir = cacheDirOf(read.root, read.location);
  if (!dir) return;
  const key = keyOf(args, cwd, env, ttys, read.pinnedNow);
  const entry: Entry = { format: formatVersion, build: buildId(), key, manifest, result };
  const file = entryFile(dir, key);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, file);
    prune(dir);
  } catch {
    rmSync(temp, { force: true });
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs }));
  if (entries.length <= maxEntries) return;
  entries.sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(maxEntries)) rmSync(path.join(dir, f), { force: true });
}

/** A manifest of `files` (hashed now), glob results and directory listings, for a root. */
export function manifestOf(root: string, files: string[], globs: string[][], dirs: string[]): Manifest {
  const unique = [...new Set(files)].sort();
  return {
    root,
    files: unique.map((f) => [f, hashOf(root, f)]),
    globs: globs.map((g) => ({ globs: g, matched: expandGlobs(root, g) })),
    dirs: [...new Set(dirs)].sort().map((d) => [d, listing(root, d)]),
  };
}

/**
 * Writing project files safely: every write of a set of files is planned,
 * checked and staged before any target changes.
 *
 * - Every target must resolve inside the root (`assertInsideRoot`: no `..`,
 *   absolute path or symbolic link leads out), checked before anything is
 *   written; this is the one place every write of the project goes through.
 * - Each target must be a regular file (or not exist) and must not be
 *   read-only: a read-only file is refused, not overwritten (root could).
 * - New contents go to `<target>.pgscribe-<pid>.tmp` first, with the target's
 *   mode and owner; then each temp file is renamed over its target, in the
 *   order given (the caller puts reference pages first and the marked
 *   sections last), so each file is replaced atomically.
 * - Temp files being written are registered, so an interrupt handler can
 *   remove them (`removeStagedFiles`); `staleTempFiles` finds those of an
 *   earlier run whose process is gone.
 */

import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgscribeError } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { isProcessRunning } from '../processes.js';
import { compareText } from '../text.js';

export interface FileWrite {
  /** Root-relative path. */
  file: string;
  /** New content, or undefined to remove the file. */
  content: string | undefined;
}

const tempPattern = /\.pgscribe-(\d+)\.tmp$/;
const staged = new Set<string>();

const tempFileOf = (target: string): string => `${target}.pgscribe-${process.pid}.tmp`;

/** Removes the temp files this process is writing (for an interrupt). Returns how many there were. */
function removeStagedFiles(): number {
  const count = staged.size;
  for (const temp of staged) rmSync(temp, { force: true });
  staged.clear();
  return count;
}

/** The target's stat (undefined when it does not exist yet), or why it cannot be written. */
function checkTarget(target: string): { stat?: Stats; problem?: string } {
  let stat;
  try {
    stat = statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { problem: `cannot read it (${code ?? 'error'})` };
  }
  if (!stat.isFile()) return { problem: 'expected a file, found a directory or device' };
  if ((stat.mode & 0o222) === 0) return { problem: 'it is read-only (make it writable to let pgscribe update it)' };
  return { stat };
}

/** Gives a staged temp file the target's mode and owner (an owner change needs privileges: skipped without them). */
function keepModeAndOwner(temp: string, stat: Stats | undefined): void {
  if (!stat) return; // a new file: the default mode
  chmodSync(temp, stat.mode & 0o7777);
  const tempStat = statSync(temp);
  if (tempStat.uid !== stat.uid || tempStat.gid !== stat.gid) {
    try {
      chownSync(temp, stat.uid, stat.gid);
    } catch {
      // not permitted for this user: the file keeps the writer's owner, as any editor would leave it
    }
  }
}

/**
 * Writes and removes files under `root` as one step: nothing changes unless
 * every target can be written. `what` names the step in error messages.
 */
export function writeFiles(root: string, writes: FileWrite[], what: string): void {
  assertInsideRoot(root, writes.map((w) => w.file));
  const stats = new Map<string, Stats | undefined>();
  for (const w of writes) {
    const { stat, problem } = checkTarget(path.join(root, w.file));
    if (problem) throw new PgscribeError('io', `cannot write ${what}: ${problem}; no file was changed`, { file: w.file });
    stats.set(w.file, stat);
  }
  const ready: Array<{ temp: string; target: string }> = [];
  const unregister = onInterrupt(() => {
    const removed = removeStagedFiles();
    return removed > 0 ? `${removed} temp file${removed === 1 ? '' : 's'} removed` : undefined;
  });
  try {
    for (const w of writes) {
      if (w.content === undefined) continue;
      const target = path.join(root, w.file);
      const temp = tempFileOf(target);
      mkdirSync(path.dirname(target), { recursive: true });
      staged.add(temp);
      writeFileSync(temp, w.content);
      keepModeAndOwner(temp, stats.get(w.file));
      ready.push({ temp, target });
    }
  } catch (error) {
    removeStagedFiles();
    unregister();
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PgscribeError('io', `cannot write ${what} (${code}); no file was changed`, { file: path.relative(root, ready[ready.length - 1]?.target ?? root) });
  }
  let next = 0;
  for (const w of writes) {
    if (w.content === undefined) rmSync(path.join(root, w.file), { force: true });
    else {
      const { temp, target } = ready[next++];
      renameSync(temp, target);
      staged.delete(temp);
    }
  }
  unregister();
}

/** Temp files (`*.pgscribe-PID.tmp`) left in `dirs` (root-relative) by runs whose process is gone, as root-relative paths. */
export function staleTempFiles(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  for (const dir of [...new Set(dirs)].sort()) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    let names: string[];
    try {
      names = readdirSync(full);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const pid = tempPattern.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !isProcessRunning(Number(pid))) found.push(path.posix.join(dir, name));
    }
  }
  return found;
}

/** The real path of `target`, or of its nearest existing ancestor joined with the rest. */
function realTarget(target: string): string {
  const rest: string[] = [];
  let at = target;
  for (;;) {
    try {
      return path.join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return target;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Real paths of files, resolving each directory once: a file that is not
 * itself a symbolic link is its directory's real path and its name (a
 * reference of thousands of pages sits in one directory).
 */
function realPaths(): (target: string) => string {
  const dirs = new Map<string, string>();
  return (target) => {
    let link = false;
    try {
      link = lstatSync(target).isSymbolicLink();
    } catch {
      // not there yet: its directory decides
    }
    if (link) return realTarget(target);
    const dir = path.dirname(target);
    let real = dirs.get(dir);
    if (real === undefined) dirs.set(dir, (real = realTarget(dir)));
    return path.join(real, path.basename(target));
  };
}

/**
 * Throws, before anything is written, when a root-relative target would be
 * written outside the root: through `..`, an absolute path, or a symbolic link
 * that leads out.
 */
export function assertInsideRoot(root: string, files: string[]): void {
  const realRoot = realTarget(path.resolve(root));
  const realOf = realPaths();
  for (const file of [...files].sort(compareText)) {
    const resolved = path.resolve(root, file);
    const real = realOf(resolved);
    const inside = (p: string, base: string) => p === base || p.startsWith(base.endsWith(path.sep) ? base : `${base}${path.sep}`);
    if (!inside(resolved, path.resolve(root)) || !inside(real, realRoot) || file.includes('\u0000')) {
      throw new PgscribeError('io', `refusing to write outside the project: ${JSON.stringify(file)} resolves to ${real}; no file was changed`, { file: file.replace(/\u0000/g, '\\0') });
    }
  }
}

/**
 * Measuring one whole process: wall time (monotonic clock around the spawn),
 * CPU time (user + system) and peak resident memory, the last two from GNU
 * time (`/usr/bin/time`, Debian package `time`) when it is installed.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Sample {
  /** Seconds. */
  wall: number;
  /** Seconds of user + system CPU; undefined without GNU time. */
  cpu?: number;
  /** Peak resident set size in MiB; undefined without GNU time. */
  rss?: number;
  exitCode: number;
}

const gnuTime = '/usr/bin/time';
export const hasGnuTime = existsSync(gnuTime);

/** Runs `command args…` in `cwd` with output discarded and returns what it cost. */
export function measure(command: string, args: string[], cwd: string): Sample & { stderr: string } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-measure-'));
  const report = path.join(scratch, 'time.txt');
  try {
    const argv = hasGnuTime ? ['-f', '%U %S %M', '-o', report, command, ...args] : args;
    const start = process.hrtime.bigint();
    const result = spawnSync(hasGnuTime ? gnuTime : command, argv, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.error) throw result.error;
    const sample: Sample & { stderr: string } = { wall, exitCode: result.status ?? -1, stderr: result.stderr.toString('utf8') };
    if (hasGnuTime && existsSync(report)) {
      // GNU time prefixes "Command exited with non-zero status N" on its own line.
      const last = readFileSync(report, 'utf8').trim().split('\n').pop() ?? '';
      const [user, system, maxKb] = last.split(' ').map(Number);
      if ([user, system, maxKb].every(Number.isFinite)) {
        sample.cpu = user + system;
        sample.rss = maxKb / 1024;
      }
    }
    return sample;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

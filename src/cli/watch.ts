/**
 * `--watch` for generate, check and lint: run, then run again whenever an
 * input changes — the migrations and seeds (their directories, so a new file
 * counts), the config, the lock, local templates, the target documents —
 * debounced, with one line per run (its outcome and time). A run's full
 * output is printed when it differs from the previous run's. The inputs'
 * fingerprint (names, sizes and modification times) is taken after each run,
 * so what a run writes itself (generate) does not start another. Runs until
 * interrupted.
 */

import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import type { Project } from '../project.js';
import type { CommandResult } from './commands.js';
import type { CliIo } from './io.js';

/** The directories whose files a project's run reads. */
function watchedDirs(project: Project): string[] {
  const { root, config } = project;
  const dirs = new Set<string>([root]);
  for (const f of [...project.migrations, ...project.seeds]) dirs.add(path.dirname(path.resolve(root, f.data.file)));
  for (const t of config.targets) dirs.add(path.dirname(path.resolve(root, t.file)));
  for (const t of config.targets) dirs.add(path.dirname(path.resolve(root, t.template)));
  if (project.configFile) dirs.add(path.dirname(path.resolve(root, project.configFile)));
  dirs.add(path.dirname(path.resolve(root, config.lockFile)));
  return [...dirs].filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
}

function fingerprint(dirs: string[]): string {
  const parts: string[] = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      try {
        const s = statSync(path.join(dir, name));
        if (s.isFile()) parts.push(`${dir}/${name}:${s.size}:${s.mtimeMs}`);
      } catch {
        // gone between the listing and the stat: the next event tells
      }
    }
  }
  return parts.join('\n');
}

export interface WatchedRun {
  result: CommandResult;
  code: number;
  project: Project | undefined;
}

/** Runs `once` now and after every change of its inputs, until the process is interrupted. */
export async function watchRuns(command: string, once: () => Promise<WatchedRun>, io: CliIo, debounceMs = 150): Promise<never> {
  let watchers: FSWatcher[] = [];
  let lastOutput: string | undefined;
  let lastFingerprint = '';
  let dirs: string[] = [];
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;

  const runNow = async (): Promise<void> => {
    running = true;
    const started = Date.now();
    let line: string;
    try {
      const { result, code, project } = await once();
      const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
      if (output !== lastOutput) {
        if (result.stderr) io.stderr(result.stderr);
        if (result.stdout) io.stdout(result.stdout);
        lastOutput = output;
      }
      line = `${code === 0 ? 'clean' : code === 1 ? 'findings or drift (exit 1)' : `exit ${code}`}`;
      if (project) dirs = watchedDirs(project);
    } catch (error) {
      line = `could not run: ${error instanceof Error ? error.message : String(error)}`;
      lastOutput = undefined;
    }
    lastFingerprint = fingerprint(dirs);
    for (const w of watchers) w.close();
    watchers = dirs.map((dir) => watch(dir, () => schedule()));
    io.stderr(`pgscribe ${command} --watch: ${line} in ${((Date.now() - started) / 1000).toFixed(2)} s; watching ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'} (Ctrl-C stops)\n`);
    running = false;
    if (pending) {
      pending = false;
      schedule();
    }
  };

  const schedule = (): void => {
    if (running) {
      pending = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (fingerprint(dirs) === lastFingerprint) return; // what the last run wrote, or nothing that matters
      void runNow();
    }, debounceMs);
  };

  await runNow();
  return new Promise<never>(() => undefined);
}

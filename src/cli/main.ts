/**
 * The command line: commander wiring only. The commands are a table
 * (commands.ts) whose entries call the library and return `{outcome, stdout,
 * stderr}`; this file builds the program from the table, prints what a command
 * returns, decides the exit code in one place (`exitCodeOf`: 0 clean, 1
 * findings/drift/replay failure; 2 when the tool could not do its job, from
 * typed errors) and handles interrupts.
 */

import { readdirSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isPgscribeError, PgscribeError } from '../errors.js';
import { isInterrupted, runInterruptCleanups } from '../interrupt.js';
import { loadProject } from '../pipeline.js';
import { failsRun } from '../report/findings.js';
import { version } from '../package.js';
import { type CommandResult, type CommandSpec, commands, type GlobalOptions, groups, type Outcome } from './commands.js';
import { type CliIo, processIo } from './io.js';
import { cacheDirOf, manifestOf, readArgs, store, type CachedResult } from './result-cache.js';
import { watchRuns } from './watch.js';
import { diskParseCache, type ParseCache } from '../sql/parse-cache.js';
import { referenceTemplates } from '../docs/reference.js';
import { resolveTemplate } from '../docs/render.js';
import type { Project } from '../project.js';
import path from 'node:path';

export { setEngineImporter } from '../replay/engine-import.js';
export type { Outcome } from './commands.js';

export const exitCodes = { clean: 0, failed: 1, broken: 2 } as const;

/** The one decision of the exit code of a command that did its job: 1 on drift, failing findings or a failure; else 0. (2 comes from errors, in main.) */
export function exitCodeOf(outcome: Outcome): number {
  const failed = outcome.failed === true || (outcome.drift?.length ?? 0) > 0 || failsRun(outcome.findings ?? [], outcome.fail);
  return failed ? exitCodes.failed : exitCodes.clean;
}

/** The commands that take --watch. */
const watchable = new Set(['generate', 'check', 'lint']);

/**
 * The parse cache of a run (sql/parse-cache.ts): `parse/` in the cache
 * directory, for every command that loads the project, unless --no-cache.
 */
function parseCacheOf(globals: GlobalOptions & { cache?: boolean; cacheLocation?: string }, io: CliIo): ParseCache | undefined {
  if (io !== processIo || globals.cache === false) return undefined;
  const dir = cacheDirOf(path.resolve(globals.root ?? '.'), globals.cacheLocation === undefined ? undefined : path.resolve(globals.cacheLocation));
  return dir ? diskParseCache(path.join(dir, 'parse')) : undefined;
}

/** Whether this run's result goes into the cache (a cacheable command, with a cache directory). */
function cacheWanted(args: string[]): boolean {
  const read = readArgs(args, process.cwd());
  return read.usable && cacheDirOf(read.root, read.location) !== undefined;
}

/** The files, globs and directories a project's result is made from (see result-cache.ts). */
function storeResult(args: string[], project: Project, result: CachedResult): void {
  const { root, config } = project;
  const relative = (file: string) => path.relative(root, path.resolve(root, file)) || '.';
  const referencePages = listMarkdown(path.join(root, config.referenceDir)).map((f) => path.posix.join(config.referenceDir, f));
  const templates = [...config.targets.map((t) => t.template), ...Object.values(referenceTemplates)];
  const files = [
    relative(project.configFile ?? 'pgscribe.config.json'),
    ...project.migrations.map((m) => m.data.file),
    ...project.seeds.map((s) => s.data.file),
    config.lockFile,
    'package.json',
    ...config.targets.map((t) => t.file),
    ...referencePages,
    ...templates.map((t) => {
      try {
        return relative(resolveTemplate(root, t));
      } catch {
        return t;
      }
    }),
  ];
  const dirs = [config.referenceDir, ...config.targets.map((t) => path.posix.dirname(t.file))];
  store(args, process.cwd(), process.env, { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) }, manifestOf(root, files, [config.migrations, config.seeds], dirs), result);
}

function listMarkdown(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.md'));
  } catch {
    return [];
  }
}

/** The global options, which every command reads through its RunContext. */
function globalOptions(program: Command): Command {
  return program
    .option('--root <dir>', 'project root', '.')
    .option('--config <file>', 'config file (default: pgscribe.config.json in the root)')
    .option('--no-color', 'disable colour')
    .option('--quiet', 'print only findings and errors')
    .option('--debug', 'show internal details (stack traces) on errors')
    .option('--now <date>', 'pin "today" (YYYY-MM-DD) for date-based rules (lint, check)')
    .option('--strict', 'baseline findings in locked migrations count as errors (lint, check, verify)')
    .option('--cache', 'use the result and parse caches (the default where the root has node_modules, or with --cache-location)')
    .option('--no-cache', 'do not read or write the result cache (check, lint, inspect, export) or the parse cache')
    .option('--cache-location <dir>', 'where the caches live (default: node_modules/.cache/pgscribe under the root, when the root has node_modules)');
}

/** The commander program: one command per entry of the table (`db migrate` under a `db` group); each action runs its entry and hands the result to `finish`. */
function buildProgram(io: CliIo, finish: (result: CommandResult, project: Project | undefined) => void): Command {
  const program = globalOptions(new Command().name('pgscribe').description('Docs, guardrails and replay for Postgres migration and seed files.').version(version, '-v, --version'))
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const parents = new Map<string, Command>();
  const parentOf = (group: string | undefined) => {
    if (!group) return program;
    let parent = parents.get(group);
    if (!parent) parents.set(group, (parent = program.command(group).description(groups[group] ?? '')));
    return parent;
  };
  for (const spec of commands) addCommand(program, parentOf(spec.name.includes(' ') ? spec.name.split(' ')[0] : undefined), spec, io, finish);
  return program;
}

function addCommand(program: Command, parent: Command, spec: CommandSpec, io: CliIo, finish: (result: CommandResult, project: Project | undefined) => void): void {
  const cmd = parent.command(spec.name.split(' ').pop() ?? spec.name);
  if (spec.files) cmd.argument(spec.files[0], spec.files[1]);
  cmd.description(spec.description);
  for (const option of spec.options ?? []) cmd.addOption(option());
  if (watchable.has(spec.name)) cmd.option('--watch', 'run again whenever a migration, seed, the config, a template or a target document changes (Ctrl-C stops)');
  cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
  cmd.action(async (...args: unknown[]) => {
    const globals = program.opts<GlobalOptions>();
    const files = spec.files ? (args[0] as string[]) : [];
    const options = (spec.files ? args[1] : args[0]) as Record<string, unknown>;
    let loaded: Project | undefined;
    const context = {
      globals,
      io,
      load: async (replays = false) => (loaded = await loadProject({ root: globals.root, config: globals.config, releaseSyntaxTrees: !replays, parseCache: parseCacheOf(globals, io) })),
    };
    if (options.watch === true) {
      await watchRuns(spec.name, async () => {
        loaded = undefined;
        const result = await spec.run(context, options, files);
        return { result, code: exitCodeOf(result.outcome), project: loaded };
      }, io);
    }
    const result = await spec.run(context, options, files);
    finish(result, loaded);
  });
}

/**
 * SIGINT and SIGTERM during a run: every registered clean-up runs (temp files,
 * a scratch database), one line says so, and the process exits 130 or 143. A
 * second signal exits at once. Returns the function that removes the handlers.
 */
function handleInterrupts(io: CliIo): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    void runInterruptCleanups().then((notes) => {
      io.stderr(`\npgscribe: interrupted (${signal})${notes.length > 0 ? `; ${notes.join('; ')}` : ''}\n`);
      process.exit(code);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Runs the CLI with `args` (without node and script); resolves to the exit code. */
export async function main(args: string[], io: CliIo = processIo): Promise<number> {
  let code: number = exitCodes.clean;
  const program = buildProgram(io, (result, project) => {
    if (result.stderr) io.stderr(result.stderr);
    if (result.stdout) io.stdout(result.stdout);
    code = exitCodeOf(result.outcome);
    // What the next run with the same inputs prints without building anything (bin/pgscribe.js asks first).
    if (project && io === processIo && cacheWanted(args)) storeResult(args, project, { code, stdout: result.stdout ?? '', stderr: result.stderr ?? '' });
  });
  const stopHandling = io === processIo ? handleInterrupts(io) : () => undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    // An interrupt closed what the command was using: its handler prints one line and exits; say nothing more.
    if (isInterrupted()) await new Promise<never>(() => undefined);
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? exitCodes.clean : exitCodes.broken;
    }
    const debug = args.includes('--debug');
    if (isPgscribeError(error)) {
      io.stderr(`pgscribe: ${error.describe()}\n`);
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return exitCodes.broken;
    }
    const internal = error instanceof Error ? error : new PgscribeError('internal', String(error));
    io.stderr(`pgscribe: internal error: ${internal.message} (run with --debug for details)\n`);
    if (debug && internal.stack) io.stderr(`${internal.stack}\n`);
    return exitCodes.broken;
  } finally {
    // After the event loop's next poll: a signal that came during a synchronous write is handled, not lost.
    setImmediate(stopHandling);
  }
}

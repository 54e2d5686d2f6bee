/**
 * The command line: commander wiring only. Each command calls the core,
 * which returns results; this file turns results and typed errors into output
 * and the exit code (0 clean, 1 findings/drift/replay failure, 2 the tool
 * could not do its job).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isPgscribeError, PgscribeError } from '../errors.js';
import { isInterrupted, runInterruptCleanups } from '../interrupt.js';
import { type Drift, diffsOf, driftOf, removeStaleTempFiles, writePlan } from '../docs/generate.js';
import { init } from '../init.js';
import { updateLock } from '../lock.js';
import { loadProject, planProjectDocs } from '../pipeline.js';
import type { Project } from '../project.js';
import { type FailOptions, failsRun, type Finding } from '../report/findings.js';
import { findingsSince } from '../changes.js';
import { githubReport, jsonReport, prettyReport, type ReportInput, sarifReport } from '../report/reporters.js';
import { type ApplyResult, migrate, seed } from '../replay/apply.js';
import { verify } from '../replay/verify.js';
import { applyBaseline, type LintOptions, lintProject, lockOf, syntaxFindings } from '../lint/engine.js';
import { allRuleMeta, defaultDocsBaseUrl } from '../lint/registry.js';
import type { SourceText } from '../sql/source.js';
import { inspectJson, inspectPretty } from '../report/inspect.js';
import { driftReport } from '../report/drift.js';
import { generateCommand } from '../sources/scripts.js';
import { counted } from '../text.js';
import { packageRoot, version } from '../package.js';
import { type CliIo, processIo } from './io.js';

export { setEngineImporter } from '../replay/engine-import.js';

export const exitCodes = { clean: 0, failed: 1, broken: 2 } as const;

/** What a command ended with: its findings (and how warnings count), its drift, or a failure of its own (a replay, a refused write). */
export interface Outcome {
  findings?: Finding[];
  fail?: FailOptions;
  drift?: Drift[];
  failed?: boolean;
}

/** The one decision of the exit code of a command that did its job: 1 on drift, failing findings or a failure; else 0. (2 comes from errors, in main.) */
export function exitCodeOf(outcome: Outcome): number {
  const failed = outcome.failed === true || (outcome.drift?.length ?? 0) > 0 || failsRun(outcome.findings ?? [], outcome.fail);
  return failed ? exitCodes.failed : exitCodes.clean;
}

interface GlobalOptions {
  root?: string;
  config?: string;
  debug?: boolean;
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
  now?: string;
  strict?: boolean;
}

interface LintCommandOptions {
  format: string;
  now?: string;
  strict?: boolean;
  changedSince?: string;
  maxWarnings?: number;
  failOn?: 'warn' | 'error';
}

const changedSinceOption = () => new Option('--changed-since <ref>', 'only findings in files changed since this git ref, and those the change caused elsewhere');
const maxWarningsOption = () =>
  new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser((value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, found "${value}"`);
    return Number(value);
  });
const lockTimeoutOption = () =>
  new Option('--lock-timeout <seconds>', "how long to wait for another run's lock on the database")
    .default(60)
    .argParser((value) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number of seconds, found "${value}"`);
      return Number(value);
    });
const failOnOption = () => new Option('--fail-on <level>', 'the lowest severity that fails the run').choices(['warn', 'error']).default('error');

function failOptionsOf(options: LintCommandOptions): FailOptions {
  return { failOn: options.failOn, maxWarnings: options.maxWarnings };
}

/** With --changed-since: the findings the change is answerable for (see changes.ts). */
async function onlyChanged(project: Project, options: LintCommandOptions, findings: Finding[], lintOptions: LintOptions): Promise<Finding[]> {
  return options.changedSince ? findingsSince(project, options.changedSince, findings, lintOptions) : findings;
}

function formatOption(formats = ['pretty', 'json']): Option {
  return new Option('--format <format>', 'output format').choices(formats).default('pretty');
}

const reportFormats = ['pretty', 'json', 'sarif', 'github'];

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new PgscribeError('usage', `--now: expected a date YYYY-MM-DD, found "${value}"`);
  }
  return new Date(`${value}T00:00:00Z`);
}

/** Colour: off with --no-color or NO_COLOR; on with FORCE_COLOR (unless 0 or false); else when stdout is a terminal. */
function useColor(io: CliIo, globals: { color?: boolean }): boolean {
  if (globals.color === false || 'NO_COLOR' in io.env) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return io.isTty;
}

/** Renders findings (and drift) in the chosen format. */
function renderReport(format: string, input: ReportInput, extra: Record<string, unknown> = {}): string {
  if (format === 'json') return jsonReport(input, extra);
  if (format === 'github') return githubReport(input);
  if (format === 'sarif') return sarifReport(input, allRuleMeta);
  return prettyReport(input);
}

/** A rule page's URL: under the config's `docsBaseUrl`, else the package's published pages. */
function ruleUrlOf(project: Project): (rule: string) => string {
  const base = project.config.docsBaseUrl ?? defaultDocsBaseUrl(version);
  return (rule) => `${base.endsWith('/') ? base : `${base}/`}${rule}.md`;
}

/**
 * How a rule page is printed: root-relative when pgscribe's own pages are
 * inside the project (node_modules/pgscribe/docs/rules in a user's repo), else
 * its URL. Never relative to the current directory.
 */
function ruleDocsOf(project: Project): (rule: string) => string {
  const relative = path.relative(project.root, path.join(packageRoot, 'docs', 'rules'));
  if (project.config.docsBaseUrl || relative.startsWith('..') || path.isAbsolute(relative)) return ruleUrlOf(project);
  const dir = relative.split(path.sep).join('/') || 'docs/rules';
  return (rule) => `${dir}/${rule}.md`;
}

/**
 * A file named on the command line, as the root-relative path findings use:
 * read from the current directory when it names a file there inside the root,
 * else from the root. Exit 2 when it is neither a migration nor a seed.
 */
function projectFileOf(project: Project, given: string, cwd: string): string {
  const fromCwd = path.resolve(cwd, given);
  const insideRoot = !path.relative(project.root, fromCwd).startsWith('..') && !path.isAbsolute(path.relative(project.root, fromCwd));
  const file = existsSync(fromCwd) && insideRoot ? path.relative(project.root, fromCwd).split(path.sep).join('/') : given.replace(/\\/g, '/').replace(/^\.\//, '');
  if ([...project.migrations, ...project.seeds].some((f) => f.data.file === file)) return file;
  const exists = existsSync(path.resolve(project.root, file)) || existsSync(fromCwd);
  const globs = `migrations ${project.config.migrations.join(', ')}; seeds ${project.config.seeds.join(', ')}`;
  throw new PgscribeError('usage', exists ? `${given}: not a migration or seed (expected a file matching ${globs})` : `${given}: no such file (expected a migration or seed: ${globs})`);
}

function sourcesOf(project: Project): Map<string, SourceText> {
  return new Map([...project.migrations, ...project.seeds].map((f) => [f.data.file, f.parsed.source]));
}

function buildProgram(io: CliIo, finish: (outcome: Outcome) => void): Command {
  const program = new Command();
  program
    .name('pgscribe')
    .description('Docs, guardrails and replay for Postgres migration and seed files.')
    .version(version, '-v, --version')
    .option('--root <dir>', 'project root', '.')
    .option('--config <file>', 'config file (default: pgscribe.config.json in the root)')
    .option('--no-color', 'disable colour')
    .option('--quiet', 'print only findings and errors')
    .option('--debug', 'show internal details (stack traces) on errors')
    .option('--now <date>', 'pin "today" (YYYY-MM-DD) for date-based rules (lint, check)')
    .option('--strict', 'baseline findings in locked migrations count as errors (lint, check, verify)')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  /** The project; syntax trees are let go of file by file unless the command replays the SQL. */
  const load = (replays = false): Promise<Project> => {
    const globals = program.opts<GlobalOptions>();
    return loadProject({ root: globals.root, config: globals.config, releaseSyntaxTrees: !replays });
  };
  /** The reporters' input for findings (and drift) of `project`. */
  const reportInput = (project: Project, findings: Finding[], drift?: Drift[]): ReportInput => ({
    findings,
    drift,
    files: project.migrations.length + project.seeds.length,
    version,
    sources: sourcesOf(project),
    color: useColor(io, program.opts<GlobalOptions>()),
    ruleDocs: ruleDocsOf(project),
    fixCommand: generateCommand(project.root),
    ruleUrl: ruleUrlOf(project),
  });

  /** One line on stderr naming the temp files of interrupted runs that were just removed. */
  const reportStaleTemps = (removed: string[]) => {
    if (removed.length === 0) return;
    const shown = removed.slice(0, 3).join(', ');
    io.stderr(`pgscribe: removed ${removed.length} temp file${removed.length === 1 ? '' : 's'} left by an interrupted run: ${shown}${removed.length > 3 ? `, and ${removed.length - 3} more` : ''}\n`);
  };

  program
    .command('inspect')
    .description('print the model the migrations and seeds build')
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  pgscribe inspect\n  pgscribe inspect --format json > model.json')
    .action(async (options: { format: string }) => {
      const project = await load();
      const findings = syntaxFindings(project);
      io.stdout(options.format === 'json' ? inspectJson(project.model, findings, version) : inspectPretty(project.model, findings));
      finish({ findings });
    });

  program
    .command('generate')
    .description('write every generated section and the reference pages')
    .addHelpText('after', '\nExamples:\n  pgscribe generate\n  npm run docs:generate')
    .action(async () => {
      const globals = program.opts<GlobalOptions>();
      const project = await load();
      if (syntaxFindings(project).length > 0) {
        // Docs made from files that do not parse would describe less than the migrations do.
        for (const f of syntaxFindings(project)) io.stderr(`${f.file}:${f.line}:${f.column}: ${f.message} (${f.rule})\n`);
        const files = new Set(syntaxFindings(project).map((f) => f.file)).size;
        io.stderr(`pgscribe: nothing written: ${files} file${files === 1 ? ' does' : 's do'} not parse; fix the syntax error${syntaxFindings(project).length === 1 ? '' : 's'} and run generate again\n`);
        finish({ failed: true });
        return;
      }
      const plan = planProjectDocs(project);
      reportStaleTemps(removeStaleTempFiles(project, plan));
      const written = writePlan(project.root, plan);
      if (!globals.quiet) io.stdout(written.length === 0 ? 'pgscribe: docs are up to date\n' : `pgscribe: updated ${written.length} file${written.length === 1 ? '' : 's'}:\n${written.map((f) => `  ${f}\n`).join('')}`);
      finish({});
    });

  program
    .command('check')
    .description('drift + guardrails, writes nothing; exit 1 on drift or error findings')
    .addOption(formatOption(reportFormats))
    .option('--now <date>', 'pin "today" (YYYY-MM-DD) for date-based rules')
    .option('--strict', 'baseline findings in locked migrations count as errors')
    .addOption(changedSinceOption())
    .addOption(maxWarningsOption())
    .addOption(failOnOption())
    .addHelpText('after', '\nExamples:\n  pgscribe check\n  pgscribe check --format json\n  pgscribe check --format sarif > pgscribe.sarif\n  pgscribe check --changed-since origin/main --format github')
    .action(async (options: LintCommandOptions) => {
      const globals = program.opts<GlobalOptions>();
      const now = parseNow(options.now ?? globals.now);
      const project = await load();
      const plan = planProjectDocs(project);
      reportStaleTemps(removeStaleTempFiles(project, plan));
      const drift = driftOf(plan);
      const lintOptions = { now, strict: options.strict ?? globals.strict };
      const findings = await onlyChanged(project, options, lintProject(project, lintOptions), lintOptions);
      const input = reportInput(project, findings, drift);
      if (options.format !== 'pretty') io.stdout(renderReport(options.format, input, { changes: plan.summary }));
      else {
        if (findings.some((f) => !f.suppressed)) io.stdout(prettyReport(input));
        io.stdout(driftReport({ drift, diffs: drift.length > 0 ? diffsOf(plan) : [], changes: plan.summary, fixCommand: generateCommand(project.root) }));
      }
      finish({ findings, drift, fail: failOptionsOf(options) });
    });

  program
    .command('lint')
    .argument('[files...]', 'only report findings in these files (paths from the current directory, or from the root)')
    .description('check the SQL against the guardrails')
    .addOption(formatOption(reportFormats))
    .option('--now <date>', 'pin "today" (YYYY-MM-DD) for date-based rules')
    .option('--strict', 'baseline findings in locked migrations count as errors')
    .addOption(changedSinceOption())
    .addOption(maxWarningsOption())
    .addOption(failOnOption())
    .addHelpText('after', '\nExamples:\n  pgscribe lint\n  pgscribe lint database/migrations/012_rooms.sql\n  pgscribe lint --format github\n  pgscribe lint --changed-since origin/main --max-warnings 0')
    .action(async (files: string[], options: LintCommandOptions) => {
      const globals = program.opts<GlobalOptions>();
      const now = parseNow(options.now ?? globals.now);
      const project = await load();
      const selected = files.length > 0 ? files.map((f) => projectFileOf(project, f, io.cwd ?? process.cwd())) : undefined;
      const lintOptions = { now, files: selected, strict: options.strict ?? globals.strict };
      const findings = await onlyChanged(project, options, lintProject(project, lintOptions), lintOptions);
      const input = { ...reportInput(project, findings), files: selected?.length ?? project.migrations.length + project.seeds.length };
      io.stdout(renderReport(options.format, input));
      finish({ findings, fail: failOptionsOf(options) });
    });

  program
    .command('verify')
    .description('replay migrations and seeds on embedded Postgres (or --database-url) and cross-check the model')
    .addOption(formatOption(reportFormats))
    .option('--database-url <url>', 'use a real server: a scratch database is created there and always dropped')
    .option('--strict', 'replay findings in locked migrations count as errors')
    .addHelpText('after', '\nExamples:\n  pgscribe verify\n  pgscribe verify --database-url postgres://postgres@localhost:5432/postgres')
    .action(async (options: { format: string; databaseUrl?: string; strict?: boolean }) => {
      const globals = program.opts<GlobalOptions>();
      const project = await load(true);
      const showProgress = options.format === 'pretty' && io.isTty && !globals.quiet;
      const result = await verify(project, { databaseUrl: options.databaseUrl ?? undefined, progress: showProgress ? (line) => io.stderr(`\r\u001b[2K${line}`) : undefined });
      if (showProgress) io.stderr('\r\u001b[2K');
      if (result.abandonedScratchDropped.length > 0) io.stderr(`pgscribe: dropped ${counted(result.abandonedScratchDropped.length, 'scratch database')} left by killed runs: ${result.abandonedScratchDropped.join(', ')}\n`);
      const findings = [...syntaxFindings(project), ...result.findings];
      // As lint does: a finding in a locked migration is fixed by a new migration, so it is a baseline warning.
      applyBaseline(project, lockOf(project), findings, options.strict ?? globals.strict ?? false);
      const input = reportInput(project, findings);
      io.stdout(renderReport(options.format, input, { replay: { engine: result.engine, migrations: result.migrations, millis: result.millis } }));
      if (options.format === 'pretty' && !globals.quiet) {
        const m = result.migrations;
        const notRun = m.notRun > 0 ? `, ${m.notRun} not run (syntax error${m.notRun === 1 ? '' : 's'})` : '';
        io.stdout(`verify (${result.engine}): ${m.applied}/${m.total} migrations applied${notRun}, ${m.rerunFailures} re-run failure${m.rerunFailures === 1 ? '' : 's'}, ${(result.millis / 1000).toFixed(1)} s\n`);
      }
      finish({ findings });
    });

  const db = program.command('db').description('apply migrations and seeds to DATABASE_URL (or an embedded database in .pgscribe/)');
  const applyReport = (result: ApplyResult, verb: string) => {
    for (const f of result.findings) io.stderr(`${f.file}:${f.line}:${f.column}: ${f.message} (${f.rule})\n`);
    io.stdout(`pgscribe: ${verb} ${result.applied.length} file${result.applied.length === 1 ? '' : 's'} to ${result.target}${result.skipped.length ? `, skipped ${result.skipped.length}` : ''}\n`);
    finish({ failed: result.findings.length > 0 });
  };
  db.command('migrate')
    .description('apply new migrations; record them with their hashes; refuse an applied migration that changed')
    .addOption(lockTimeoutOption())
    .addHelpText('after', '\nExamples:\n  npm run db:run-migrations\n  DATABASE_URL=postgres://localhost/app pgscribe db migrate')
    .action(async (options: { lockTimeout: number }) => {
      const project = await load(true);
      applyReport(await migrate(project, { databaseUrl: io.env.DATABASE_URL || undefined, lockTimeout: options.lockTimeout, log: (l) => io.stderr(`${l}\n`) }), 'applied');
    });
  db.command('seed')
    .description('apply the system seeds (and, with --env, the dev seeds under that environment)')
    .option('--env <environment>', 'set the environment setting and run the dev seeds too (e.g. development)')
    .addOption(lockTimeoutOption())
    .addHelpText('after', '\nExamples:\n  npm run db:run-seeds\n  pgscribe db seed --env development')
    .action(async (options: { env?: string; lockTimeout: number }) => {
      const project = await load(true);
      applyReport(await seed(project, { databaseUrl: io.env.DATABASE_URL || undefined, environment: options.env, lockTimeout: options.lockTimeout, log: (l) => io.stderr(`${l}\n`) }), 'seeded');
    });

  program
    .command('init')
    .description('add a config file, section markers and the migration lock to an existing repository')
    .option('--dry-run', 'show the plan, write nothing')
    .option('--migrations <glob...>', 'the migration files (globs relative to the root), when init does not find them')
    .addHelpText('after', '\nExamples:\n  pgscribe init --dry-run\n  pgscribe init\n  pgscribe init --migrations "db/schema/*.sql"')
    .action(async (options: { dryRun?: boolean; migrations?: string[] }) => {
      const globals = program.opts<GlobalOptions>();
      const result = await init(globals.root ?? '.', { dryRun: options.dryRun, migrations: options.migrations });
      const lines = result.steps.map((s) => `  ${options.dryRun ? 'would ' : ''}${s.action} ${s.file}: ${s.why}`);
      io.stdout(`pgscribe init${options.dryRun ? ' (dry run)' : ''}:\n${lines.join('\n')}\n\nNext:\n${result.next.map((n) => `  ${n}`).join('\n')}\n`);
      finish({});
    });

  program
    .command('lock')
    .description('add new migrations to the migration lock')
    .option('--accept <file...>', 're-lock edited migrations (the reviewer sees the changed lines)')
    .addHelpText('after', '\nExamples:\n  pgscribe lock\n  pgscribe lock --accept database/migrations/004_core_clinical_tables.sql')
    .action(async (options: { accept?: string[] }) => {
      const globals = program.opts<GlobalOptions>();
      const project = await load();
      const result = updateLock(project, options.accept ?? []);
      if (!globals.quiet) {
        const lines = [...result.added.map((f) => `locked ${f}`), ...result.accepted.map((f) => `re-locked ${f}`)];
        io.stdout(lines.length === 0 ? `pgscribe: ${result.file} is up to date\n` : `${lines.map((l) => `pgscribe: ${l}`).join('\n')}\n  in ${result.file}\n`);
      }
      finish({});
    });

  return program;
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
  const program = buildProgram(io, (outcome) => {
    code = exitCodeOf(outcome);
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

/**
 * The commands, as a table: each with its arguments, options, help examples
 * and a `run` that calls the library and returns what the command ended with
 * (`outcome`, for the exit code) and what it prints (`stdout`, `stderr`).
 * main.ts turns the table into the commander program; nothing here exits, and
 * only progress lines are written while a command runs.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { PgscribeError } from '../errors.js';
import { check, diff, type ExportFormat, exportModel, fix, generateDocs, init, inspect, lint, lock, migrate, seed, undecided, verify } from '../index.js';
import { findingsSince } from '../changes.js';
import type { Drift } from '../docs/generate.js';
import type { LintOptions } from '../lint/engine.js';
import { allRuleMeta, defaultDocsBaseUrl } from '../lint/registry.js';
import type { Project } from '../project.js';
import { diffJson, diffMarkdown, diffPretty } from '../report/diff.js';
import { fixJson, fixPretty } from '../report/fix.js';
import { driftReport } from '../report/drift.js';
import type { FailOptions, Finding } from '../report/findings.js';
import { inspectJson, inspectPretty } from '../report/inspect.js';
import { githubReport, jsonReport, prettyReport, type ReportInput, sarifReport } from '../report/reporters.js';
import type { ApplyResult } from '../replay/apply.js';
import { generateCommand } from '../sources/scripts.js';
import type { SourceText } from '../sql/source.js';
import { counted } from '../text.js';
import { packageRoot, version } from '../package.js';
import type { CliIo } from './io.js';

/** What a command ended with: its findings (and how warnings count), its drift, or a failure of its own (a replay, a refused write). */
export interface Outcome {
  findings?: Finding[];
  fail?: FailOptions;
  drift?: Drift[];
  failed?: boolean;
}

/** What a command run returns: the outcome and the text for each stream (stderr is printed first). */
export interface CommandResult {
  outcome: Outcome;
  stdout?: string;
  stderr?: string;
}

export interface GlobalOptions {
  root?: string;
  config?: string;
  debug?: boolean;
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
  now?: string;
  strict?: boolean;
}

/** What a command's `run` gets besides its arguments and options. */
export interface RunContext {
  globals: GlobalOptions;
  /** For progress lines while the command runs, the terminal's facts and the environment. */
  io: CliIo;
  /** The project; syntax trees are let go of file by file unless the command replays the SQL. */
  load(replays?: boolean): Promise<Project>;
}

export interface CommandSpec<O = Record<string, unknown>> {
  /** `inspect`, or `db migrate` for a subcommand. */
  name: string;
  description: string;
  /** A variadic file argument: `[name, description]`. */
  files?: [string, string];
  options?: Array<() => Option>;
  examples: string[];
  run(context: RunContext, options: O, files: string[]): Promise<CommandResult>;
}

interface LintCommandOptions {
  format: string;
  verbose?: boolean;
  now?: string;
  strict?: boolean;
  changedSince?: string;
  maxWarnings?: number;
  failOn?: 'warn' | 'error';
}

const wholeNumber = (what: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number${what}, found "${value}"`);
  return Number(value);
};

const formatOption = (formats: string[]) => () => new Option('--format <format>', 'output format').choices(formats).default('pretty');
const reportFormats = ['pretty', 'json', 'sarif', 'github'];
const options = {
  format: formatOption(['pretty', 'json']),
  reportFormat: formatOption(reportFormats),
  now: () => new Option('--now <date>', 'pin "today" (YYYY-MM-DD) for date-based rules'),
  strict: () => new Option('--strict', 'baseline findings in locked migrations count as errors'),
  changedSince: () => new Option('--changed-since <ref>', 'only findings in files changed since this git ref, and those the change caused elsewhere'),
  maxWarnings: () => new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(wholeNumber('')),
  failOn: () => new Option('--fail-on <level>', 'the lowest severity that fails the run').choices(['warn', 'error']).default('error'),
  lockTimeout: () => new Option('--lock-timeout <seconds>', "how long to wait for another run's lock on the database").default(60).argParser(wholeNumber(' of seconds')),
};
const lintOptions = [options.reportFormat, options.now, options.strict, options.changedSince, options.maxWarnings, options.failOn];

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

/** The reporters' input for findings (and drift) of `project`. */
function reportInput(context: RunContext, project: Project, findings: Finding[], drift?: Drift[]): ReportInput {
  return {
    findings,
    drift,
    files: project.migrations.length + project.seeds.length,
    version,
    sources: sourcesOf(project),
    color: useColor(context.io, context.globals),
    ruleDocs: ruleDocsOf(project),
    fixCommand: generateCommand(project.root),
    ruleUrl: ruleUrlOf(project),
  };
}

/** One line naming the temp files of interrupted runs that were just removed (empty when none were). */
function staleTempsLine(removed: string[]): string {
  if (removed.length === 0) return '';
  const shown = removed.slice(0, 3).join(', ');
  return `pgscribe: removed ${removed.length} temp file${removed.length === 1 ? '' : 's'} left by an interrupted run: ${shown}${removed.length > 3 ? `, and ${removed.length - 3} more` : ''}\n`;
}

/** The lint options of a lint or check run, the global --now and --strict as fallbacks. */
function lintOptionsOf(context: RunContext, options: LintCommandOptions): LintOptions {
  return { now: parseNow(options.now ?? context.globals.now), strict: options.strict ?? context.globals.strict };
}

/** With --changed-since: the findings the change is answerable for (see changes.ts). */
function onlyChanged(project: Project, options: LintCommandOptions, findings: Finding[], lintOptions: LintOptions): Promise<Finding[]> {
  return options.changedSince ? findingsSince(project, options.changedSince, findings, lintOptions) : Promise.resolve(findings);
}

const failOptionsOf = (options: LintCommandOptions): FailOptions => ({ failOn: options.failOn, maxWarnings: options.maxWarnings });

/** Each finding of a database apply on a line of its own (stderr). */
const findingLines = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} (${f.rule})\n`).join('');

function applied(result: ApplyResult, verb: string): CommandResult {
  const skipped = result.skipped.length ? `, skipped ${result.skipped.length}` : '';
  return {
    outcome: { failed: result.findings.length > 0 },
    stderr: findingLines(result.findings),
    stdout: `pgscribe: ${verb} ${result.applied.length} file${result.applied.length === 1 ? '' : 's'} to ${result.target}${skipped}\n`,
  };
}

const command = <O>(spec: CommandSpec<O>) => spec as unknown as CommandSpec;

export const commands: CommandSpec[] = [
  command<{ format: string }>({
    name: 'inspect',
    description: 'print the model the migrations and seeds build',
    options: [options.format],
    examples: ['pgscribe inspect', 'pgscribe inspect --format json > model.json'],
    async run(context, { format }) {
      const { model, findings } = inspect(await context.load());
      return { outcome: { findings }, stdout: format === 'json' ? inspectJson(model, findings, version) : inspectPretty(model, findings) };
    },
  }),
  command<{ format: string; dryRun?: boolean; acceptLocked?: boolean; verify: boolean; databaseUrl?: string; now?: string; strict?: boolean }>({
    name: 'fix',
    description: 'rewrite the findings that have one safe fix in unlocked migrations and seeds, proven by replay before anything is written',
    files: ['[files...]', 'only fix these files (paths from the current directory, or from the root)'],
    options: [
      () => new Option('--dry-run', 'print the diff of each file; write nothing'),
      () => new Option('--accept-locked', 'edit locked migrations too, and re-lock them (the reviewer sees the lock change)'),
      () => new Option('--no-verify', 'skip the replay that proves the fix (says so)'),
      () => new Option('--database-url <url>', 'prove on a real server (a scratch database, always dropped) instead of PGlite'),
      () => new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'),
      options.now,
    ],
    examples: ['pgscribe fix --dry-run', 'pgscribe fix', 'pgscribe fix database/migrations/012_rooms.sql', 'pgscribe fix --accept-locked'],
    async run(context, options, files) {
      const { io, globals } = context;
      const project = await context.load(true);
      const only = files.length > 0 ? files.map((f) => projectFileOf(project, f, io.cwd ?? process.cwd())) : undefined;
      const showProgress = options.format === 'pretty' && io.isTty && !globals.quiet;
      const result = await fix(project, {
        only,
        dryRun: options.dryRun,
        acceptLocked: options.acceptLocked,
        verify: options.verify,
        databaseUrl: options.databaseUrl,
        now: parseNow(options.now ?? globals.now),
        strict: globals.strict,
        progress: showProgress ? (line) => io.stderr(`\r\u001b[2K${line}`) : undefined,
      });
      const stderr = showProgress ? '\r\u001b[2K' : '';
      const failed = result.proof.failures.length > 0;
      const stdout = options.format === 'json' ? fixJson(result, version, options.dryRun ?? false) : fixPretty(result, { dryRun: options.dryRun ?? false, verify: options.verify });
      return { outcome: { failed, findings: result.remaining }, stderr, stdout };
    },
  }),
  command<{ format: string; base?: string; now?: string }>({
    name: 'diff',
    description: 'what the working tree changes in the database since a git ref: objects, security, findings, docs (reports, never judges)',
    options: [
      () => new Option('--base <ref>', 'the git ref to compare with (default: the merge base with the default branch)'),
      () => new Option('--format <format>', 'output format').choices(['pretty', 'markdown', 'json']).default('pretty'),
      options.now,
    ],
    examples: ['pgscribe diff', 'pgscribe diff --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"'],
    async run(context, { format, base, now }) {
      const project = await context.load();
      const result = await diff(project, { base, now: parseNow(now ?? context.globals.now) });
      const stdout = format === 'json' ? diffJson(result, version) : format === 'markdown' ? diffMarkdown(result, project.model) : diffPretty(result);
      return { outcome: {}, stdout };
    },
  }),
  command<{ format: ExportFormat }>({
    name: 'export',
    description: "print the model for other tools: tbls' schema.json, DBML or the model as JSON",
    options: [() => new Option('--format <format>', 'tbls (schema.json for `tbls doc`), dbml (dbdiagram.io) or json (as inspect prints it)').choices(['tbls', 'dbml', 'json']).default('tbls')],
    examples: ['pgscribe export > schema.json && tbls doc json://schema.json', 'pgscribe export --format dbml > database.dbml'],
    async run(context, { format }) {
      return { outcome: {}, stdout: exportModel(await context.load(), format) };
    },
  }),
  command({
    name: 'generate',
    description: 'write every generated section and the reference pages',
    examples: ['pgscribe generate', 'npm run docs:generate'],
    async run(context) {
      const result = generateDocs(await context.load(), { removeStaleTemps: true });
      if (result.refused) {
        // Docs made from files that do not parse would describe less than the migrations do.
        const syntax = result.refused;
        const files = new Set(syntax.map((f) => f.file)).size;
        const why = `pgscribe: nothing written: ${files} file${files === 1 ? ' does' : 's do'} not parse; fix the syntax error${syntax.length === 1 ? '' : 's'} and run generate again\n`;
        return { outcome: { failed: true }, stderr: `${findingLines(syntax)}${why}` };
      }
      const written = result.written;
      const summary = written.length === 0 ? 'pgscribe: docs are up to date\n' : `pgscribe: updated ${written.length} file${written.length === 1 ? '' : 's'}:\n${written.map((f) => `  ${f}\n`).join('')}`;
      return { outcome: {}, stderr: staleTempsLine(result.removedTemps), stdout: context.globals.quiet ? '' : summary };
    },
  }),
  command<LintCommandOptions>({
    name: 'check',
    description: 'drift + guardrails, writes nothing; exit 1 on drift or error findings',
    options: lintOptions,
    examples: ['pgscribe check', 'pgscribe check --format json', 'pgscribe check --format sarif > pgscribe.sarif', 'pgscribe check --changed-since origin/main --format github'],
    async run(context, options) {
      const project = await context.load();
      const lint = lintOptionsOf(context, options);
      const result = check(project, { ...lint, removeStaleTemps: true });
      const findings = await onlyChanged(project, options, result.findings, lint);
      const input = reportInput(context, project, findings, result.drift);
      let stdout: string;
      if (options.format !== 'pretty') stdout = renderReport(options.format, input, { changes: result.changes });
      else {
        const report = findings.some((f) => !f.suppressed) ? prettyReport(input) : '';
        stdout = report + driftReport({ drift: result.drift, diffs: result.diffs, changes: result.changes, fixCommand: generateCommand(project.root) });
      }
      return { outcome: { findings, drift: result.drift, fail: failOptionsOf(options) }, stderr: staleTempsLine(result.removedTemps), stdout };
    },
  }),
  command<LintCommandOptions>({
    name: 'lint',
    description: 'check the SQL against the guardrails',
    files: ['[files...]', 'only report findings in these files (paths from the current directory, or from the root)'],
    options: [...lintOptions, () => new Option('--verbose', 'also list the statements whose second run rerunnable-ddl cannot decide')],
    examples: ['pgscribe lint', 'pgscribe lint database/migrations/012_rooms.sql', 'pgscribe lint --format github', 'pgscribe lint --changed-since origin/main --max-warnings 0'],
    async run(context, options, files) {
      const project = await context.load();
      const selected = files.length > 0 ? files.map((f) => projectFileOf(project, f, context.io.cwd ?? process.cwd())) : undefined;
      const lintOptions = { ...lintOptionsOf(context, options), files: selected };
      const findings = await onlyChanged(project, options, lint(project, lintOptions), lintOptions);
      const inSelection = (file: string) => !selected || selected.includes(file);
      const input = { ...reportInput(context, project, findings), files: selected?.length ?? project.migrations.length + project.seeds.length, undecided: undecided(project).filter((u) => inSelection(u.file)), verbose: options.verbose ?? false };
      return { outcome: { findings, fail: failOptionsOf(options) }, stdout: renderReport(options.format, input) };
    },
  }),
  command<{ format: string; databaseUrl?: string; strict?: boolean }>({
    name: 'verify',
    description: 'replay migrations and seeds on embedded Postgres (or --database-url) and cross-check the model',
    options: [
      options.reportFormat,
      () => new Option('--database-url <url>', 'use a real server: a scratch database is created there and always dropped'),
      () => new Option('--strict', 'replay findings in locked migrations count as errors'),
    ],
    examples: ['pgscribe verify', 'pgscribe verify --database-url postgres://postgres@localhost:5432/postgres'],
    async run(context, options) {
      const { io, globals } = context;
      const project = await context.load(true);
      const showProgress = options.format === 'pretty' && io.isTty && !globals.quiet;
      const result = await verify(project, {
        databaseUrl: options.databaseUrl ?? undefined,
        progress: showProgress ? (line) => io.stderr(`\r\u001b[2K${line}`) : undefined,
        strict: options.strict ?? globals.strict ?? false,
      });
      let stderr = showProgress ? '\r\u001b[2K' : '';
      if (result.abandonedScratchDropped.length > 0) stderr += `pgscribe: dropped ${counted(result.abandonedScratchDropped.length, 'scratch database')} left by killed runs: ${result.abandonedScratchDropped.join(', ')}\n`;
      const input = reportInput(context, project, result.findings);
      let stdout = renderReport(options.format, input, { replay: { engine: result.engine, migrations: result.migrations, millis: result.millis, runtimeSql: result.runtimeSql } });
      if (options.format === 'pretty' && !globals.quiet) {
        const m = result.migrations;
        const notRun = m.notRun > 0 ? `, ${m.notRun} not run (syntax error${m.notRun === 1 ? '' : 's'})` : '';
        stdout += `verify (${result.engine}): ${m.applied}/${m.total} migrations applied${notRun}, ${m.rerunFailures} re-run failure${m.rerunFailures === 1 ? '' : 's'}, ${(result.millis / 1000).toFixed(1)} s\n`;
        for (const note of result.runtimeSql) stdout += `note: ${note.file}:${note.line} runs SQL built at run time; the ${counted(note.objects, 'object')} it made ${note.objects === 1 ? 'is' : 'are'} not in the model and not cross-checked\n`;
        if (m.leftOut.length > 0) stdout += `model cross-check: what ${counted(m.leftOut.length, 'migration')} that did not apply would have made is left out: ${m.leftOut.slice(0, 3).join(', ')}${m.leftOut.length > 3 ? `, and ${m.leftOut.length - 3} more` : ''}\n`;
      }
      return { outcome: { findings: result.findings }, stderr, stdout };
    },
  }),
  command<{ lockTimeout: number }>({
    name: 'db migrate',
    description: 'apply new migrations; record them with their hashes; refuse an applied migration that changed',
    options: [options.lockTimeout],
    examples: ['npm run db:run-migrations', 'DATABASE_URL=postgres://localhost/app pgscribe db migrate'],
    async run(context, options) {
      const project = await context.load(true);
      const io = context.io;
      return applied(await migrate(project, { databaseUrl: io.env.DATABASE_URL || undefined, lockTimeout: options.lockTimeout, log: (l) => io.stderr(`${l}\n`) }), 'applied');
    },
  }),
  command<{ env?: string; lockTimeout: number }>({
    name: 'db seed',
    description: 'apply the system seeds (and, with --env, the dev seeds under that environment)',
    options: [() => new Option('--env <environment>', 'set the environment setting and run the dev seeds too (e.g. development)'), options.lockTimeout],
    examples: ['npm run db:run-seeds', 'pgscribe db seed --env development'],
    async run(context, options) {
      const project = await context.load(true);
      const io = context.io;
      return applied(await seed(project, { databaseUrl: io.env.DATABASE_URL || undefined, environment: options.env, lockTimeout: options.lockTimeout, log: (l) => io.stderr(`${l}\n`) }), 'seeded');
    },
  }),
  command<{ dryRun?: boolean; migrations?: string[] }>({
    name: 'init',
    description: 'add a config file, section markers and the migration lock to an existing repository',
    options: [
      () => new Option('--dry-run', 'show the plan, write nothing'),
      () => new Option('--migrations <glob...>', 'the migration files (globs relative to the root), when init does not find them'),
    ],
    examples: ['pgscribe init --dry-run', 'pgscribe init', 'pgscribe init --migrations "db/schema/*.sql"'],
    async run(context, options) {
      const result = await init(context.globals.root ?? '.', { dryRun: options.dryRun, migrations: options.migrations });
      const lines = result.steps.map((s) => `  ${options.dryRun ? 'would ' : ''}${s.action} ${s.file}: ${s.why}`);
      return { outcome: {}, stdout: `pgscribe init${options.dryRun ? ' (dry run)' : ''}:\n${lines.join('\n')}\n\nNext:\n${result.next.map((n) => `  ${n}`).join('\n')}\n` };
    },
  }),
  command<{ accept?: string[] }>({
    name: 'lock',
    description: 'add new migrations to the migration lock',
    options: [() => new Option('--accept <file...>', 're-lock edited migrations (the reviewer sees the changed lines)')],
    examples: ['pgscribe lock', 'pgscribe lock --accept database/migrations/004_core_clinical_tables.sql'],
    async run(context, options) {
      const result = lock(await context.load(), options.accept ?? []);
      if (context.globals.quiet) return { outcome: {} };
      const lines = [...result.added.map((f) => `locked ${f}`), ...result.accepted.map((f) => `re-locked ${f}`)];
      return { outcome: {}, stdout: lines.length === 0 ? `pgscribe: ${result.file} is up to date\n` : `${lines.map((l) => `pgscribe: ${l}`).join('\n')}\n  in ${result.file}\n` };
    },
  }),
];

/** The `db` command's description (its subcommands are in the table). */
export const groups: Record<string, string> = { db: 'apply migrations and seeds to DATABASE_URL (or an embedded database in .pgscribe/)' };

/**
 * The command line: commander wiring only. Each command calls the core,
 * which returns results; this file turns results and typed errors into output
 * and the exit code (0 clean, 1 findings/drift/replay failure, 2 the tool
 * could not do its job).
 */

import { Command, CommanderError, Option } from 'commander';
import { isPgscribeError, PgscribeError } from '../errors.js';
import { loadProject } from '../project.js';
import { inspectJson, inspectPretty } from '../report/inspect.js';
import { version } from '../version.js';
import { type CliIo, processIo } from './io.js';

export const exitCodes = { clean: 0, failed: 1, broken: 2 } as const;

interface GlobalOptions {
  root?: string;
  config?: string;
  debug?: boolean;
}

function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty');
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
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
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('inspect')
    .description('print the model the migrations and seeds build')
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  pgscribe inspect\n  pgscribe inspect --format json > model.json')
    .action(async (options: { format: string }) => {
      const globals = program.opts<GlobalOptions>();
      const project = await loadProject({ root: globals.root, config: globals.config });
      const findings = project.syntaxFindings;
      io.stdout(options.format === 'json' ? inspectJson(project.model, findings, version) : inspectPretty(project.model, findings));
      setExit(findings.some((f) => f.severity === 'error') ? exitCodes.failed : exitCodes.clean);
    });

  return program;
}

/** Runs the CLI with `args` (without node and script); resolves to the exit code. */
export async function main(args: string[], io: CliIo = processIo): Promise<number> {
  let code: number = exitCodes.clean;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
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
  }
}

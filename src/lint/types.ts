/**
 * What a rule is: an id (kebab-case, = file name = docs/rules/<id>.md), a
 * default severity (config overrides it), a one-line description, help text,
 * and a pure `check` over the project that returns findings as data.
 */

import type { Config } from '../config/schema.js';
import type { LockFile } from '../lock.js';
import type { Catalog } from '../model/catalog.js';
import type { Model } from '../model/types.js';
import type { LoadedFile } from '../project.js';
import type { Finding } from '../report/findings.js';
import type { SqlStatement } from '../sql/parser.js';

/** A finding as a rule reports it: the engine adds the rule id, the severity and (unless given) the help. */
export type RuleFinding = Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'message'> & {
  /** Overrides the rule's general help for this finding. */
  help?: string;
};

/** What a project rule sees: the whole project, after the model is built. */
export interface RuleContext {
  model: Model;
  catalog: Catalog;
  config: Config;
  /** The files, without their syntax trees when the project was loaded with `releaseSyntaxTrees`. */
  migrations: LoadedFile[];
  seeds: LoadedFile[];
  /** "Today" for date-based rules (pinned with --now). */
  now: Date;
  /** The migration lock, read once per run. */
  lock: LockFile;
}

/** What a file rule sees besides the file itself, while the project loads. */
export interface FileRuleContext {
  /** The catalog as the file leaves it: what the migrations so far (all of them, for a seed) created. */
  catalog: Catalog;
  config: Config;
  /** True for a seed the `devSeeds` globs mark as dev/test-only. */
  devSeed: boolean;
}

interface RuleInfo {
  id: string;
  defaultSeverity: 'error' | 'warn';
  /** One line: what the rule guards against. */
  description: string;
  /** What to do about a finding. */
  help: string;
}

/** A rule over the built model and the files' metadata. */
export interface ProjectRule extends RuleInfo {
  check(context: RuleContext): RuleFinding[];
}

/**
 * A rule that reads statements' syntax trees. It runs on each file as the
 * project loads, right after the model took the file in, so the trees can be
 * let go of afterwards (see `releaseSyntaxTrees` in LoadOptions).
 */
export interface FileRule extends RuleInfo {
  checkFile(file: LoadedFile, context: FileRuleContext): RuleFinding[];
}

export type Rule = ProjectRule | FileRule;

/** A finding spanning a whole statement. */
export function atStatement(statement: SqlStatement, message: string, help?: string): RuleFinding {
  const finding: RuleFinding = {
    file: statement.file,
    line: statement.start.line,
    column: statement.start.column,
    endLine: statement.end.line,
    endColumn: statement.end.column,
    message,
  };
  if (help) finding.help = help;
  return finding;
}

/** A finding at an object's source line (objects know their line, not their column). */
export function atSource(source: { file: string; line: number }, message: string, help?: string): RuleFinding {
  const finding: RuleFinding = { file: source.file, line: source.line, column: 1, endLine: source.line, endColumn: 1, message };
  if (help) finding.help = help;
  return finding;
}

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

export interface RuleContext {
  model: Model;
  catalog: Catalog;
  config: Config;
  migrations: LoadedFile[];
  seeds: LoadedFile[];
  /** "Today" for date-based rules (pinned with --now). */
  now: Date;
  /** The migration lock, read once per run. */
  lock: LockFile;
}

export interface Rule {
  id: string;
  defaultSeverity: 'error' | 'warn';
  /** One line: what the rule guards against. */
  description: string;
  /** What to do about a finding. */
  help: string;
  check(context: RuleContext): RuleFinding[];
}

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

/**
 * What a rule is: its `meta` (id, kebab-case, = file name = docs/rules/<id>.md;
 * default severity, which config overrides; a one-line description; help; the
 * message templates its findings name by id; whether it is fixable) and a pure
 * `check` over the project that reports findings as data: a message id, the
 * data for its template, and a place. Text is made in one place (messages.ts).
 */

import type { Config } from '../config/schema.js';
import type { LockFile } from '../lock.js';
import type { Catalog } from '../model/catalog.js';
import type { Model } from '../model/types.js';
import type { LoadedFile } from '../project.js';
import type { Finding, Fix } from '../report/findings.js';
import type { SqlStatement } from '../sql/parser.js';

/** The data a message template is filled with. */
export type MessageData = Record<string, string | number>;

/** Where a finding is: a root-relative file and a 1-based range. */
export type FindingPlace = Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>;

/**
 * A finding as a rule reports it: which of its messages, the data for the
 * template, and the place. The engine adds the rule id and the severity and
 * makes the text.
 */
export interface RuleFinding extends FindingPlace {
  /** A key of the rule's `meta.messages`. */
  messageId: string;
  data?: MessageData;
  /** A key of the rule's `meta.helps`, when this finding needs other help than the rule's general one. */
  helpId?: string;
  /** The finding's one safe fix, when it has one (the rule's `meta.fixable` says it may). */
  fix?: Fix;
}

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

/** What a rule is, apart from its check; every rule id that findings carry has one (syntax-error, unused-suppression and replay-* too). */
export interface RuleMeta {
  id: string;
  defaultSeverity: 'error' | 'warn';
  /** One line: what the rule guards against. */
  description: string;
  /** What to do about a finding (the general help). */
  help: string;
  /** The rule's page, relative to the package root: `docs/rules/<id>.md`. */
  docs: string;
  /** Message templates by id; `{{name}}` is replaced with the finding's `data.name`. */
  messages: Record<string, string>;
  /** Help templates by id, for findings that need more specific help than `help`. */
  helps?: Record<string, string>;
  /** Whether `pgscribe fix` can edit the SQL to resolve its findings. */
  fixable: boolean;
}

/** A rule over the built model and the files' metadata. */
export interface ProjectRule {
  meta: RuleMeta;
  check(context: RuleContext): RuleFinding[];
}

/**
 * A rule that reads statements' syntax trees. It runs on each file as the
 * project loads, right after the model took the file in, so the trees can be
 * let go of afterwards (see `releaseSyntaxTrees` in LoadOptions).
 */
export interface FileRule {
  meta: RuleMeta;
  checkFile(file: LoadedFile, context: FileRuleContext): RuleFinding[];
}

export type Rule = ProjectRule | FileRule;

/** The place of a whole statement. */
export function atStatement(statement: SqlStatement): FindingPlace {
  return { file: statement.file, line: statement.start.line, column: statement.start.column, endLine: statement.end.line, endColumn: statement.end.column };
}

/** The place of an object's source line (objects know their line, not their column). */
export function atSource(source: { file: string; line: number }): FindingPlace {
  return { file: source.file, line: source.line, column: 1, endLine: source.line, endColumn: 1 };
}

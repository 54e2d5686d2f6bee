/**
 * rerunnable-ddl: a migration statement that fails when the chain runs again
 * on the database it built. The question is the chain's, not the file's: each
 * file runs in a transaction, so a file that fails rolls back and its re-run
 * is a first run; what runs again on a migrated database is every migration,
 * in order. The model plays the chain a second time from the state the first
 * run left (model/rerun-passes.ts) and asks each statement's preconditions
 * there; a statement that fails has no effect and the chain goes on, as
 * replay's second pass does with a savepoint per statement.
 */

import type { Failure, Step } from '../model/rerun-shadow.js';
import { secondRunOf } from '../model/second-run.js';
import type { MessageData, ProjectRule, RuleFinding } from '../lint/types.js';
import type { SourceText } from '../sql/source.js';
import { rerunFix } from '../lint/rerun-fixes.js';

/** How to make each kind of failing statement re-runnable: the rule's help by id. */
const fixes = {
  guardChecksOther: 'Make the IF check the catalog for the object this statement creates (its name, in pg_trigger, pg_policies, pg_type, pg_constraint…).',
  ifNotExists: 'Add IF NOT EXISTS.',
  type: 'Postgres has no CREATE TYPE IF NOT EXISTS: wrap it in a DO block that checks pg_type first, or that catches duplicate_object.',
  trigger: 'Use CREATE OR REPLACE TRIGGER (Postgres 14+), precede it with DROP TRIGGER IF EXISTS, or wrap it in a DO block that checks pg_trigger.',
  policy: 'Postgres has no CREATE POLICY IF NOT EXISTS: precede it with DROP POLICY IF EXISTS, wrap it in a DO block that checks pg_policies, or call a helper such as create_policy_if_not_exists() that checks pg_policies.',
  constraint: 'Wrap it in a DO block that checks pg_constraint, or precede it with ALTER TABLE … DROP CONSTRAINT IF EXISTS.',
  function: 'Use CREATE OR REPLACE.',
  exists: 'Guard the statement: IF NOT EXISTS (tables, indexes, columns, schemas, sequences, extensions, enum values), CREATE OR REPLACE (views, functions, triggers on Postgres 14+), DROP … IF EXISTS first (policies, triggers), or a DO block that checks the catalog or catches duplicate_object (types, constraints).',
  missing: 'Use IF EXISTS (DROP, ALTER TABLE … DROP COLUMN / CONSTRAINT, ALTER … RENAME), or a DO block that checks the catalog first: a later migration has already changed what this statement expects.',
  duplicateRow: 'Add ON CONFLICT DO NOTHING (or DO UPDATE), or insert only WHERE NOT EXISTS.',
  viewColumns: 'CREATE OR REPLACE VIEW cannot drop or rename a column of the view that is there: DROP VIEW IF EXISTS first, or create the view once, in its final form.',
  returnType: 'CREATE OR REPLACE FUNCTION cannot change the return type: DROP FUNCTION IF EXISTS first.',
  wrongKind: 'A later migration made the relation another kind (a view became a materialized view or a table): drop it with the kind it has then, in a DO block that checks pg_class.relkind.',
  dependents: 'Objects made later depend on it: DROP … CASCADE (and re-create them after), or drop the dependents first.',
  keyTypes: 'A later migration changed the type of the key or of the referencing column: add the foreign key only where both have their final types (in a DO block that checks pg_constraint), or change the types before it.',
  usedByView: 'A view made later reads the column: drop the view first and re-create it after (or change the type where no view reads it yet).',
  enumValue: 'The column has another enum type on the second run (a later migration rewrote the enum, and the ALTER COLUMN … TYPE that moved the column failed there): make the enum rewrite re-runnable, or guard this statement with a DO block that checks pg_enum.',
  valueType: 'The column and the value have different enum types on the second run (a later migration rewrote the enum, and the ALTER COLUMN … TYPE that moved the column failed there): make the enum rewrite re-runnable, or compare as text (col::text = \'value\').',
  ambiguous: 'A later migration added an overload: call the function with casts that pick one (f(\'x\'::text, …)), or drop the old overload in the migration that adds the new one.',
};

/** Why the object is as it is, from the model's history. */
function causeOf(failure: Failure, step: Step): string {
  const cause = failure.cause;
  if (!cause) return failure.messageId === 'exists' || failure.messageId === 'duplicateRow' ? 'made on the first run' : 'not there on the first run';
  const here = cause.at.file === step.file && cause.at.line === step.line;
  const where = here ? 'by this statement' : `at ${cause.at.file}:${cause.at.line}`;
  const run = cause.run === 1 ? 'on the first run' : 'earlier on this run';
  if (cause.what === 'renamed') return `renamed to ${cause.to} ${where} ${run}`;
  return `${cause.what} ${here ? 'here' : where} ${run}`;
}

/** The fix for an object that exists: by its kind; otherwise by the kind of failure. */
const existsHelp: Partial<Record<string, keyof typeof fixes>> = {
  relation: 'ifNotExists',
  schema: 'ifNotExists',
  extension: 'ifNotExists',
  column: 'ifNotExists',
  'enum value': 'ifNotExists',
  type: 'type',
  trigger: 'trigger',
  policy: 'policy',
  constraint: 'constraint',
  'primary key': 'constraint',
  function: 'function',
};

function helpOf(failure: Failure): keyof typeof fixes {
  if (failure.guardChecks) return 'guardChecksOther';
  return (failure.messageId === 'exists' && failure.space && existsHelp[failure.space]) || failure.messageId;
}

/** How a finding names its statement: its first line, as written (cut at 80 characters). */
function shownOf(step: Step, sources: Map<string, SourceText>): string {
  const text = sources.get(step.file)?.lineText(step.line) ?? '';
  const first = (step.endLine === step.line && step.endColumn > step.column ? text.slice(step.column - 1, step.endColumn - 1) : text.slice(step.column - 1)).trim() || text.trim();
  return first.length > 80 ? `${first.slice(0, 77)}…` : first;
}

function findingOf(failure: Failure, sources: Map<string, SourceText>, serverVersion: number): RuleFinding {
  const step = failure.step;
  const data: MessageData = { statement: shownOf(step, sources), object: failure.object, cause: causeOf(failure, step) };
  if (failure.guardChecks) {
    data.checked = failure.guardChecks.join(', ');
    data.state = failure.messageId === 'missing' ? 'does not exist' : failure.messageId === 'exists' ? 'exists' : 'is not as it expects';
  }
  return {
    file: step.file,
    line: step.line,
    column: step.column,
    endLine: step.endLine,
    endColumn: step.endColumn,
    messageId: failure.guardChecks ? 'guardChecksOther' : failure.container ? `${failure.messageId}InDo` : failure.messageId,
    data,
    helpId: helpOf(failure),
    fix: rerunFix(failure, sources.get(step.file), serverVersion),
  };
}

const messages = {
  exists: '{{statement}} fails when the migrations run again: {{object}} exists ({{cause}})',
  missing: '{{statement}} fails when the migrations run again: {{object}} does not exist ({{cause}})',
  duplicateRow: '{{statement}} fails when the migrations run again: its rows are already in {{object}} ({{cause}})',
  viewColumns: '{{statement}} fails when the migrations run again: {{object}} has columns this definition drops or renames ({{cause}})',
  returnType: '{{statement}} fails when the migrations run again: {{object}} has another return type ({{cause}})',
  wrongKind: '{{statement}} fails when the migrations run again: {{object}} is of another kind then ({{cause}})',
  dependents: '{{statement}} fails when the migrations run again: other objects depend on {{object}} ({{cause}})',
  ambiguous: '{{statement}} fails when the migrations run again: the call is ambiguous, {{object}} ({{cause}})',
  keyTypes: '{{statement}} fails when the migrations run again: the foreign key cannot be implemented, {{object}} do not compare ({{cause}})',
  usedByView: '{{statement}} fails when the migrations run again: a view reads {{object}}, so its type cannot change ({{cause}})',
  enumValue: '{{statement}} fails when the migrations run again: the enum has no value {{object}} ({{cause}})',
  valueType: '{{statement}} fails when the migrations run again: {{object}} do not compare ({{cause}})',
};

export const rerunnableDdl: ProjectRule = {
  meta: {
    id: 'rerunnable-ddl',
    defaultSeverity: 'error',
    description: 'A migration statement must not fail when the migrations run again on the database they built.',
    help: 'Guard it: IF NOT EXISTS / IF EXISTS, CREATE OR REPLACE, a prior DROP … IF EXISTS, ON CONFLICT DO NOTHING, or a DO block that checks the catalog (or catches duplicate_object).',
    docs: 'docs/rules/rerunnable-ddl.md',
    messages: {
      ...messages,
      ...Object.fromEntries(Object.entries(messages).map(([id, text]) => [`${id}InDo`, `${text} (inside a DO block)`])),
      guardChecksOther: '{{statement}} fails when the migrations run again: {{object}} {{state}} ({{cause}}); the IF around it checks the catalog for {{checked}}, not for it (inside a DO block)',
    },
    helps: fixes,
    fixable: true,
  },
  check({ catalog, migrations, config }) {
    const sources = new Map(migrations.map((m) => [m.data.file, m.parsed.source]));
    return secondRunOf(catalog).failures.map((failure) => findingOf(failure, sources, config.serverVersion));
  },
};

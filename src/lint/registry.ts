/**
 * The explicit rule registry. Every rule lives in `src/rules/<id>.ts` and has
 * a page `docs/rules/<id>.md`; a test keeps the registry, the files and the
 * pages in agreement. `syntax-error`, `unused-suppression` and the `replay-*`
 * rules are not rule modules (the parser, the suppression comments and
 * Postgres find them), but they have the same meta, here.
 */

import { callOnFunction } from '../rules/call-on-function.js';
import { devSeedUnguarded } from '../rules/dev-seed-unguarded.js';
import { dropHasDependents } from '../rules/drop-has-dependents.js';
import { migrationEdited } from '../rules/migration-edited.js';
import { migrationNaming } from '../rules/migration-naming.js';
import { migrationUnlocked } from '../rules/migration-unlocked.js';
import { partitionHorizon } from '../rules/partition-horizon.js';
import { policyWithoutRls } from '../rules/policy-without-rls.js';
import { rerunnableDdl } from '../rules/rerunnable-ddl.js';
import { rlsDisabled } from '../rules/rls-disabled.js';
import { rlsWithoutPolicy } from '../rules/rls-without-policy.js';
import { securityDefinerSearchPath } from '../rules/security-definer-search-path.js';
import { seedDdl } from '../rules/seed-ddl.js';
import { seedNotIdempotent } from '../rules/seed-not-idempotent.js';
import { seedOutsidePartitions } from '../rules/seed-outside-partitions.js';
import { seedSensitiveData } from '../rules/seed-sensitive-data.js';
import { seedVolatileTimestamp } from '../rules/seed-volatile-timestamp.js';
import { triggerDisabledOutsideDev } from '../rules/trigger-disabled-outside-dev.js';
import type { Rule, RuleMeta } from './types.js';
import { undefinedReference } from '../rules/undefined-reference.js';
import { unindexedForeignKey } from '../rules/unindexed-foreign-key.js';
import { volatileGeneratedColumn } from '../rules/volatile-generated-column.js';

export const rules: Rule[] = [
  rerunnableDdl,
  callOnFunction,
  volatileGeneratedColumn,
  undefinedReference,
  dropHasDependents,
  migrationEdited,
  migrationUnlocked,
  migrationNaming,
  seedDdl,
  seedNotIdempotent,
  devSeedUnguarded,
  seedVolatileTimestamp,
  seedOutsidePartitions,
  seedSensitiveData,
  triggerDisabledOutsideDev,
  partitionHorizon,
  rlsDisabled,
  policyWithoutRls,
  rlsWithoutPolicy,
  securityDefinerSearchPath,
  unindexedForeignKey,
];

/** `syntax-error`: findings of the parser (an unreadable file included); always an error, never suppressed. */
export const syntaxErrorRule: RuleMeta = {
  id: 'syntax-error',
  defaultSeverity: 'error',
  description: 'Postgres cannot parse the file.',
  help: 'Postgres cannot parse this file; fix the SQL at this position. Nothing after a syntax error in the same statement is analysed.',
  docs: 'docs/rules/syntax-error.md',
  messages: { parse: '{{message}}', body: 'PL/pgSQL: {{message}} (in the body of the {{container}}; Postgres rejects it when the statement runs)' },
  fixable: false,
};

/** `unused-suppression`: findings about `-- pgscribe-ignore` comments themselves (lint/suppressions.ts). */
export const unusedSuppressionRule: RuleMeta = {
  id: 'unused-suppression',
  defaultSeverity: 'warn',
  description: 'A pgscribe-ignore comment that suppresses nothing, names an unknown rule, or gives no reason.',
  help: 'Remove the comment, fix the rule id, or add a reason after a second "--".',
  docs: 'docs/rules/unused-suppression.md',
  messages: {
    suppressesNothing: 'pgscribe-ignore {{rule}} suppresses nothing here',
    unknownRule: 'pgscribe-ignore names an unknown rule "{{rule}}"',
    noReason: 'pgscribe-ignore without a reason',
  },
  helps: {
    suppressesNothing: 'Remove the comment, or move it to the line before the statement it is about.',
    unknownRule: 'Use a rule id from docs/rules/.',
    noReason: 'Say why after a second "--": -- pgscribe-ignore rule-id -- reason.',
  },
  fixable: false,
};

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/** A replay rule's meta: Postgres itself is the check, so every finding is an error. */
const replayRule = (id: string, description: string, help: string, messages: Record<string, string>, helps?: Record<string, string>): RuleMeta => ({
  id,
  defaultSeverity: 'error',
  description,
  help,
  docs: `docs/rules/${id}.md`,
  messages,
  ...(helps ? { helps } : {}),
  fixable: false,
});

/** The messages of a statement that Postgres refused, with its hint or the PGlite extension advice as help. */
const refused = {
  messages: {
    failed: '{{error}}',
    failedWithCode: '{{error}} (SQLSTATE {{code}})',
    extensionUnavailable: 'extension "{{extension}}" is not available in embedded Postgres (PGlite)',
    unsafeNewEnumValue: '{{error}}: an enum value that ALTER TYPE … ADD VALUE added cannot be used before its transaction commits (SQLSTATE 55P04)',
  },
  helps: {
    unsafeNewEnumValue: 'Commit between adding the value and using it: move the statements that use it to a later migration, or run this migration outside a transaction (goose `-- +goose NO TRANSACTION`, `-- postgres-migrations disable-transaction`).',
    postgresHint: 'Postgres: {{hint}}',
    extensionUnavailable: 'Run `pgscribe verify --database-url postgres://…` against a server that has the extension installed.',
  },
};

/** Rules of `verify` findings (Postgres itself is the check), with the one help text each that replay findings and SARIF show. */
export const replayRules: RuleMeta[] = [
  replayRule('replay-apply', 'A migration fails on a fresh database.', 'The migration does not apply on a fresh database: fix the statement.', refused.messages, refused.helps),
  replayRule('replay-rerun', 'A migration fails when it runs a second time.', 'The statement fails when the migration runs again: guard it (see the rerunnable-ddl rule).', refused.messages, refused.helps),
  replayRule('replay-seed', 'A seed fails.', 'The seed does not apply: fix the statement (column names, types, partitions).', refused.messages, refused.helps),
  replayRule('replay-seed-rerun', 'A seed fails when it runs a second time.', 'The seed fails when it runs again: add ON CONFLICT or NOT EXISTS (see the seed-not-idempotent rule).', refused.messages, refused.helps),
  replayRule('replay-dev-guard', 'A dev seed ran under a disallowed environment.', 'The dev seed ran under a disallowed environment: its guard must RAISE EXCEPTION (see the dev-seed-unguarded rule).', {
    ranToTheEnd: "the dev seed ran to the end with {{setting}} = '{{environment}}'; it must raise",
  }),
  replayRule('replay-rerun-changed', 'Running the migrations again changes the schema the first run built.', 'The second run left a different schema than the first: guard the statement so a re-run leaves what the first run left (IF NOT EXISTS, IF EXISTS, a catalog-checking DO block), or make the later migration that renamed or dropped the object safe to run again.', {
    tableCreated: 'running the migrations again creates table {{table}}, which the first run did not leave',
    tableDropped: 'running the migrations again drops table {{table}}',
    columnAdded: 'running the migrations again adds column {{column}}',
    columnDropped: 'running the migrations again drops column {{column}}',
    columnType: 'running the migrations again changes the type of {{column}} from {{before}} to {{after}}',
    columnNullability: 'running the migrations again makes {{column}} {{after}} (it was {{before}})',
    constraintAdded: 'running the migrations again adds constraint {{constraint}} to {{table}}',
    constraintDropped: 'running the migrations again drops constraint {{constraint}} of {{table}}',
    rowLevelSecurity: 'running the migrations again turns row level security on {{table}} {{after}} (it was {{before}})',
    indexAdded: 'running the migrations again creates index {{index}} on {{table}}',
    indexDropped: 'running the migrations again drops index {{index}} of {{table}}',
    triggerAdded: 'running the migrations again creates trigger {{trigger}} on {{table}}',
    triggerDropped: 'running the migrations again drops trigger {{trigger}} of {{table}}',
    policyAdded: 'running the migrations again creates policy {{policy}} on {{table}}',
    policyDropped: 'running the migrations again drops policy {{policy}} of {{table}}',
  }),
  replayRule('replay-model-mismatch', 'What Postgres built differs from the static model.', "What Postgres built differs from what pgscribe read from the files: a bug in the SQL or in pgscribe's model.", {
    tableOnlyInModel: 'table {{table}} is in the model but Postgres has no such table',
    tableOnlyInPostgres: 'Postgres has table {{table}}, which the model does not know',
    columnOnlyInModel: 'column {{column}} is in the model but not in Postgres',
    columnType: 'column {{column}}: the model says {{model}}, Postgres says {{postgres}}',
    columnNullability: 'column {{column}}: the model says {{model}}, Postgres says {{postgres}}',
    columnOnlyInPostgres: 'Postgres has column {{column}}, which the model does not know',
    rowLevelSecurity: '{{table}}: row level security is {{postgres}} in Postgres, {{model}} in the model',
    forcedRowLevelSecurity: '{{table}}: FORCE ROW LEVEL SECURITY differs (Postgres {{postgres}})',
    constraintOnlyInModel: 'constraint {{constraint}} on {{table}} is in the model but Postgres named it otherwise or has none',
    constraintType: 'constraint {{constraint}} on {{table}}: the model says {{model}}, Postgres says {{postgres}}',
    constraintOnlyInPostgres: 'Postgres has constraint {{constraint}} on {{table}}, which the model does not know',
    partitionNotAttached: 'partition {{partition}} of {{table}} is not attached in Postgres',
    partitionBounds: 'partition {{partition}}: bounds differ (Postgres: {{postgres}})',
    partitionOnlyInPostgres: 'Postgres has partition {{partition}} of {{table}}, which the model does not know',
    triggerOnlyInModel: 'trigger {{trigger}} on {{table}} is in the model but not in Postgres',
    triggerEnabled: 'trigger {{trigger}}: enabled in {{where}} only',
    triggerOnlyInPostgres: 'Postgres has trigger {{trigger}} on {{table}}, which the model does not know',
    policyOnlyInModel: 'policy {{policy}} on {{table}} is in the model but not in Postgres',
    policyCommand: 'policy {{policy}}: the model says {{model}}, Postgres says {{postgres}}',
    policyOnlyInPostgres: 'Postgres has policy {{policy}} on {{table}}, which the model does not know',
    indexOnlyInModel: 'index {{index}} is in the model but not in Postgres',
    indexOnlyInPostgres: 'Postgres has index {{index}}, which the model does not know',
    viewOnlyInModel: '{{kind}} {{view}} is in the model but not in Postgres',
    viewOnlyInPostgres: 'Postgres has {{kind}} {{view}}, which the model does not know',
    viewKind: '{{view}}: the model says {{model}}, Postgres says {{postgres}}',
    typeOnlyInModel: 'type {{type}} is in the model but not in Postgres',
    typeOnlyInPostgres: 'Postgres has type {{type}}, which the model does not know',
    functionOnlyInModel: '{{kind}} {{function}} is in the model but not in Postgres',
    functionOnlyInPostgres: 'Postgres has {{kind}} {{function}}, which the model does not know',
    sequenceOnlyInModel: 'sequence {{sequence}} is in the model but not in Postgres',
    sequenceOnlyInPostgres: 'Postgres has sequence {{sequence}}, which the model does not know',
  }),
];

/** Every rule id that findings can carry, with its page's metadata: syntax-error, the rules, unused-suppression, replay-*. */
export const allRuleMeta: RuleMeta[] = [syntaxErrorRule, ...rules.map((r) => r.meta), unusedSuppressionRule, ...replayRules];

/** The meta of any rule id findings carry (see allRuleMeta). */
export function ruleMetaById(id: string): RuleMeta | undefined {
  return allRuleMeta.find((r) => r.id === id);
}

/** Where rule pages are published: the pages inside the package on a registry CDN, for this version. */
export function defaultDocsBaseUrl(version: string): string {
  return `https://unpkg.com/pgscribe@${version}/docs/rules/`;
}

/** Ids the config's `rules` key may name: every rule and unused-suppression (syntax-error and replay findings are always errors). */
export const configurableRuleIds: readonly string[] = [...rules.map((r) => r.meta.id), unusedSuppressionRule.id];

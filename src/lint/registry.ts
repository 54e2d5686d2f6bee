/**
 * The explicit rule registry. Every rule lives in `src/rules/<id>.ts` and has
 * a page `docs/rules/<id>.md`; a test keeps the registry, the files and the
 * pages in agreement. `syntax-error` is not a rule module: it comes from the
 * parser, is always an error and cannot be suppressed.
 */

import { callOnFunction } from '../rules/call-on-function.js';
import { devSeedUnguarded } from '../rules/dev-seed-unguarded.js';
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
import type { Rule } from './types.js';
import { syntaxErrorHelp } from '../project.js';
import { undefinedReference } from '../rules/undefined-reference.js';
import { unindexedForeignKey } from '../rules/unindexed-foreign-key.js';
import { volatileGeneratedColumn } from '../rules/volatile-generated-column.js';

export const rules: Rule[] = [
  rerunnableDdl,
  callOnFunction,
  volatileGeneratedColumn,
  undefinedReference,
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

export const syntaxErrorRule = {
  id: 'syntax-error',
  description: 'Postgres cannot parse the file.',
  help: syntaxErrorHelp,
};

export const unusedSuppressionRule = {
  id: 'unused-suppression',
  description: 'A pgscribe-ignore comment that suppresses nothing, names an unknown rule, or gives no reason.',
  help: 'Remove the comment, fix the rule id, or add a reason after a second "--".',
};

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}

/** Rules of `verify` findings (Postgres itself is the check), with the one help text each that replay findings and SARIF show. */
export const replayRules = [
  { id: 'replay-apply', description: 'A migration fails on a fresh database.', help: 'The migration does not apply on a fresh database: fix the statement.' },
  { id: 'replay-rerun', description: 'A migration fails when it runs a second time.', help: 'The statement fails when the migration runs again: guard it (see the rerunnable-ddl rule).' },
  { id: 'replay-seed', description: 'A seed fails.', help: 'The seed does not apply: fix the statement (column names, types, partitions).' },
  { id: 'replay-seed-rerun', description: 'A seed fails when it runs a second time.', help: 'The seed fails when it runs again: add ON CONFLICT or NOT EXISTS (see the seed-not-idempotent rule).' },
  { id: 'replay-dev-guard', description: 'A dev seed ran under a disallowed environment.', help: 'The dev seed ran under a disallowed environment: its guard must RAISE EXCEPTION (see the dev-seed-unguarded rule).' },
  { id: 'replay-model-mismatch', description: 'What Postgres built differs from the static model.', help: "What Postgres built differs from what pgscribe read from the files: a bug in the SQL or in pgscribe's model." },
];

/** Every rule id that findings can carry, with its page's metadata: syntax-error, the rules, unused-suppression, replay-*. */
export const allRuleMeta: Array<{ id: string; description: string; help: string }> = [
  syntaxErrorRule,
  ...rules.map((r) => ({ id: r.id, description: r.description, help: r.help })),
  unusedSuppressionRule,
  ...replayRules,
];

/** Where rule pages are published: the pages inside the package on a registry CDN, for this version. */
export function defaultDocsBaseUrl(version: string): string {
  return `https://unpkg.com/pgscribe@${version}/docs/rules/`;
}

/** Ids the config's `rules` key may name: every rule and unused-suppression (syntax-error and replay findings are always errors). */
export const configurableRuleIds: readonly string[] = [...rules.map((r) => r.id), unusedSuppressionRule.id];

/** Findings of replay (`replay-*` rules): Postgres itself is the check. */

import type { Finding } from '../report/findings.js';

export const ruleHelp: Record<string, string> = {
  'replay-apply': 'The migration does not apply on a fresh database: fix the statement.',
  'replay-rerun': 'The statement fails when the migration runs again: guard it (see the rerunnable-ddl rule).',
  'replay-seed': 'The seed does not apply: fix the statement (column names, types, partitions).',
  'replay-seed-rerun': 'The seed fails when it runs again: add ON CONFLICT or NOT EXISTS (see the seed-not-idempotent rule).',
  'replay-dev-guard': 'The dev seed ran under a disallowed environment: its guard must RAISE EXCEPTION (see the dev-seed-unguarded rule).',
  'replay-model-mismatch': 'What Postgres built differs from what pgscribe read from the files: a bug in the SQL or in pgscribe\'s model.',
};

export function replayFinding(rule: string, file: string, line: number, column: number, message: string, help?: string): Finding {
  return { rule, severity: 'error', file, line, column, endLine: line, endColumn: column, message, help: help ?? ruleHelp[rule] };
}


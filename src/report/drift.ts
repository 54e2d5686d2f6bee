/**
 * The drift report of `check` in pretty form: the unified diff of every stale
 * section and page, what changed in the model, the stale files and the
 * command that fixes them; or one line when the docs are up to date. Pure:
 * data in, text out.
 */

import type { Drift } from '../docs/generate.js';

export interface DriftReportInput {
  drift: Drift[];
  /** Unified diffs, one per stale section or page. */
  diffs: string[];
  /** Model-level lines: "table clinic.rooms added by 012_rooms.sql:3". */
  changes: string[];
  /** The command that regenerates the docs (`npm run docs:generate` or `npx pgscribe generate`). */
  fixCommand: string;
}

export function driftReport(input: DriftReportInput): string {
  const { drift, diffs, changes, fixCommand } = input;
  if (drift.length === 0) return 'pgscribe: docs are up to date\n';
  const out = diffs.map((diff) => (diff.endsWith('\n') ? diff : `${diff}\n`));
  if (changes.length > 0) out.push(`\nWhat changed in the SQL:\n${changes.map((l) => `  ${l}\n`).join('')}`);
  const stale = drift.map((d) => `  ${d.file} (${d.section})\n`).join('');
  out.push(`\npgscribe: ${drift.length} generated section${drift.length === 1 ? ' is' : 's are'} stale:\n${stale}Run \`${fixCommand}\` and commit the result.\n`);
  return out.join('');
}

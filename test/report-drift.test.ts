/** The drift report and the exit decision are pure: data in, text or a code out. */
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/cli/main.js';
import { driftReport } from '../src/report/drift.js';
import type { Finding } from '../src/report/findings.js';

const warning: Finding = { rule: 'r', messageId: 'm', severity: 'warning', file: 'a.sql', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'm', help: 'h' };

describe('driftReport', () => {
  it('says the docs are up to date when nothing drifts', () => {
    expect(driftReport({ drift: [], diffs: [], changes: [], fixCommand: 'npx pgscribe generate' })).toBe('pgscribe: docs are up to date\n');
  });

  it('prints the diffs, what changed, the stale files and the fix', () => {
    const text = driftReport({ drift: [{ file: 'README.md', section: 'database-and-seeds', line: 3 }], diffs: ['--- a\n+++ b'], changes: ['table app.t added by 001.sql:1'], fixCommand: 'npm run docs:generate' });
    expect(text).toBe('--- a\n+++ b\n\nWhat changed in the SQL:\n  table app.t added by 001.sql:1\n\npgscribe: 1 generated section is stale:\n  README.md (database-and-seeds)\nRun `npm run docs:generate` and commit the result.\n');
  });
});

describe('exitCodeOf', () => {
  it('is 1 for drift, an error, warnings past the limit or a failure of the command; else 0', () => {
    expect(exitCodeOf({})).toBe(0);
    expect(exitCodeOf({ findings: [warning] })).toBe(0);
    expect(exitCodeOf({ findings: [{ ...warning, severity: 'error' }] })).toBe(1);
    expect(exitCodeOf({ findings: [{ ...warning, severity: 'error', suppressed: { reason: 'x' } }] })).toBe(0);
    expect(exitCodeOf({ findings: [warning], fail: { maxWarnings: 0 } })).toBe(1);
    expect(exitCodeOf({ findings: [warning], fail: { failOn: 'warn' } })).toBe(1);
    expect(exitCodeOf({ drift: [{ file: 'README.md', section: 's' }] })).toBe(1);
    expect(exitCodeOf({ failed: true })).toBe(1);
  });
});

/**
 * seed-not-idempotent: an INSERT in a seed without ON CONFLICT or a NOT EXISTS
 * check fails (or duplicates rows) when the seed runs again.
 */

import { flatten } from '../model/seeds.js';
import { atStatement, type FileRule, type RuleFinding } from '../lint/types.js';

export const seedNotIdempotent: FileRule = {
  meta: {
    id: 'seed-not-idempotent',
    defaultSeverity: 'error',
    description: 'Every INSERT in a seed must be safe to run twice.',
    help: 'Add ON CONFLICT (key) DO NOTHING / DO UPDATE, or insert … SELECT … WHERE NOT EXISTS (…).',
    docs: 'docs/rules/seed-not-idempotent.md',
    messages: {
      insertTwice: 'INSERT without ON CONFLICT or NOT EXISTS: the seed fails or duplicates rows when it runs again',
    },
    fixable: false,
  },
  checkFile(file) {
    const findings: RuleFinding[] = [];
    if (file.role !== 'seed') return findings;
    for (const statement of flatten(file.parsed.statements)) {
      if (statement.kind !== 'InsertStmt') continue;
      if (statement.node.onConflictClause !== undefined || /\bNOT\s+EXISTS\b/i.test(statement.text)) continue;
      findings.push({ ...atStatement(statement), messageId: 'insertTwice' });
    }
    return findings;
  },
};

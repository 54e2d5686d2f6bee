/**
 * seed-not-idempotent: an INSERT in a seed without ON CONFLICT or a NOT EXISTS
 * check fails (or duplicates rows) when the seed runs again.
 */

import { flatten } from '../model/seeds.js';
import type { Catalog } from '../model/catalog.js';
import { insertBefore, statementTokens, topLevel } from '../lint/edits.js';
import { atStatement, type FileRule, type FindingPlace, type RuleFinding } from '../lint/types.js';
import type { Fix } from '../report/findings.js';
import { rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import type { SourceText } from '../sql/source.js';

/** Whether the INSERT's table has a primary key or unique constraint (ON CONFLICT DO NOTHING then keeps a second run from adding rows). */
function keyedTable(catalog: Catalog, statement: SqlStatement): boolean {
  const name = rangeVar(statement.node.relation);
  const table = name ? catalog.table(catalog.resolveRelation(name)) : undefined;
  return table?.constraints.some((c) => c.type === 'primary key' || c.type === 'unique') ?? false;
}

/** ON CONFLICT DO NOTHING, before a RETURNING clause or at the end. */
function onConflictDoNothing(source: SourceText, place: FindingPlace): Fix {
  const s = statementTokens(source, place);
  const returning = topLevel(s.tokens, ['RETURNING']);
  return { description: 'add ON CONFLICT DO NOTHING', edits: [returning === -1 ? insertBefore(s, s.tokens.length, ' ON CONFLICT DO NOTHING') : insertBefore(s, returning, 'ON CONFLICT DO NOTHING ')] };
}

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
    fixable: true,
  },
  checkFile(file, { catalog }) {
    const findings: RuleFinding[] = [];
    if (file.role !== 'seed') return findings;
    for (const statement of flatten(file.parsed.statements)) {
      if (statement.kind !== 'InsertStmt') continue;
      if (statement.node.onConflictClause !== undefined || /\bNOT\s+EXISTS\b/i.test(statement.text)) continue;
      const place = atStatement(statement);
      findings.push({ ...place, messageId: 'insertTwice', fix: keyedTable(catalog, statement) ? onConflictDoNothing(file.parsed.source, place) : undefined });
    }
    return findings;
  },
};

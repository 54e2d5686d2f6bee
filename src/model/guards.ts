/**
 * Whether a DDL statement survives a second run of its file: the guards that
 * count are IF NOT EXISTS / OR REPLACE (read by the caller from the node), a
 * prior `DROP … IF EXISTS` of the same object in the file, an enclosing IF
 * that checks the catalog for that object, or an enclosing exception handler
 * for the "already exists" conditions.
 */

import type { Guard } from '../sql/parser.js';

/** Conditions raised when an object already exists (or that catch everything). */
export const duplicateConditions = new Set([
  'duplicate_object',
  'duplicate_table',
  'duplicate_function',
  'duplicate_schema',
  'duplicate_column',
  'duplicate_database',
  'duplicate_alias',
  'unique_violation',
  'invalid_table_definition',
  'others',
]);

export type GuardKind = 'exception' | 'catalog-check';

/** The guard that protects an object named `name` among `guards`, if any. */
export function protectingGuard(guards: Guard[], name: string): GuardKind | undefined {
  const lowered = name.toLowerCase();
  for (const guard of guards) {
    if (guard.kind === 'exception') {
      if (guard.conditions.some((c) => duplicateConditions.has(c))) return 'exception';
      continue;
    }
    if (!guard.negated || guard.catalogs.length === 0) continue;
    const named = guard.literals.length === 0 || guard.literals.some((l) => l.toLowerCase() === lowered || l.toLowerCase().endsWith(`.${lowered}`));
    if (named) return 'catalog-check';
  }
  return undefined;
}

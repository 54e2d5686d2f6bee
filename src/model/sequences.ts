/** Sequences in the model: CREATE SEQUENCE and DROP SEQUENCE (refused while a default's nextval() uses it, unless CASCADE: dependents.ts). */

import { rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, type ObjectRef, sourceOf } from './catalog.js';
import { qualify } from './lookup.js';

export function createSequence(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.sequence);
  if (!rel) return;
  const schema = catalog.creationSchema(rel);
  const k = key(schema, rel.name);
  if (catalog.sequences.has(k)) return;
  catalog.sequences.set(k, { source: sourceOf(statement), changedBy: [], schema, name: rel.name });
  catalog.record('created', 'sequence', k, statement);
}

/** What `DROP SEQUENCE name` drops, when the model has it. */
export function sequenceTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  const sequence = catalog.sequences.get(qualify(catalog.resolveRelation(name)));
  return sequence ? { kind: 'sequence', sequence } : undefined;
}

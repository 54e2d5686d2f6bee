/**
 * Sequences in the model: CREATE SEQUENCE, ALTER SEQUENCE … OWNED BY (a
 * sequence a column owns goes with the column or its table), RENAME and DROP
 * SEQUENCE (refused while a default's nextval() uses it, unless CASCADE:
 * dependents.ts). The sequences of serial and identity columns are the
 * columns' (their default), not sequences of the model.
 */

import { type AstNode, asKind, list, names, str } from '../sql/ast.js';
import { qualifiedParts, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, key, type ObjectRef, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import type { SequenceDef } from './types.js';

/** `OWNED BY t.c` / `OWNED BY NONE` among a CREATE or ALTER SEQUENCE's options. */
function applyOwnedBy(catalog: Catalog, sequence: SequenceDef, node: AstNode): void {
  for (const option of list(node, 'options')) {
    const def = asKind(option, 'DefElem');
    if (str(def, 'defname') !== 'owned_by') continue;
    const parts = names(list(def, 'arg'));
    const column = parts.pop();
    if (parts.length === 0 && column?.toLowerCase() === 'none') {
      catalog.sequenceOwners.delete(sequence);
      continue;
    }
    const table = catalog.table(catalog.resolveRelation(qualifiedParts(parts)));
    const owner = table?.columns.find((c) => c.name === column);
    if (table && owner) catalog.sequenceOwners.set(sequence, owner);
  }
}

export function createSequence(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.sequence);
  if (!rel) return;
  const schema = catalog.creationSchema(rel);
  const k = key(schema, rel.name);
  if (catalog.sequences.has(k)) return;
  const sequence: SequenceDef = { source: sourceOf(statement), changedBy: [], schema, name: rel.name };
  catalog.sequences.set(k, sequence);
  applyOwnedBy(catalog, sequence, statement.node);
  catalog.record('created', 'sequence', k, statement);
}

/** `ALTER SEQUENCE s … OWNED BY …`. */
export function alterSequence(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.sequence);
  const sequence = rel ? catalog.sequences.get(qualify(catalog.resolveRelation(rel))) : undefined;
  if (!sequence) return;
  applyOwnedBy(catalog, sequence, statement.node);
  touch(sequence, statement);
}

/** Moves a sequence to a new name or schema (`ALTER SEQUENCE s RENAME TO t`, `… SET SCHEMA x`). */
export function moveSequence(catalog: Catalog, statement: SqlStatement, rel: { schema?: string; name: string }, to: { schema?: string; name?: string }): void {
  const from = catalog.resolveRelation(rel);
  const sequence = catalog.sequences.get(qualify(from));
  if (!sequence) return;
  catalog.sequences.delete(qualify(from));
  sequence.schema = to.schema ?? sequence.schema;
  sequence.name = to.name ?? sequence.name;
  catalog.sequences.set(qualify(sequence), sequence);
  touch(sequence, statement);
  catalog.record('renamed', 'sequence', qualify(from), statement, qualify(sequence));
}

/** What `DROP SEQUENCE name` drops, when the model has it. */
export function sequenceTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  const sequence = catalog.sequences.get(qualify(catalog.resolveRelation(name)));
  return sequence ? { kind: 'sequence', sequence } : undefined;
}

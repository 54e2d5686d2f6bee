/**
 * Schemas in the model: CREATE SCHEMA (also `AUTHORIZATION role`), ALTER
 * SCHEMA … RENAME, DROP SCHEMA (refused while it holds objects, unless
 * CASCADE) and COMMENT ON SCHEMA, kept apart for schemas no migration creates
 * (`public`).
 */

import { str } from '../sql/ast.js';
import { roleName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, type ObjectRef, sourceOf } from './catalog.js';

export function createSchema(catalog: Catalog, statement: SqlStatement): void {
  const name = str(statement.node, 'schemaname') || roleName(statement.node.authrole);
  if (!name) return;
  const existing = catalog.schemas.get(name);
  if (existing) {
    catalog.claim(existing, statement, 'schema', name);
    return;
  }
  catalog.schemas.set(name, { source: sourceOf(statement), changedBy: [], name });
  catalog.record('created', 'schema', name, statement);
}

/** `ALTER SCHEMA a RENAME TO b`: the objects in it keep their own schema field, as before (their names do not move). */
export function renameSchema(catalog: Catalog, statement: SqlStatement, oldName: string, newName: string): void {
  const schema = catalog.schemas.get(oldName);
  if (!schema) return;
  catalog.schemas.delete(oldName);
  schema.name = newName;
  catalog.schemas.set(newName, schema);
  catalog.record('renamed', 'schema', oldName, statement, newName);
}

/**
 * What `DROP SCHEMA name` drops: the model's schema, or one no migration
 * created (`public`) that holds objects of the model; nothing for a schema the
 * model knows nothing in (an external one).
 */
export function schemaTarget(catalog: Catalog, statement: SqlStatement, name: string): ObjectRef | undefined {
  const schema = catalog.schemas.get(name);
  if (schema) return { kind: 'schema', schema };
  if (catalog.externalSchemas.has(name)) return undefined;
  const holds = (objects: Iterable<{ schema?: string }>) => [...objects].some((o) => o.schema === name);
  if (!holds(catalog.tables.values()) && !holds(catalog.views.values()) && !holds(catalog.types.values()) && !holds(catalog.functions.values()) && !holds(catalog.sequences.values())) return undefined;
  return { kind: 'schema', schema: { source: sourceOf(statement), changedBy: [], name } };
}

/** `COMMENT ON SCHEMA s IS …`: on the schema, or kept by name for a schema no migration creates. */
export function commentSchema(catalog: Catalog, name: string, text: string | undefined): void {
  const schema = catalog.schemas.get(name);
  if (schema) {
    schema.comment = text;
    return;
  }
  if (text === undefined) catalog.schemaComments.delete(name);
  else catalog.schemaComments.set(name, text);
}

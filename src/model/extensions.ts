/** Extensions in the model: CREATE EXTENSION (with its schema) and DROP EXTENSION. */

import { asKind, list, str, stringValue } from '../sql/ast.js';
import type { SqlStatement } from '../sql/parser.js';
import { type Catalog, type ObjectRef, sourceOf } from './catalog.js';

export function createExtension(catalog: Catalog, statement: SqlStatement): void {
  const name = str(statement.node, 'extname');
  if (!name) return;
  const existing = catalog.extensions.get(name);
  if (existing) {
    catalog.claim(existing, statement, 'extension', name);
    return;
  }
  let schema: string | undefined;
  for (const option of list(statement.node, 'options')) {
    const def = asKind(option, 'DefElem');
    if (str(def, 'defname') === 'schema') schema = stringValue(def?.arg);
  }
  catalog.extensions.set(name, { source: sourceOf(statement), changedBy: [], name, schema });
  catalog.record('created', 'extension', name, statement);
}

/** What `DROP EXTENSION name` drops, when the model has it. */
export function extensionTarget(catalog: Catalog, name: string): ObjectRef | undefined {
  const extension = catalog.extensions.get(name);
  return extension ? { kind: 'extension', extension } : undefined;
}

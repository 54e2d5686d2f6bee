/** COMMENT ON schema / table / column / view / type / function: the comment on the model's object (none for one the model does not have). */

import { nameParts, objectArgs } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { commentKind } from '../sql/statements.js';
import { type Catalog, functionKey } from './catalog.js';
import { qualify } from './lookup.js';
import { commentSchema } from './schemas.js';
import type { Provenance } from './types.js';

/** COMMENT ON schema / table / column / view / type / function. */
export function comment(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const text = typeof node.comment === 'string' ? node.comment : undefined;
  const parts = nameParts(node.object);
  const type = commentKind(node);
  const q = (p: string[]) => (p.length >= 2 ? { schema: p[p.length - 2], name: p[p.length - 1] } : { name: p[0] ?? '' });
  let target: { comment?: string } & Provenance | undefined;
  switch (type) {
    case 'schema':
      if (parts[0]) commentSchema(catalog, parts[0], text);
      return;
    case 'table':
    case 'foreign table':
      target = catalog.table(catalog.resolveRelation(q(parts)));
      break;
    case 'view':
    case 'materialized view':
      target = catalog.views.get(qualify(catalog.resolveRelation(q(parts))));
      break;
    case 'column': {
      const column = parts[parts.length - 1];
      const table = catalog.table(catalog.resolveRelation(q(parts.slice(0, -1))));
      target = table?.columns.find((c) => c.name === column);
      break;
    }
    case 'type':
    case 'domain':
      target = catalog.types.get(qualify(catalog.resolveType(q(parts))));
      break;
    case 'function':
    case 'procedure': {
      const { name, args } = objectArgs(node.object);
      const candidates = catalog.findFunctions(name);
      target = args ? catalog.functions.get(functionKey(candidates[0]?.schema ?? catalog.creationSchema(name), name.name, args)) : candidates[0];
      target ??= candidates[0];
      break;
    }
    default:
      return;
  }
  if (!target) return;
  target.comment = text;
}

/** GRANT and REVOKE in the model: who may do what on which objects, as written (the docs list them; nothing is resolved against roles). */

import { asKind, list, str } from '../sql/ast.js';
import { nameParts, objectArgs, rangeVar, roleName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { grantTarget } from '../sql/statements.js';
import { type Catalog, sourceOf } from './catalog.js';
import { qualify } from './lookup.js';

export function grant(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const objects = list(node, 'objects').map((o) => {
    const rel = rangeVar(o);
    if (rel) return qualify(catalog.resolveRelation(rel));
    const owa = asKind(o, 'ObjectWithArgs');
    if (owa) return objectArgs(o).name.name;
    return nameParts(o).join('.');
  });
  const target = grantTarget(node);
  catalog.grants.push({
    grant: target.grant,
    privileges: list(node, 'privileges').map((p) => str(asKind(p, 'AccessPriv'), 'priv_name')).filter(Boolean),
    objectType: target.objectType,
    objects,
    grantees: list(node, 'grantees').map(roleName),
    source: sourceOf(statement),
  });
}

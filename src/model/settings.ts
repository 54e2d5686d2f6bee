/** The search_path as the fold goes: SET / RESET search_path and `SELECT set_config('search_path', …)`. */

import { asKind, constValue, list, str, stringValue } from '../sql/ast.js';
import { qualifiedName } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { variableSetKind } from '../sql/statements.js';
import type { Catalog } from './catalog.js';

export function setSearchPath(catalog: Catalog, schemas: string[]): void {
  const cleaned = schemas.map((s) => s.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  catalog.searchPath = cleaned;
}

export function variableSet(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  if (str(node, 'name') !== 'search_path') return;
  if (variableSetKind(node) === 'reset') {
    catalog.searchPath = [...catalog.defaultSearchPath];
    return;
  }
  setSearchPath(catalog, list(node, 'args').map((a) => String(constValue(a) ?? stringValue(a) ?? '')));
}

/** `SELECT set_config('search_path', '…', …)`: sets the search_path as SET does. */
export function setConfigCalls(catalog: Catalog, statement: SqlStatement): void {
  for (const target of list(statement.node, 'targetList')) {
    const call = asKind(asKind(target, 'ResTarget')?.val, 'FuncCall');
    if (!call) continue;
    const name = qualifiedName(list(call, 'funcname'));
    if (name.name === 'set_config' && constValue(list(call, 'args')[0]) === 'search_path') {
      setSearchPath(catalog, String(constValue(list(call, 'args')[1]) ?? '').split(','));
    }
  }
}

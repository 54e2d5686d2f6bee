/**
 * Types in the model: enums (and ALTER TYPE … ADD VALUE / RENAME VALUE),
 * composite types, domains and ranges; RENAME (columns, attributes and
 * domains of the type follow it: they refer to the type, not to its name)
 * and DROP (columns, functions and domains that use the type block it, or
 * go with it with CASCADE: dependents.ts).
 */

import { asKind, bool, list, names, str } from '../sql/ast.js';
import { expressionText } from '../sql/expr.js';
import { nameParts, qualifiedName, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { constraintKind } from '../sql/statements.js';
import { type Catalog, key, type ObjectRef, sourceOf, touch } from './catalog.js';
import { qualify } from './lookup.js';
import type { Provenance, TypeDef } from './types.js';

function addType(catalog: Catalog, statement: SqlStatement, nameList: unknown[], def: Omit<TypeDef, keyof Provenance | 'schema' | 'name'>): void {
  const q = qualifiedName(nameList);
  const schema = catalog.creationSchema(q);
  const k = key(schema, q.name);
  if (catalog.types.has(k)) return;
  catalog.types.set(k, Object.assign({ source: sourceOf(statement), changedBy: [], schema, name: q.name }, def));
  catalog.record('created', 'type', k, statement);
}

export function createEnum(catalog: Catalog, statement: SqlStatement): void {
  addType(catalog, statement, list(statement.node, 'typeName'), { kind: 'enum', values: names(list(statement.node, 'vals')) });
}

export function alterEnum(catalog: Catalog, statement: SqlStatement): void {
  const type = catalog.types.get(qualify(catalog.resolveType(qualifiedName(list(statement.node, 'typeName')))));
  if (!type || type.kind !== 'enum') return;
  const values = type.values ?? [];
  const oldVal = str(statement.node, 'oldVal');
  const newVal = str(statement.node, 'newVal');
  if (oldVal) {
    type.values = values.map((v) => (v === oldVal ? newVal : v));
  } else if (!values.includes(newVal)) {
    const neighbor = str(statement.node, 'newValNeighbor');
    const at = neighbor ? values.indexOf(neighbor) : -1;
    if (at === -1) values.push(newVal);
    else values.splice(bool(statement.node, 'newValIsAfter') ? at + 1 : at, 0, newVal);
    type.values = values;
  }
  touch(type, statement);
  catalog.record('changed', 'type', qualify(type), statement);
}

export function createComposite(catalog: Catalog, statement: SqlStatement): void {
  const rel = rangeVar(statement.node.typevar);
  if (!rel) return;
  const attributes = list(statement.node, 'coldeflist').map((c) => {
    const col = asKind(c, 'ColumnDef');
    return { name: str(col, 'colname'), type: catalog.formatType(col?.typeName) };
  });
  addType(catalog, statement, rel.schema ? [{ String: { sval: rel.schema } }, { String: { sval: rel.name } }] : [{ String: { sval: rel.name } }], { kind: 'composite', attributes });
}

export function createDomain(catalog: Catalog, statement: SqlStatement): void {
  const checks: string[] = [];
  let notNull = false;
  for (const c of list(statement.node, 'constraints')) {
    const con = asKind(c, 'Constraint');
    if (constraintKind(con) === 'check') checks.push(expressionText(statement, con?.raw_expr) ?? '');
    if (constraintKind(con) === 'not null') notNull = true;
  }
  addType(catalog, statement, list(statement.node, 'domainname'), { kind: 'domain', baseType: catalog.formatType(statement.node.typeName), notNull, checks });
}

export function createRange(catalog: Catalog, statement: SqlStatement): void {
  addType(catalog, statement, list(statement.node, 'typeName'), { kind: 'range' });
}

/** Moves a type to a new name or schema; columns, attributes and domains of it follow (they refer to the type, not to its name). */
function moveType(catalog: Catalog, statement: SqlStatement, object: unknown, to: (type: TypeDef) => { schema: string; name: string }): void {
  const from = catalog.resolveType(qualifiedName(nameParts(object).map((s) => ({ String: { sval: s } }))));
  const typeDef = catalog.types.get(qualify(from));
  if (!typeDef) return;
  const target = to(typeDef);
  catalog.types.delete(qualify(from));
  typeDef.schema = target.schema;
  typeDef.name = target.name;
  catalog.types.set(qualify(typeDef), typeDef);
  catalog.renameTypeReferences(qualify(from), qualify(typeDef));
  catalog.record('renamed', 'type', qualify(from), statement, qualify(typeDef));
}

/** `ALTER TYPE | DOMAIN t RENAME TO u`. */
export function renameType(catalog: Catalog, statement: SqlStatement, object: unknown, newName: string): void {
  moveType(catalog, statement, object, (type) => ({ schema: type.schema, name: newName }));
}

/** `ALTER TYPE | DOMAIN t SET SCHEMA s`. */
export function setTypeSchema(catalog: Catalog, statement: SqlStatement, object: unknown, schema: string): void {
  moveType(catalog, statement, object, (type) => ({ schema, name: type.name }));
}

/** What `DROP TYPE | DOMAIN name` drops, when the model has it. */
export function typeTarget(catalog: Catalog, name: { schema?: string; name: string }): ObjectRef | undefined {
  const type = catalog.types.get(qualify(catalog.resolveType(name)));
  return type ? { kind: 'type', type } : undefined;
}

/**
 * Names and types as they appear in the AST, turned into plain strings:
 * RangeVar → {schema, name}, qualified name lists, TypeName → SQL type text,
 * RoleSpec → role name, and enum-ish fields with their omitted defaults.
 */

import { type AstNode, asKind, child, constValue, isObject, list, names, num, str, stringValue } from './ast.js';

export interface QualifiedName {
  schema?: string;
  name: string;
}

/** A bare RangeVar (or a wrapped one) as {schema, name}. */
export function rangeVar(value: unknown): QualifiedName | undefined {
  const node = asKind(value, 'RangeVar') ?? (isObject(value) && 'relname' in value ? value : undefined);
  if (!node) return undefined;
  const schema = str(node, 'schemaname');
  return { schema: schema || undefined, name: str(node, 'relname') };
}

/** `[schema, name]` or `[name]` String lists as a qualified name. */
export function qualifiedName(items: unknown[]): QualifiedName {
  return qualifiedParts(names(items));
}

/** The last two of a name's parts as {schema, name} (`[…, schema, name]` or `[name]`). */
export function qualifiedParts(parts: string[]): QualifiedName {
  if (parts.length >= 2) return { schema: parts[parts.length - 2], name: parts[parts.length - 1] };
  return { name: parts[0] ?? '' };
}

/** Every part of a `List` of strings (as used by DROP and COMMENT objects). */
export function nameParts(value: unknown): string[] {
  const l = asKind(value, 'List');
  if (l) return names(list(l, 'items'));
  const s = stringValue(value);
  if (s !== undefined) return [s];
  const tn = asKind(value, 'TypeName');
  if (tn) return names(list(tn, 'names'));
  const owa = asKind(value, 'ObjectWithArgs');
  if (owa) return names(list(owa, 'objname'));
  return [];
}

const builtinTypeNames: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
  timestamptz: 'timestamptz',
  timestamp: 'timestamp',
  timetz: 'timetz',
  time: 'time',
  interval: 'interval',
  numeric: 'numeric',
};

/** SQL text of a TypeName (wrapped or bare), e.g. `varchar(20)`, `clinic.status[]`. */
export function typeNameText(value: unknown): string {
  const node = asKind(value, 'TypeName') ?? (isObject(value) ? value : undefined);
  if (!node) return '';
  const parts = names(list(node, 'names'));
  let base: string;
  if (parts.length === 2 && parts[0] === 'pg_catalog') base = builtinTypeNames[parts[1]] ?? parts[1];
  else base = parts.join('.');
  if (bool(node, 'setof')) base = `setof ${base}`;
  const mods = list(node, 'typmods')
    .map((m) => constValue(m))
    .filter((v) => v !== undefined && v !== null);
  if (mods.length > 0 && !(parts[1] === 'interval')) base += `(${mods.join(',')})`;
  if (list(node, 'arrayBounds').length > 0) base += '[]'.repeat(list(node, 'arrayBounds').length);
  if (node.pct_type === true) base += '%type';
  return base;
}

/** Interval field masks (INTERVAL_MASK of datetime.h) as intervaltypmodout prints them. */
const intervalFields = new Map<number, string>([
  [1 << 2, ' year'],
  [1 << 1, ' month'],
  [1 << 3, ' day'],
  [1 << 10, ' hour'],
  [1 << 11, ' minute'],
  [1 << 12, ' second'],
  [(1 << 2) | (1 << 1), ' year to month'],
  [(1 << 3) | (1 << 10), ' day to hour'],
  [(1 << 3) | (1 << 10) | (1 << 11), ' day to minute'],
  [(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), ' day to second'],
  [(1 << 10) | (1 << 11), ' hour to minute'],
  [(1 << 10) | (1 << 11) | (1 << 12), ' hour to second'],
  [(1 << 11) | (1 << 12), ' minute to second'],
]);
const intervalFullPrecision = 0xffff;

const serialTypes: Record<string, string> = { smallserial: 'smallint', serial2: 'smallint', serial: 'integer', serial4: 'integer', bigserial: 'bigint', serial8: 'bigint' };

/** A builtin type by its internal name (`pg_catalog.int4`, or written unqualified) as format_type prints it with these type modifiers; undefined when it is no type format_type spells specially. */
function builtinTypeText(name: string, mods: number[]): string | undefined {
  const length = mods.length > 0 ? `(${mods.join(',')})` : '';
  switch (name) {
    case 'bit':
      return `bit${length}`;
    case 'varbit':
      return `bit varying${length}`;
    case 'bool':
      return 'boolean';
    case 'bpchar':
      return mods.length > 0 ? `character${length}` : 'bpchar';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'numeric':
      return mods.length === 0 ? 'numeric' : `numeric(${mods[0]},${mods[1] ?? 0})`;
    case 'time':
      return `time${length} without time zone`;
    case 'timetz':
      return `time${length} with time zone`;
    case 'timestamp':
      return `timestamp${length} without time zone`;
    case 'timestamptz':
      return `timestamp${length} with time zone`;
    case 'varchar':
      return `character varying${length}`;
    case 'interval': {
      const fields = mods.length > 0 ? (intervalFields.get(mods[0]) ?? '') : '';
      const precision = mods.length > 1 && mods[1] !== intervalFullPrecision ? `(${mods[1]})` : '';
      return `interval${fields}${precision}`;
    }
    default:
      return undefined;
  }
}

/**
 * A TypeName as Postgres' format_type prints the column type it makes:
 * `TIMESTAMP(3)` is `timestamp(3) without time zone`, `varchar(20)` is
 * `character varying(20)`, `int[][]` is `integer[]`, `serial` is `integer`,
 * `numeric(10)` is `numeric(10,0)`, `"char"` keeps its quotes. A type that is
 * no builtin is `qualify(parts)` when given (the model names its own types by
 * schema), else as written.
 */
export function formatType(value: unknown, qualify?: (parts: string[]) => string | undefined): string {
  const node = asKind(value, 'TypeName') ?? (isObject(value) ? value : undefined);
  if (!node) return '';
  const parts = names(list(node, 'names'));
  const mods = list(node, 'typmods')
    .map((m) => constValue(m))
    .filter((v): v is number => typeof v === 'number');
  const internal = parts.length === 2 && parts[0] === 'pg_catalog' ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  let base: string;
  if (parts.length === 1 && parts[0] === 'char') base = '"char"'; // the keyword char is pg_catalog.bpchar
  else if (internal !== undefined && serialTypes[internal] && parts.length === 1) base = serialTypes[internal];
  else base = (internal !== undefined ? builtinTypeText(internal, mods) : undefined) ?? `${qualify?.(parts) ?? parts.join('.')}${mods.length > 0 ? `(${mods.join(',')})` : ''}`;
  if (list(node, 'arrayBounds').length > 0) base += '[]';
  if (node.pct_type === true) base += '%type';
  if (bool(node, 'setof')) base = `setof ${base}`;
  return base;
}

function bool(node: AstNode, field: string): boolean {
  return node[field] === true;
}

/** Role name of a RoleSpec (`public`, `current_user`, …). */
export function roleName(value: unknown): string {
  const node = asKind(value, 'RoleSpec');
  if (!node) return '';
  switch (str(node, 'roletype')) {
    case 'ROLESPEC_PUBLIC':
      return 'public';
    case 'ROLESPEC_CURRENT_USER':
      return 'current_user';
    case 'ROLESPEC_SESSION_USER':
      return 'session_user';
    case 'ROLESPEC_CURRENT_ROLE':
      return 'current_role';
    default:
      return str(node, 'rolename');
  }
}

/** The name and argument types (as format_type spells them) of an ObjectWithArgs, wrapped or bare. */
export function objectArgs(value: unknown): { name: QualifiedName; args: string[] | undefined } {
  // Wrapped in DROP's object lists, bare where the field is typed (AlterFunctionStmt.func).
  const node = asKind(value, 'ObjectWithArgs') ?? (isObject(value) && 'objname' in value ? value : undefined);
  const name = qualifiedName(list(node, 'objname'));
  if (!node || node.args_unspecified === true) return { name, args: undefined };
  return { name, args: list(node, 'objargs').map((t) => formatType(t)) };
}

/** A DefElem list as a map of option name → node. */
export function defElems(items: unknown[]): Map<string, AstNode> {
  const out = new Map<string, AstNode>();
  for (const item of items) {
    const def = asKind(item, 'DefElem');
    if (def) out.set(str(def, 'defname'), def);
  }
  return out;
}

/** A DefElem's argument as text (string, number, boolean, or a list of those). */
export function defElemValue(def: AstNode | undefined): string | boolean | undefined {
  if (!def) return undefined;
  const arg = def.arg;
  if (arg === undefined) return true;
  const s = stringValue(arg);
  if (s !== undefined) return s;
  const b = asKind(arg, 'Boolean');
  if (b) return b.boolval === true;
  const i = asKind(arg, 'Integer');
  if (i) return String(num(i, 'ival'));
  const f = asKind(arg, 'Float');
  if (f) return str(f, 'fval');
  const items = list(def, 'arg');
  if (items.length > 0) return items.map((x) => stringValue(x) ?? '').join(', ');
  const tn = asKind(arg, 'TypeName');
  if (tn) return typeNameText(tn);
  return undefined;
}

export { child };

/** Postgres' reserved key words (Appendix C, "reserved" and "reserved (can be function or type)"): an identifier spelled as one needs quotes. */
const reservedWords = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross ' +
    'current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except false ' +
    'fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime ' +
    'localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar some ' +
    'symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'
  ).split(' '),
);

/** An identifier as quote_ident() spells it: bare when it is lower case, starts with a letter or _, and is no reserved word; else in double quotes. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !reservedWords.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

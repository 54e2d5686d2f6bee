/** Type names as both sides of the cross-check spell them: the model's (format_type style, or as written) and Postgres' format_type. */

const typeAliases: Record<string, string> = {
  'character varying': 'varchar',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  character: 'char',
  bpchar: 'char',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  bool: 'boolean',
  float8: 'double precision',
  float4: 'real',
  decimal: 'numeric',
};

/** A type name both sides agree on: no schema, aliases folded, spaces normalised. */
export function normaliseType(type: string): string {
  let t = type.toLowerCase().replace(/"/g, '').replace(/\s+/g, ' ').trim();
  const array = t.endsWith('[]');
  t = t.replace(/(\[\])+$/, '');
  const mods = /\(([^)]*)\)$/.exec(t);
  let base = (mods ? t.slice(0, mods.index) : t).trim();
  base = base.split('.').pop() ?? base;
  base = typeAliases[base] ?? base;
  const modText = mods ? `(${mods[1].replace(/\s+/g, '')})` : '';
  return `${base}${base === 'char' && !modText ? '(1)' : modText}${array ? '[]' : ''}`;
}

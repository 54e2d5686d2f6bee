/**
 * A JSON Schema checker for the keywords the specs in ../shared/specs use
 * ($ref into $defs, type, properties, required, additionalProperties, items,
 * anyOf, enum): enough to hold an export to a published schema without a
 * validator dependency. Returns every violation as `path: what`.
 */

type Schema = Record<string, unknown>;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;

export function violations(root: Schema, value: unknown): string[] {
  const out: string[] = [];
  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const parts = ref.replace(/^#\//, '').split('/');
    let target: unknown = root;
    for (const part of parts) target = (target as Schema)[part];
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return resolve(target as Schema);
  };
  const check = (schemaIn: Schema, v: unknown, at: string): void => {
    const schema = resolve(schemaIn);
    if (Array.isArray(schema.anyOf)) {
      if (!schema.anyOf.some((s) => { const before = out.length; check(s as Schema, v, at); const ok = out.length === before; out.length = before; return ok; })) out.push(`${at}: matches none of anyOf`);
      return;
    }
    const type = schema.type;
    if (typeof type === 'string') {
      const actual = typeOf(v);
      if (actual !== type && !(type === 'number' && actual === 'integer')) {
        out.push(`${at}: expected ${type}, found ${actual}`);
        return;
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeOf(v) === 'object') {
      const object = v as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in object)) out.push(`${at}: missing required ${key}`);
      for (const [key, item] of Object.entries(object)) {
        if (properties[key]) check(properties[key], item, `${at}.${key}`);
        else if (schema.additionalProperties === false) out.push(`${at}: property ${key} is not allowed`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, item, `${at}.${key}`);
      }
    }
    if (Array.isArray(v) && schema.items) v.forEach((item, i) => check(schema.items as Schema, item, `${at}[${i}]`));
  };
  check(root, value, '$');
  return out;
}

/**
 * Reading libpg-query's JSON AST without tripping on its quirks.
 *
 * - Nodes come wrapped (`{"CreateStmt": {...}}`) in lists and fields typed as
 *   `Node`, and bare where the field has a concrete type (`relation: {relname}`).
 * - Zero-valued fields are omitted: `false`, `0`, `""` and empty lists simply
 *   are not there, so every read here has a default.
 *
 * Code outside `src/sql/` reads the AST only through these helpers.
 */

export type AstNode = { [field: string]: unknown };

/** A wrapped node split into its type name and its fields. */
export interface Unwrapped {
  kind: string;
  node: AstNode;
}

export function isObject(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"Kind": {...}}` → `{kind: "Kind", node: {...}}`; anything else → undefined. */
export function unwrap(value: unknown): Unwrapped | undefined {
  if (!isObject(value)) return undefined;
  let kind: string | undefined;
  for (const key in value) {
    if (kind !== undefined) return undefined; // more than one field: a bare node
    kind = key;
  }
  if (kind === undefined) return undefined;
  const first = kind.charCodeAt(0);
  if (first < 65 || first > 90) return undefined; // node kinds start with A–Z
  const node = value[kind];
  return isObject(node) ? { kind, node } : { kind, node: {} };
}

/** The inner node if `value` is a wrapped node of `kind`. */
export function asKind(value: unknown, kind: string): AstNode | undefined {
  const u = unwrap(value);
  return u && u.kind === kind ? u.node : undefined;
}

/** A node of `kind` whether the field holds it wrapped (`{Kind: {...}}`) or bare (`{...}`). */
export function kindOrBare(value: unknown, kind: string): AstNode | undefined {
  const wrapped = asKind(value, kind);
  if (wrapped) return wrapped;
  return isObject(value) && !unwrap(value) ? value : undefined;
}

export function child(node: AstNode | undefined, field: string): AstNode | undefined {
  const value = node?.[field];
  return isObject(value) ? value : undefined;
}

export function list(node: AstNode | undefined, field: string): unknown[] {
  const value = node?.[field];
  if (Array.isArray(value)) return value;
  // A `List` node wrapping items, as some fields carry.
  const inner = asKind(value, 'List');
  if (inner && Array.isArray(inner.items)) return inner.items;
  return [];
}

export function str(node: AstNode | undefined, field: string): string {
  const value = node?.[field];
  return typeof value === 'string' ? value : '';
}

export function num(node: AstNode | undefined, field: string): number {
  const value = node?.[field];
  return typeof value === 'number' ? value : 0;
}

export function bool(node: AstNode | undefined, field: string): boolean {
  return node?.[field] === true;
}

/** A `location` field, or undefined when absent or -1. */
export function location(node: AstNode | undefined): number | undefined {
  const value = node?.location;
  if (typeof value === 'number') return value >= 0 ? value : undefined;
  // An omitted location is the zero that libpg-query leaves out.
  return node ? 0 : undefined;
}

/** The string of a `String` node (`{String: {sval}}`), or of `A_Star` as `*`. */
export function stringValue(value: unknown): string | undefined {
  const s = asKind(value, 'String');
  if (s) return str(s, 'sval');
  if (asKind(value, 'A_Star')) return '*';
  return undefined;
}

/** A list of `String` nodes as plain strings (names, qualified names). */
export function names(items: unknown[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const s = stringValue(item);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** Constant value of an `A_Const` (wrapped or bare). */
export function constValue(value: unknown): string | number | boolean | null | undefined {
  const c = asKind(value, 'A_Const') ?? (isObject(value) && ('sval' in value || 'ival' in value || 'isnull' in value || 'boolval' in value || 'fval' in value) ? value : undefined);
  if (!c) return undefined;
  if (bool(c, 'isnull')) return null;
  if (isObject(c.sval)) return str(c.sval, 'sval');
  if (isObject(c.ival)) return num(c.ival, 'ival');
  if (isObject(c.fval)) return str(c.fval, 'fval');
  if (isObject(c.boolval)) return bool(c.boolval, 'boolval');
  if (isObject(c.bsval)) return str(c.bsval, 'bsval');
  // `ival: {}` is the integer 0 with its field omitted.
  if ('ival' in c) return 0;
  return undefined;
}

/** Visits every wrapped node under `root` (depth first, parents before children). */
export function walk(root: unknown, visit: (kind: string, node: AstNode) => void | false): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (!isObject(value)) continue;
    const u = unwrap(value);
    if (u) {
      if (visit(u.kind, u.node) === false) continue;
      pushFields(stack, u.node);
    } else pushFields(stack, value);
  }
}

function pushFields(stack: unknown[], node: AstNode): void {
  const values = Object.values(node);
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (typeof v === 'object' && v !== null) stack.push(v);
  }
}

/** Smallest and largest `location` found anywhere under `root`. */
export function locationRange(root: unknown): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isObject(value)) continue;
    for (const key in value) {
      const v = value[key];
      if (key === 'location' && typeof v === 'number' && v >= 0) {
        if (v < min) min = v;
        if (v > max) max = v;
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return min === Infinity ? undefined : { min, max };
}

/**
 * What Postgres has built, read from pg_catalog at one moment: the tables
 * (kind, row level security, partition parent and bound) with their columns
 * and constraints, and the indexes, triggers and policies of the user's
 * schemas. Replay reads it after the set-up (what the migrations did not
 * make), after the first pass (compared with the model, compare.ts) and after
 * the second (compared with the first, rerun.ts).
 */

import type { ReplayDatabase } from './database.js';
import { normaliseType } from './type-names.js';

export interface ColumnState {
  /** As format_type prints it. */
  type: string;
  notNull: boolean;
}

export interface TableState {
  schema: string;
  name: string;
  rls: boolean;
  forced: boolean;
  /** `schema.name` of the partitioned table this one is a partition of. */
  parent?: string;
  /** The partition bound as pg_get_expr prints it. */
  bound?: string;
  columns: Map<string, ColumnState>;
  /** Constraint kind by name (primary key, foreign key, unique, check, exclusion); inherited ones left out. */
  constraints: Map<string, string>;
}

export interface CatalogState {
  /** By `schema.name`. */
  tables: Map<string, TableState>;
  /** By `schema.table.name`: whether the trigger is enabled. */
  triggers: Map<string, { schema: string; table: string; name: string; enabled: boolean }>;
  /** By `schema.table.name`. */
  policies: Map<string, { schema: string; table: string; name: string; command: string }>;
  /** By `schema.name`: views and materialized views. */
  views: Map<string, { schema: string; name: string; materialized: boolean }>;
  /** By `schema.name`: enums, domains, ranges and composite types that are no table's row type. */
  types: Map<string, { schema: string; name: string }>;
  /** By `schema.name(argument types)` (input arguments): functions and procedures, but those a type makes for itself (a range's constructors). */
  functions: Map<string, { schema: string; name: string; kind: 'function' | 'procedure'; args: string[] }>;
  /** By `schema.name`: sequences, and whether a column owns them (serial, identity, OWNED BY). */
  sequences: Map<string, { schema: string; name: string; owned: boolean }>;
  /** By `schema.name`: indexes that back no primary key, unique or exclusion constraint of their table, and are no partition's copy (a foreign key's referenced index counts as an index). */
  indexes: Map<string, { schema: string; name: string; table: string }>;
}

/** The kinds of object a CatalogState holds, each a map by key. */
export const stateKinds = ['tables', 'indexes', 'triggers', 'policies', 'views', 'types', 'functions', 'sequences'] as const;
export type StateKind = (typeof stateKinds)[number];

/** A CatalogState whose every map is `make(kind)`. */
export function buildState(make: (kind: StateKind) => Map<string, unknown>): CatalogState {
  return Object.fromEntries(stateKinds.map((kind) => [kind, make(kind)])) as unknown as CatalogState;
}

const contypes: Record<string, string> = { p: 'primary key', f: 'foreign key', u: 'unique', c: 'check', x: 'exclusion' };

/** SQL: the schema is the user's, not one Postgres owns. */
const userSchema = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

type Row = Record<string, unknown>;

/** SQL: the object is no member of an extension (CREATE EXTENSION made it, not the migrations). */
const notExtensionMember = (oid: string, catalog: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

export const objectKey = (...parts: unknown[]): string => parts.map(String).join('.');

/** A function's key: `schema.name(type, type)` over its input arguments, the types spelled alike for the model and Postgres (normaliseType). */
export function functionStateKey(schema: string, name: string, args: string[]): string {
  return `${schema}.${name}(${args.map(normaliseType).join(', ')})`;
}

/** The catalog of every user schema. */
export async function readCatalogState(db: ReplayDatabase): Promise<CatalogState> {
  const tables = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
            pn.nspname AS parent_schema, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
       LEFT JOIN pg_class p ON p.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${userSchema} AND ${notExtensionMember('c.oid', 'pg_class')}`,
  );
  const columns = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${userSchema}
      ORDER BY a.attnum`,
  );
  const constraints = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype AS type
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype IN ('p', 'f', 'u', 'c', 'x') AND ${userSchema} AND k.conparentid = 0`,
  );
  const triggers = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${userSchema}`,
  );
  const policies = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table, p.polname AS name,
            CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'all' END AS cmd
       FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${userSchema}`,
  );
  const indexes = await db.query<Row>(
    `SELECT n.nspname AS schema, ic.relname AS name, c.relname AS table
       FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE ${userSchema} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = x.indexrelid)`,
  );

  const views = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND ${userSchema} AND ${notExtensionMember('c.oid', 'pg_class')}`,
  );
  const types = await db.query<Row>(
    `SELECT n.nspname AS schema, t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype IN ('e', 'd', 'r', 'c') AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
        AND ${notExtensionMember('t.oid', 'pg_type')} AND ${userSchema}`,
  );
  const functions = await db.query<Row>(
    `SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind, ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) AS t) AS args
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prokind IN ('f', 'p') AND ${userSchema} AND ${notExtensionMember('p.oid', 'pg_proc')}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')`,
  );
  const sequences = await db.query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name,
            EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')) AS owned
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${userSchema} AND ${notExtensionMember('c.oid', 'pg_class')}`,
  );
  const state: CatalogState = { tables: new Map(), triggers: new Map(), policies: new Map(), indexes: new Map(), views: new Map(), types: new Map(), functions: new Map(), sequences: new Map() };
  for (const f of functions) {
    const args = (Array.isArray(f.args) ? f.args : []).map(String);
    state.functions.set(functionStateKey(String(f.schema), String(f.name), args), { schema: String(f.schema), name: String(f.name), kind: f.kind === 'p' ? 'procedure' : 'function', args });
  }
  for (const q of sequences) state.sequences.set(objectKey(q.schema, q.name), { schema: String(q.schema), name: String(q.name), owned: Boolean(q.owned) });
  for (const v of views) state.views.set(objectKey(v.schema, v.name), { schema: String(v.schema), name: String(v.name), materialized: v.kind === 'm' });
  for (const t of types) state.types.set(objectKey(t.schema, t.name), { schema: String(t.schema), name: String(t.name) });
  for (const t of tables) {
    const table: TableState = { schema: String(t.schema), name: String(t.name), rls: Boolean(t.rls), forced: Boolean(t.forced), columns: new Map(), constraints: new Map() };
    if (t.parent) {
      table.parent = objectKey(t.parent_schema, t.parent);
      table.bound = String(t.bound);
    }
    state.tables.set(objectKey(t.schema, t.name), table);
  }
  for (const c of columns) state.tables.get(objectKey(c.schema, c.table))?.columns.set(String(c.name), { type: String(c.type), notNull: Boolean(c.notnull) });
  for (const c of constraints) state.tables.get(objectKey(c.schema, c.table))?.constraints.set(String(c.name), contypes[String(c.type)] ?? String(c.type));
  for (const t of triggers) state.triggers.set(objectKey(t.schema, t.table, t.name), { schema: String(t.schema), table: String(t.table), name: String(t.name), enabled: t.enabled !== 'D' });
  for (const p of policies) state.policies.set(objectKey(p.schema, p.table, p.name), { schema: String(p.schema), table: String(p.table), name: String(p.name), command: String(p.cmd) });
  for (const i of indexes) state.indexes.set(objectKey(i.schema, i.name), { schema: String(i.schema), name: String(i.name), table: String(i.table) });
  return state;
}

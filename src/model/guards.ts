/**
 * Whether a DDL statement survives a second run of its file, for the model
 * (a trigger's `guarded`) and the rerunnable-ddl rule alike (`guardOf`). The
 * guards that count are IF NOT EXISTS / OR REPLACE (read by the caller from
 * the statement), a prior `DROP … IF EXISTS` in the file of the object (or of
 * its schema with CASCADE, or of its table), an enclosing IF that checks the
 * catalog for that object, or an enclosing exception handler for the "already
 * exists" conditions.
 */

import { nameParts } from '../sql/names.js';
import type { Guard, SqlStatement } from '../sql/parser.js';
import { alterTableCommands, dropRecord, type ObjectKind } from '../sql/statements.js';

/** Conditions raised when an object already exists (or that catch everything). */
export const duplicateConditions = new Set([
  'duplicate_object',
  'duplicate_table',
  'duplicate_function',
  'duplicate_schema',
  'duplicate_column',
  'duplicate_database',
  'duplicate_alias',
  'unique_violation',
  'invalid_table_definition',
  'others',
]);

export type GuardKind = 'exception' | 'catalog-check';

/** The guard that protects an object named `name` among `guards`, if any. */
export function protectingGuard(guards: Guard[], name: string): GuardKind | undefined {
  const lowered = name.toLowerCase();
  for (const guard of guards) {
    if (guard.kind === 'exception') {
      if (guard.conditions.some((c) => duplicateConditions.has(c))) return 'exception';
      continue;
    }
    if (!guard.negated || guard.catalogs.length === 0) continue;
    const named = guard.literals.length === 0 || guard.literals.some((l) => l.toLowerCase() === lowered || l.toLowerCase().endsWith(`.${lowered}`));
    if (named) return 'catalog-check';
  }
  return undefined;
}

/** The kinds a prior DROP … IF EXISTS is matched by: a domain is a type, a procedure or routine a function. */
export type DroppableKind = Exclude<ObjectKind, 'domain' | 'procedure' | 'routine' | 'table constraint'> | 'constraint';

function droppableKind(kind: ObjectKind): DroppableKind {
  if (kind === 'domain') return 'type';
  if (kind === 'procedure' || kind === 'routine') return 'function';
  if (kind === 'table constraint') return 'constraint';
  return kind;
}

/** An object a statement drops with IF EXISTS (`DROP … IF EXISTS`, `ALTER TABLE … DROP CONSTRAINT IF EXISTS`). */
export interface IfExistsDrop {
  kind: DroppableKind;
  /** The object's own name (the last part of what is written). */
  name: string;
  /** For a trigger or policy: its table as written (`[schema, ]table`). */
  table?: { schema?: string; name: string };
  cascade: boolean;
}

/** What `statement` drops with IF EXISTS. */
export function ifExistsDrops(statement: SqlStatement): IfExistsDrop[] {
  if (statement.kind === 'DropStmt') {
    const drop = dropRecord(statement.node);
    if (!drop.ifExists) return [];
    const kind = droppableKind(drop.kind);
    return drop.objects.map((object) => {
      const parts = nameParts(object);
      const dropped: IfExistsDrop = { kind, name: parts[parts.length - 1] ?? '', cascade: drop.cascade };
      if (kind === 'trigger' || kind === 'policy') dropped.table = parts.length >= 3 ? { schema: parts[0], name: parts[1] } : { name: parts[0] ?? '' };
      return dropped;
    });
  }
  if (statement.kind === 'AlterTableStmt') {
    return alterTableCommands(statement.node).flatMap((cmd) => (cmd.action === 'drop constraint' && cmd.ifExists ? [{ kind: 'constraint' as const, name: cmd.name, cascade: cmd.cascade }] : []));
  }
  return [];
}

/** A table resolved to its schema (the model resolves names on the search path; the rule keeps them as written). */
export type ResolveTable = (table: { schema?: string; name: string }) => { schema?: string; name: string };

/** The objects a file has dropped with IF EXISTS so far: what a later CREATE in the file can count on. */
export class DropLedger {
  /** By `kind:name`: the tables of the dropped triggers and policies (resolved when a resolver was given), undefined for other kinds. */
  private readonly drops = new Map<string, Array<{ schema?: string; name: string } | undefined>>();
  private readonly schemasCascaded = new Set<string>();

  /** Notes the IF EXISTS drops of `statement`, each trigger's or policy's table resolved with `resolve` when given. */
  note(statement: SqlStatement, resolve?: ResolveTable): void {
    if (statement.kind !== 'DropStmt' && statement.kind !== 'AlterTableStmt') return;
    for (const drop of ifExistsDrops(statement)) {
      const key = `${drop.kind}:${drop.name}`;
      const tables = this.drops.get(key) ?? [];
      tables.push(resolve && drop.table ? resolve(drop.table) : undefined);
      this.drops.set(key, tables);
      if (drop.kind === 'schema' && drop.cascade) this.schemasCascaded.add(drop.name);
    }
  }

  /** Whether `kind name` was dropped with IF EXISTS (on `table`, when given: a trigger or policy is dropped from one table). */
  dropped(kind: DroppableKind, name: string, table?: { schema?: string; name: string }): boolean {
    const tables = this.drops.get(`${kind}:${name}`);
    if (!tables) return false;
    return !table || tables.some((t) => t?.schema === table.schema && t?.name === table.name);
  }

  /** Whether the schema was dropped with IF EXISTS … CASCADE (its contents with it). */
  droppedSchema(schema: string): boolean {
    return this.schemasCascaded.has(schema);
  }
}

/** What a statement creates, as the guard analysis needs it. */
export interface Creation {
  kind: DroppableKind | 'column' | 'enum value';
  name: string;
  /** The schema written in the statement (of the object or of its table). */
  schema?: string;
  /** The table the object belongs to (triggers, policies, indexes, constraints, columns), as written. */
  table?: string;
}

/** Why a creation survives a second run of its file, if it does. */
export type Protection = 'dropped first' | 'schema dropped' | 'table dropped' | 'dropped dynamically' | GuardKind;

/**
 * What protects `creation` (made by `statement`) against a second run of its
 * file, given what the file dropped before it; undefined when nothing does.
 * IF NOT EXISTS and OR REPLACE are the caller's to read.
 */
export function guardOf(statement: SqlStatement, creation: Creation, ledger: DropLedger, table?: { schema?: string; name: string }): Protection | undefined {
  if (creation.kind !== 'column' && creation.kind !== 'enum value' && ledger.dropped(creation.kind, creation.name, table)) return 'dropped first';
  if (creation.schema && ledger.droppedSchema(creation.schema)) return 'schema dropped';
  if (creation.table && creation.kind !== 'table' && ledger.dropped('table', creation.table)) return 'table dropped';
  if (creation.kind === 'constraint' && droppedDynamically(statement, creation.table)) return 'dropped dynamically';
  return protectingGuard(statement.guards, creation.name);
}

/**
 * A constraint added inside a DO block after the block builds and EXECUTEs a
 * `DROP CONSTRAINT` for the same table (the name is read from the catalog):
 * the drop cannot be seen statically, so the ADD is given the benefit of the doubt.
 */
function droppedDynamically(statement: SqlStatement, table: string | undefined): boolean {
  const container = statement.container;
  if (!container || !table) return false;
  const before = container.scope.source.text.slice(container.start.offset, statement.start.offset);
  return /\bDROP\s+CONSTRAINT\b/i.test(before) && before.includes(table) && /\bEXECUTE\s+(?!')/i.test(before);
}

/** Per-file state the fold keeps: objects dropped with IF EXISTS earlier in the file. */
export interface FileState {
  drops: DropLedger;
}

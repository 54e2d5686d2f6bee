/**
 * The model for other tools (`pgscribe export`): tbls' schema.json (the
 * document `tbls doc json://…` reads, and what the `tbls-driver-pgscribe`
 * bin prints for a `pgscribe://PATH` DSN) and DBML for dbdiagram.io. Both
 * are made from the model alone, in the model's order, so the same
 * migrations give the same bytes. Definitions are spelled as Postgres'
 * pg_get_*def functions spell them, as far as the model knows them.
 */

import { columnList, constraintDef, functionArguments, indexDef, qualified, referencedColumns, triggerDef } from '../model/definitions.js';
import { lookup, qualify } from '../model/lookup.js';
import type { ColumnDef, ConstraintDef, IndexDef, Model, ObjectName, TableDef, ViewDef } from '../model/types.js';
import { quoteIdent } from '../sql/names.js';

/** tbls' schema.json, as its JSON Schema (spec/tbls.schema.json_schema.json) has it: the parts pgscribe fills. */
export interface TblsSchema {
  name: string;
  tables: TblsTable[];
  relations: TblsRelation[];
  functions: Array<{ name: string; return_type: string; arguments: string; type: 'FUNCTION' | 'PROCEDURE' }>;
  enums: Array<{ name: string; values: string[] }>;
  driver: { name: string; database_version: string; meta: { current_schema: string; search_paths: string[] } };
}

interface TblsTable {
  name: string;
  type: 'BASE TABLE' | 'VIEW' | 'MATERIALIZED VIEW';
  comment?: string;
  columns: Array<{ name: string; type: string; nullable: boolean; default?: string; extra_def?: string; comment?: string }>;
  indexes?: Array<{ name: string; def: string; table: string; columns: string[] }>;
  constraints?: Array<{ name: string; type: string; def: string; table: string; referenced_table: string; columns: string[]; referenced_columns?: string[] }>;
  triggers?: Array<{ name: string; def: string }>;
  def?: string;
}

interface TblsRelation {
  table: string;
  columns: string[];
  cardinality: 'zero_or_one' | 'zero_or_more';
  parent_table: string;
  parent_columns: string[];
  parent_cardinality: 'exactly_one' | 'zero_or_one';
  def: string;
}

function columnOf(c: ColumnDef): TblsTable['columns'][number] {
  const column: TblsTable['columns'][number] = { name: c.name, type: c.type, nullable: c.nullable };
  if (c.default !== undefined) column.default = c.default;
  if (c.identity) column.extra_def = `GENERATED ${c.identity.toUpperCase()} AS IDENTITY`;
  else if (c.generated) column.extra_def = `GENERATED ALWAYS AS (${c.generated}) STORED`;
  if (c.comment) column.comment = c.comment;
  return column;
}

/** The indexes Postgres makes for primary key, unique and exclusion constraints (named as the constraint). */
function constraintIndexes(table: TableDef): NonNullable<TblsTable['indexes']> {
  const out: NonNullable<TblsTable['indexes']> = [];
  for (const c of table.constraints) {
    if (c.type !== 'primary key' && c.type !== 'unique' && c.type !== 'exclusion') continue;
    const on = `${quoteIdent(c.name)} ON ${qualified(table)}`;
    const def = c.type === 'exclusion' ? `CREATE INDEX ${on} USING ${c.using ?? 'gist'} (${c.expression ?? ''})${c.where !== undefined ? ` WHERE (${c.where})` : ''}` : `CREATE UNIQUE INDEX ${on} USING btree (${columnList(c.columns)})`;
    out.push({ name: c.name, def, table: qualify(table), columns: c.columns });
  }
  return out;
}

function tableOf(model: Model, table: TableDef, find: ReturnType<typeof lookup>): TblsTable {
  const name = qualify(table);
  const out: TblsTable = { name, type: 'BASE TABLE', columns: table.columns.map(columnOf) };
  if (table.comment) out.comment = table.comment;
  const indexes = [...find.indexesOn(table).map((i) => ({ name: i.name, def: indexDef(i), table: name, columns: i.columns })), ...constraintIndexes(table)];
  if (indexes.length > 0) out.indexes = indexes;
  if (table.constraints.length > 0) {
    out.constraints = table.constraints.map((c) => {
      const row: NonNullable<TblsTable['constraints']>[number] = { name: c.name, type: c.type.toUpperCase(), def: constraintDef(model, c), table: name, referenced_table: c.references ? qualify(c.references) : '', columns: c.columns };
      if (c.references) row.referenced_columns = referencedColumns(model, c);
      return row;
    });
  }
  const triggers = find.triggersOn(table);
  if (triggers.length > 0) out.triggers = triggers.map((t) => ({ name: t.name, def: triggerDef(t) }));
  return out;
}

function viewOf(view: ViewDef): TblsTable {
  const kind = view.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  const out: TblsTable = { name: qualify(view), type: kind, columns: view.columns.map((c) => ({ name: c.name, type: c.type, nullable: true })) };
  if (view.comment) out.comment = view.comment;
  out.def = `CREATE ${kind} ${qualified(view)} AS (\n${view.query}\n)`;
  return out;
}

/** One relation per foreign key: a unique key on the referencing columns makes it one-to-one; NOT NULL on them makes the parent required. */
function relationsOf(model: Model): TblsRelation[] {
  const out: TblsRelation[] = [];
  for (const table of model.tables) {
    for (const c of table.constraints) {
      if (c.type !== 'foreign key' || !c.references) continue;
      const unique = table.constraints.some((k) => (k.type === 'primary key' || k.type === 'unique') && k.columns.length === c.columns.length && k.columns.every((x) => c.columns.includes(x)));
      const required = c.columns.every((name) => table.columns.find((col) => col.name === name)?.nullable === false);
      out.push({
        table: qualify(table),
        columns: c.columns,
        cardinality: unique ? 'zero_or_one' : 'zero_or_more',
        parent_table: qualify(c.references),
        parent_columns: referencedColumns(model, c),
        parent_cardinality: required ? 'exactly_one' : 'zero_or_one',
        def: constraintDef(model, c),
      });
    }
  }
  return out;
}

/** tbls' schema.json of the model. `name` names the schema document (tbls shows it as the database's name). */
export function tblsSchema(model: Model, name: string, version: string): TblsSchema {
  const find = lookup(model);
  return {
    name,
    tables: [...model.tables.map((t) => tableOf(model, t, find)), ...model.views.map(viewOf)],
    relations: relationsOf(model),
    functions: model.functions.map((fn) => ({ name: qualify(fn), return_type: fn.returns ?? 'void', arguments: functionArguments(fn), type: fn.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION' })),
    enums: model.types.filter((t) => t.kind === 'enum').map((t) => ({ name: qualify(t), values: t.values ?? [] })),
    driver: {
      name: 'postgres',
      database_version: `pgscribe ${version}: the model of ${model.migrations.length} migration${model.migrations.length === 1 ? '' : 's'}`,
      meta: { current_schema: model.searchPath[0] ?? 'public', search_paths: model.searchPath },
    },
  };
}

// DBML (https://dbml.dbdiagram.io/docs): names in double quotes, notes in single quotes, expressions in backticks.
const dbmlName = (name: string): string => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const dbmlQualified = (o: ObjectName): string => `${dbmlName(o.schema)}.${dbmlName(o.name)}`;
const dbmlNote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, '\\n')}'`;
const dbmlType = (type: string): string => (/^[A-Za-z0-9_.()[\],]+$/.test(type) ? type : dbmlName(type));
const dbmlExpression = (text: string): string => `\`${text.replace(/`/g, '\\`')}\``;

function dbmlColumn(table: TableDef, c: ColumnDef): string {
  const settings: string[] = [];
  const key = table.constraints.find((k) => k.type === 'primary key');
  if (key?.columns.length === 1 && key.columns[0] === c.name) settings.push('pk');
  if (!c.nullable && !(key?.columns.length === 1 && key.columns[0] === c.name)) settings.push('not null');
  if (table.constraints.some((k) => k.type === 'unique' && k.columns.length === 1 && k.columns[0] === c.name)) settings.push('unique');
  if (c.identity) settings.push('increment');
  if (c.default !== undefined) settings.push(`default: ${dbmlExpression(c.default)}`);
  if (c.comment) settings.push(`note: ${dbmlNote(c.comment)}`);
  return `  ${dbmlName(c.name)} ${dbmlType(c.type)}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`;
}

function dbmlTable(table: TableDef, indexes: IndexDef[]): string {
  const lines = [`Table ${dbmlQualified(table)} {`, ...table.columns.map((c) => dbmlColumn(table, c))];
  const composite = table.constraints.filter((k) => (k.type === 'primary key' || k.type === 'unique') && k.columns.length > 1);
  const plain = indexes.filter((i) => !i.constraint);
  if (composite.length > 0 || plain.length > 0) {
    lines.push('', '  indexes {');
    for (const k of composite) lines.push(`    (${k.columns.map(dbmlName).join(', ')}) [${k.type === 'primary key' ? 'pk' : 'unique'}, name: ${dbmlNote(k.name)}]`);
    for (const i of plain) {
      const simple = i.columns.every((c) => /^[A-Za-z_][A-Za-z0-9_$]*$/.test(c));
      const columns = simple ? i.columns.map(dbmlName) : i.columns.map(dbmlExpression);
      const settings = [...(i.unique ? ['unique'] : []), `name: ${dbmlNote(i.name)}`, ...(i.method !== 'btree' ? [`type: ${i.method}`] : [])];
      lines.push(`    (${columns.join(', ')}) [${settings.join(', ')}]`);
    }
    lines.push('  }');
  }
  if (table.comment) lines.push('', `  Note: ${dbmlNote(table.comment)}`);
  lines.push('}');
  return lines.join('\n');
}

const dbmlAction = (action: string | undefined): string | undefined => (action && action !== 'no action' ? action : undefined);

function dbmlRef(model: Model, table: TableDef, c: ConstraintDef): string {
  const ref = c.references!;
  const from = c.columns.length === 1 ? dbmlName(c.columns[0]) : `(${c.columns.map(dbmlName).join(', ')})`;
  const parent = referencedColumns(model, c);
  const to = parent.length === 1 ? dbmlName(parent[0]) : `(${parent.map(dbmlName).join(', ')})`;
  const settings = [dbmlAction(c.onDelete) && `delete: ${c.onDelete}`, dbmlAction(c.onUpdate) && `update: ${c.onUpdate}`].filter(Boolean);
  return `Ref ${dbmlName(c.name)}: ${dbmlQualified(table)}.${from} > ${dbmlQualified(ref)}.${to}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`;
}

/** The model as DBML: enums, tables (columns, keys, indexes, notes), and a Ref per foreign key whose columns are known. */
export function dbml(model: Model): string {
  const find = lookup(model);
  const blocks: string[] = [];
  for (const type of model.types) {
    if (type.kind !== 'enum') continue;
    blocks.push([`Enum ${dbmlQualified(type)} {`, ...(type.values ?? []).map((v) => `  ${dbmlName(v)}`), '}'].join('\n'));
  }
  for (const table of model.tables) blocks.push(dbmlTable(table, find.indexesOn(table)));
  const refs = model.tables.flatMap((t) => t.constraints.filter((c) => c.type === 'foreign key' && c.references && c.columns.length > 0 && referencedColumns(model, c).length === c.columns.length).map((c) => dbmlRef(model, t, c)));
  if (refs.length > 0) blocks.push(refs.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

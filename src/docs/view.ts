/**
 * View data for the templates: everything the generated sections and
 * reference pages say, computed from the model and config (never typed by
 * hand). Pure: model in, plain data out, stably ordered.
 */

import path from 'node:path/posix';
import type { Config } from '../config/schema.js';
import { qualify } from '../model/lookup.js';
import type { Model, ObjectName, PolicyDef, SourceRef, TableDef, TriggerDef } from '../model/types.js';
import { compareText } from '../text.js';
import { mermaidId, mermaidType } from './markdown.js';
import { hrefTo, tablePageFile } from './paths.js';


export interface SourceLink {
  file: string;
  line: number;
  /** Link relative to the page it appears on. */
  href: string;
  label: string;
}

/** Makes source links relative to a page's directory; `.file(f)` links a whole file. */
export function linker(pageDir: string) {
  const link = (ref: { file: string; line: number }): SourceLink => ({
    file: ref.file,
    line: ref.line,
    href: `${hrefTo(pageDir, ref.file)}#L${ref.line}`,
    label: `${linkText(path.basename(ref.file))}:${ref.line}`,
  });
  return Object.assign(link, { file: (file: string) => hrefTo(pageDir, file) });
}

export interface SchemaRow {
  name: string;
  comment?: string;
  /** Where a migration created it; undefined for a schema that exists without one (`public`). */
  source?: SourceRef;
}

/**
 * Every schema the docs list: the schemas the migrations create and every
 * schema that holds a table, view, type, sequence or function (`public`, or
 * one created outside the migrations), sorted by name.
 */
export function documentedSchemas(model: Model): SchemaRow[] {
  const rows = new Map<string, SchemaRow>(model.schemas.map((s) => [s.name, { name: s.name, comment: s.comment, source: s.source }]));
  for (const list of [model.tables, model.views, model.types, model.sequences, model.functions] as ObjectName[][]) {
    for (const o of list) if (!rows.has(o.schema)) rows.set(o.schema, { name: o.schema, comment: model.schemaComments?.[o.schema] });
  }
  return [...rows.values()].sort((a, b) => compareText(a.name, b.name));
}

/**
 * Short names for files that tell them apart: the file name when no other
 * file has it, else the folder it is in (Prisma's `…/20220101_init/migration.sql`,
 * diesel's `…/2022-01-01-000000_users/up.sql`), else the path below the
 * folders they share.
 */
export function distinctNames(files: string[]): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const f of files) byBase.set(path.basename(f), [...(byBase.get(path.basename(f)) ?? []), f]);
  const names = new Map<string, string>();
  for (const [base, group] of byBase) {
    if (group.length === 1) {
      names.set(group[0], base);
      continue;
    }
    const folders = group.map((f) => path.basename(path.dirname(f)));
    if (new Set(folders).size === group.length && folders.every((d) => d !== '.' && d !== '')) {
      group.forEach((f, i) => names.set(f, folders[i]));
      continue;
    }
    const parts = group.map((f) => f.split('/'));
    let shared = 0;
    while (parts.every((p) => p.length > shared + 1 && p[shared] === parts[0][shared])) shared++;
    for (const [i, f] of group.entries()) names.set(f, parts[i].slice(shared).join('/'));
  }
  return names;
}

/** What a schema holds besides tables: "2 views, 3 functions" (empty when nothing). */
export function otherObjectsIn(model: Model, schema: string): string {
  const count = (list: ObjectName[]) => list.filter((o) => o.schema === schema).length;
  const fns = model.functions.filter((f) => f.schema === schema);
  return createsSummary({
    view: count(model.views.filter((v) => !v.materialized)),
    'materialized view': count(model.views.filter((v) => v.materialized)),
    type: count(model.types),
    sequence: count(model.sequences),
    function: fns.filter((f) => f.kind === 'function').length,
    procedure: fns.filter((f) => f.kind === 'procedure').length,
  });
}

export function tablePage(model: Model, config: Config, table: ObjectName): string {
  return tablePageFile(model, config.referenceDir, table);
}

/** Text for inside `[…]` of a link: brackets and backslashes escaped. */
export function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** Tables that feed the audit table through a trigger, with the trigger. */
export function auditFeeds(model: Model, config: Config): Array<{ table: string; trigger: TriggerDef }> {
  const auditFunctions = new Set(
    model.functions.filter((f) => f.body?.writes.includes(config.auditTable.toLowerCase())).map((f) => `${f.schema}.${f.name}`),
  );
  return model.triggers
    .filter((t) => auditFunctions.has(qualify(t.function)))
    .map((trigger) => ({ table: qualify(trigger.table), trigger }))
    .sort((a, b) => compareText(a.table, b.table) || compareText(a.trigger.name, b.trigger.name));
}

/** Human summary of what a migration creates: "3 tables, 2 triggers". */
export function createsSummary(creates: Record<string, number | undefined>): string {
  const order = ['schema', 'extension', 'type', 'table', 'partition', 'column', 'constraint', 'index', 'view', 'materialized view', 'sequence', 'function', 'procedure', 'trigger', 'policy'];
  const plural = (kind: string, n: number) => (n === 1 ? kind : kind === 'index' ? 'indexes' : kind === 'policy' ? 'policies' : `${kind}s`);
  const counts: Record<string, number | undefined> = { ...creates, table: (creates.table ?? 0) - (creates.partition ?? 0) };
  return order
    .filter((k) => (counts[k] ?? 0) > 0 && k !== 'constraint' && k !== 'column')
    .map((k) => `${counts[k]} ${plural(k, counts[k]!)}`)
    .join(', ');
}

export interface ErEntity {
  id: string;
  label: string;
  attributes: Array<{ type: string; name: string; key: string }>;
}

export interface ErRelation {
  from: string;
  to: string;
  label: string;
  optional: boolean;
}

/** A Mermaid erDiagram of `tables`, with referenced tables outside the set drawn bare. */
export function erDiagram(model: Model, tables: TableDef[], withColumns = true): string {
  const inSet = new Set(tables.map(qualify));
  const schemas = new Set(tables.map((t) => t.schema));
  const idOf = (o: ObjectName) => mermaidId(schemas.size === 1 && schemas.has(o.schema) ? o.name : `${o.schema}_${o.name}`);
  const lines = ['erDiagram'];
  const extra = new Set<string>();
  const relations: string[] = [];
  for (const table of tables) {
    const pk = new Set(table.constraints.filter((c) => c.type === 'primary key').flatMap((c) => c.columns));
    const fk = new Set(table.constraints.filter((c) => c.type === 'foreign key').flatMap((c) => c.columns));
    const columns = new Map(table.columns.map((c) => [c.name, c]));
    if (withColumns) {
      lines.push(`  ${idOf(table)} {`);
      for (const column of table.columns) {
        const keys = [pk.has(column.name) ? 'PK' : '', fk.has(column.name) ? 'FK' : ''].filter(Boolean).join(',');
        lines.push(`    ${mermaidType(column.type)} ${mermaidId(column.name)}${keys ? ` ${keys}` : ''}`);
      }
      lines.push('  }');
    } else lines.push(`  ${idOf(table)}`);
    for (const c of table.constraints) {
      if (c.type !== 'foreign key' || !c.references) continue;
      const nullable = c.columns.some((col) => columns.get(col)?.nullable !== false);
      if (!inSet.has(qualify(c.references))) extra.add(idOf(c.references));
      relations.push(`  ${idOf(table)} }o--${nullable ? 'o|' : '||'} ${idOf(c.references)} : "${c.columns.join(', ')}"`);
    }
  }
  for (const id of [...extra].sort()) lines.push(`  ${id}`);
  lines.push(...relations);
  return lines.join('\n');
}

export const policyCommands = ['select', 'insert', 'update', 'delete'] as const;

/** For a table: which policies apply to each command (ALL counts for every command). */
export function policyMatrix(policies: PolicyDef[]): Record<(typeof policyCommands)[number], PolicyDef[]> {
  const out = { select: [], insert: [], update: [], delete: [] } as Record<(typeof policyCommands)[number], PolicyDef[]>;
  for (const p of policies) {
    for (const command of policyCommands) if (p.command === 'all' || p.command === command) out[command].push(p);
  }
  return out;
}

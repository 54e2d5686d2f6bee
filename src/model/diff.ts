/**
 * What changes between two models (`pgscribe diff`): object by object —
 * schemas, extensions, tables and their columns, constraints, RLS flags and
 * partitions, indexes, views, types, sequences, functions, triggers,
 * policies, grants, seeds — each change with the file and line that made it.
 * Changes that touch access come marked as security changes (a table that
 * loses row level security, a policy that widens, a new SECURITY DEFINER
 * function, a grant or revoke). Plain data; report/diff.ts renders it.
 */

import { constraintDef, functionArguments, indexDef, triggerDef } from './definitions.js';
import { qualify } from './lookup.js';
import { counted } from '../text.js';
import type { ColumnDef, GrantDef, Model, ModelEvent, PolicyDef, SourceRef, TableDef } from './types.js';

export type ChangeKind = 'schema' | 'extension' | 'table' | 'column' | 'constraint' | 'rls' | 'index' | 'view' | 'type' | 'sequence' | 'function' | 'trigger' | 'policy' | 'grant' | 'seed';

export interface ModelChange {
  kind: ChangeKind;
  action: 'added' | 'removed' | 'changed' | 'renamed';
  /** The object: `schema.table`, `schema.table.column`, `policy on schema.table`… */
  object: string;
  /** What changed, one line each (`type: text → integer`), or what the added object is. */
  details: string[];
  /** The statement that made the change (for a removal: the drop, when the model saw it). */
  source?: SourceRef;
  /** Why the change matters for access, when it does. */
  security?: string;
  /** Expressions shown as a diff (a policy's USING and WITH CHECK). */
  expressions?: Array<{ name: string; before?: string; after?: string }>;
}

const at = (o: { source: SourceRef; changedBy?: SourceRef[] }): SourceRef => o.changedBy?.[o.changedBy.length - 1] ?? o.source;

/** Pairs the objects of two lists by key: [key, before, after] in the order after's objects come, then the removed ones. */
function paired<T>(before: T[], after: T[], keyOf: (o: T) => string, beforeKeyOf = keyOf): Array<[string, T | undefined, T | undefined]> {
  const old = new Map(before.map((o) => [beforeKeyOf(o), o]));
  const out: Array<[string, T | undefined, T | undefined]> = [];
  const seen = new Set<string>();
  for (const o of after) {
    const k = keyOf(o);
    seen.add(k);
    out.push([k, old.get(k), o]);
  }
  for (const [k, o] of old) if (!seen.has(k)) out.push([k, o, undefined]);
  return out;
}

/** `name: a → b` for each field that differs. */
function fieldChanges(fields: Array<[string, string | undefined, string | undefined]>): string[] {
  return fields.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name}: ${a ?? '(none)'} → ${b ?? '(none)'}`);
}

function columnText(c: ColumnDef): string {
  const bits = [c.type, c.nullable ? 'null' : 'not null'];
  if (c.default !== undefined) bits.push(`default ${c.default}`);
  if (c.identity) bits.push(`identity (${c.identity})`);
  if (c.generated) bits.push(`generated ${c.generated}`);
  return bits.join(', ');
}

/** How one kind of object is compared. */
interface Spec<T> {
  /** The object's name in the change. */
  key: (o: T) => string;
  /** The name of a before-object, when a rename changed what it is called by (its table was renamed). */
  beforeKey?: (o: T) => string;
  /** Its name in the model's events, when that differs (`schema.table.constraint`). */
  eventObject?: (o: T) => string;
  /** The kind the model's events give it, when that differs. */
  eventKind?: string;
  /** What an added object is. */
  describe: (o: T) => string[];
  /** What changed on an object both models have (nothing: unchanged). */
  compare: (a: T, b: T) => string[];
  security?: (a: T | undefined, b: T | undefined) => string | undefined;
}

const rlsText = (t: TableDef): string => (t.rls.enabled ? (t.rls.forced ? 'enabled and forced' : 'enabled') : 'disabled');

class Differ {
  readonly changes: ModelChange[] = [];
  /** Tables renamed between the models: old `schema.name` → new. */
  private readonly tableRenames = new Map<string, string>();
  private readonly dropped: Map<string, SourceRef>;
  private readonly renamed: Map<string, ModelEvent>;

  constructor(
    private readonly before: Model,
    private readonly after: Model,
  ) {
    // The drops and renames the after-model saw that the before-model did not: where a removal was made.
    const known = new Set(before.migrations.flatMap((m) => m.events.map((e) => `${e.action}|${e.kind}|${e.object}|${e.source.file}:${e.source.line}`)));
    const fresh = after.migrations.flatMap((m) => m.events).filter((e) => !known.has(`${e.action}|${e.kind}|${e.object}|${e.source.file}:${e.source.line}`));
    this.dropped = new Map(fresh.filter((e) => e.action === 'dropped').map((e) => [`${e.kind}|${e.object}`, e.source]));
    this.renamed = new Map(fresh.filter((e) => e.action === 'renamed').map((e) => [`${e.kind}|${e.object}`, e]));
  }

  private push(change: ModelChange): void {
    this.changes.push(change);
  }

  /** Objects compared by key: added, removed, or changed by `compare` (no details: unchanged). */
  private each<T extends { source: SourceRef; changedBy?: SourceRef[] }>(kind: ChangeKind, before: T[], after: T[], spec: Spec<T>): void {
    const eventKey = (key: string, o: T) => `${kind === 'column' || kind === 'constraint' ? kind : (spec.eventKind ?? kind)}|${spec.eventObject?.(o) ?? key}`;
    const added: Array<[string, T]> = [];
    const removed: Array<[string, T]> = [];
    for (const [key, a, b] of paired(before, after, spec.key, spec.beforeKey)) {
      if (a && b) {
        const details = spec.compare(a, b);
        if (details.length > 0) this.push({ kind, action: 'changed', object: key, details, source: at(b), security: spec.security?.(a, b) });
      } else if (b) added.push([key, b]);
      else if (a) removed.push([key, a]);
    }
    // A removed object that a rename the after-model saw turned into an added one is one change.
    for (const [key, a] of removed) {
      const rename = this.renamed.get(eventKey(key, a));
      const to = rename?.to;
      const target =
        to !== undefined
          ? added.findIndex(([k, b]) => {
              const named = spec.eventObject?.(b) ?? k;
              return named === to || k === to || named.endsWith(`.${to}`) || k.startsWith(`${to} on `);
            })
          : -1;
      if (rename && target !== -1) {
        const [newKey, b] = added.splice(target, 1)[0];
        // compared under its new name: a definition that spells the name is the same definition
        const renamedOld = { ...a, name: (b as { name?: unknown }).name } as T;
        this.push({ kind, action: 'renamed', object: key, details: [`to ${newKey}`, ...spec.compare(renamedOld, b)], source: rename.source });
        continue;
      }
      // renamed and then dropped: where it was dropped, under its new name
      const droppedAt = this.dropped.get(eventKey(key, a)) ?? (to !== undefined ? this.dropped.get(`${eventKey(key, a).split('|')[0]}|${to}`) : undefined);
      this.push({ kind, action: 'removed', object: key, details: [], source: droppedAt ?? rename?.source ?? a.source, security: spec.security?.(a, undefined) });
    }
    for (const [key, b] of added) this.push({ kind, action: 'added', object: key, details: spec.describe(b), source: b.source, security: spec.security?.(undefined, b) });
  }

  tables(): void {
    const { before, after } = this;
    const partitionKey = (t: TableDef) => t.partitionKey && `${t.partitionKey.strategy} (${t.partitionKey.columns.join(', ')})`;
    const partitionOf = (t: TableDef) => t.partitionOf && `${qualify(t.partitionOf)} ${t.partitionOf.bound.text}`;
    this.each('table', before.tables, after.tables, {
      key: qualify,
      describe: (t) => [counted(t.columns.length, 'column'), ...(t.partitionOf ? [`partition of ${partitionOf(t)}`] : []), ...(t.partitionKey ? [`partitioned by ${partitionKey(t)}`] : []), `row level security ${rlsText(t)}`],
      compare: (a, b) =>
        fieldChanges([
          ['kind', a.kind, b.kind],
          ['comment', a.comment, b.comment],
          ['unlogged', String(a.unlogged ?? false), String(b.unlogged ?? false)],
          ['partition key', partitionKey(a), partitionKey(b)],
          ['partition of', partitionOf(a), partitionOf(b)],
        ]),
    });
    for (const c of this.changes) if (c.kind === 'table' && c.action === 'renamed') this.tableRenames.set(c.object, c.details[0].slice('to '.length));
    const tablesBefore = new Map(before.tables.map((t) => [this.tableName(t), t]));
    for (const table of after.tables) {
      const old = tablesBefore.get(qualify(table));
      if (old) this.tableParts(old, table);
    }
  }

  /** A before-table's name as the after-model has it (through a rename). */
  private tableName(table: { schema: string; name: string }): string {
    const name = qualify(table);
    return this.tableRenames.get(name) ?? name;
  }

  /** Columns, constraints and RLS of a table both models have. */
  private tableParts(a: TableDef, b: TableDef): void {
    const name = qualify(b);
    this.each('column', a.columns, b.columns, {
      key: (c) => `${name}.${c.name}`,
      describe: (c) => [columnText(c)],
      compare: (x, y) =>
        fieldChanges([
          ['type', x.type, y.type],
          ['null', x.nullable ? 'null' : 'not null', y.nullable ? 'null' : 'not null'],
          ['default', x.default, y.default],
          ['identity', x.identity, y.identity],
          ['generated', x.generated, y.generated],
          ['comment', x.comment, y.comment],
        ]),
    });
    this.each('constraint', a.constraints, b.constraints, {
      key: (c) => `${c.name} on ${name}`,
      eventObject: (c) => `${name}.${c.name}`,
      describe: (c) => [constraintDef(this.after, c)],
      compare: (x, y) => fieldChanges([['definition', constraintDef(this.before, x), constraintDef(this.after, y)]]),
    });
    if (rlsText(a) !== rlsText(b)) {
      const loses = (a.rls.enabled && !b.rls.enabled) || (a.rls.forced && !b.rls.forced);
      this.push({ kind: 'rls', action: 'changed', object: name, details: [`row level security: ${rlsText(a)} → ${rlsText(b)}`], source: at(b), security: loses ? 'the table loses row level security' : 'row level security tightens' });
    }
  }

  rest(): void {
    const { before, after } = this;
    this.each('schema', before.schemas, after.schemas, { key: (s) => s.name, describe: () => [], compare: (a, b) => fieldChanges([['comment', a.comment, b.comment]]) });
    this.each('extension', before.extensions, after.extensions, { key: (e) => e.name, describe: (e) => (e.schema ? [`in schema ${e.schema}`] : []), compare: (a, b) => fieldChanges([['schema', a.schema, b.schema]]) });
    this.each('index', before.indexes, after.indexes, { key: qualify, describe: (i) => [indexDef(i)], compare: (a, b) => fieldChanges([['definition', indexDef(a), indexDef(b)]]) });
    const viewKind = (v: Model['views'][number]) => (v.materialized ? 'materialized view' : 'view');
    const viewColumns = (v: Model['views'][number]) => v.columns.map((c) => c.name).join(', ');
    this.each('view', before.views, after.views, {
      key: qualify,
      eventKind: 'view',
      describe: (v) => [`${viewKind(v)}: ${viewColumns(v)}`],
      compare: (a, b) => fieldChanges([['kind', viewKind(a), viewKind(b)], ['columns', viewColumns(a), viewColumns(b)], ['query', a.query, b.query], ['comment', a.comment, b.comment]]),
    });
    const typeText = (t: Model['types'][number]) => t.values?.map((v) => `'${v}'`).join(', ') ?? t.baseType ?? t.attributes?.map((x) => `${x.name} ${x.type}`).join(', ') ?? '';
    this.each('type', before.types, after.types, {
      key: qualify,
      describe: (t) => [`${t.kind}: ${typeText(t)}`],
      compare: (a, b) => fieldChanges([['kind', a.kind, b.kind], [a.kind === 'enum' ? 'values' : 'definition', typeText(a), typeText(b)], ['comment', a.comment, b.comment]]),
    });
    this.each('sequence', before.sequences, after.sequences, { key: qualify, describe: (s) => (s.ownedBy ? [`owned by ${s.ownedBy}`] : []), compare: (a, b) => fieldChanges([['owned by', a.ownedBy, b.ownedBy]]) });
    this.functions();
    this.each('trigger', before.triggers, after.triggers, {
      key: (t) => `${t.name} on ${qualify(t.table)}`,
      beforeKey: (t) => `${t.name} on ${this.tableName(t.table)}`,
      describe: (t) => [triggerDef(t)],
      // a renamed table's trigger is the same trigger: compared as if on the table's new name
      compare: (a, b) => fieldChanges([['definition', triggerDef({ ...a, table: b.table }), triggerDef(b)], ['enabled', String(a.enabled), String(b.enabled)]]),
    });
    this.policies();
    this.grants();
    const targets = (s: Model['seeds'][number]) => s.targets.map((t) => `${t.schema}.${t.table}`).join(', ');
    const seedsOf = (m: Model) => m.seeds.map((s) => ({ ...s, source: { file: s.file, line: 1 } }));
    this.each('seed', seedsOf(before), seedsOf(after), {
      key: (s) => s.file,
      describe: (s) => [`${s.class} seed: ${targets(s) || 'no inserts'}`],
      compare: (a, b) => (a.hash === b.hash ? [] : [`content changed; inserts into ${targets(b) || 'nothing'}`]),
    });
  }

  private functions(): void {
    this.each('function', this.before.functions, this.after.functions, {
      key: (f) => `${f.schema}.${f.signature}`,
      eventObject: (f) => `${f.schema}.${f.name}`,
      describe: (f) => [`${f.kind} (${functionArguments(f)}) returns ${f.returns ?? 'void'}, ${f.language}, ${f.volatility}${f.securityDefiner ? ', SECURITY DEFINER' : ''}${f.settings.search_path !== undefined ? `, search_path ${f.settings.search_path || "''"}` : ''}`],
      compare: (a, b) =>
        fieldChanges([
          ['returns', a.returns, b.returns],
          ['language', a.language, b.language],
          ['volatility', a.volatility, b.volatility],
          ['security', a.securityDefiner ? 'DEFINER' : 'INVOKER', b.securityDefiner ? 'DEFINER' : 'INVOKER'],
          ['search_path', a.settings.search_path, b.settings.search_path],
          ['strict', String(a.strict), String(b.strict)],
        ]),
      security: (a, b) => (b?.securityDefiner && !a?.securityDefiner ? (a ? 'the function becomes SECURITY DEFINER' : 'a new SECURITY DEFINER function') : undefined),
    });
  }

  private policies(): void {
    const text = (p: PolicyDef) => `${p.permissive ? 'permissive' : 'restrictive'} ${p.command} to ${p.roles.join(', ') || 'public'}`;
    const wide = (p: PolicyDef) => p.permissive && (p.using?.trim() === 'true' || p.withCheck?.trim() === 'true');
    const key = (p: PolicyDef) => `${p.name} on ${qualify(p.table)}`;
    this.each('policy', this.before.policies, this.after.policies, {
      key,
      beforeKey: (p) => `${p.name} on ${this.tableName(p.table)}`,
      describe: (p) => [text(p), ...(p.using !== undefined ? [`USING (${p.using})`] : []), ...(p.withCheck !== undefined ? [`WITH CHECK (${p.withCheck})`] : [])],
      compare: (a, b) =>
        fieldChanges([
          ['command', a.command, b.command],
          ['kind', a.permissive ? 'permissive' : 'restrictive', b.permissive ? 'permissive' : 'restrictive'],
          ['roles', a.roles.join(', ') || 'public', b.roles.join(', ') || 'public'],
          ['USING', a.using, b.using],
          ['WITH CHECK', a.withCheck, b.withCheck],
        ]),
      security: (a, b) => {
        if (!b) return 'a policy is removed (what it allowed is no longer allowed, or what it restricted no longer is)';
        if (!a) {
          if (wide(b)) return `a new policy that lets every row through (${b.using?.trim() === 'true' ? 'USING (true)' : 'WITH CHECK (true)'})`;
          return b.permissive ? `a new permissive policy: ${b.roles.join(', ') || 'public'} may ${b.command === 'all' ? 'do anything' : b.command} where it holds` : undefined; // a restrictive one only narrows
        }
        const newRoles = b.roles.filter((r) => !a.roles.includes(r));
        if (newRoles.length > 0) return `the policy widens to ${newRoles.join(', ')}`;
        if (wide(b) && !wide(a)) return 'the policy widens to every row';
        if (!a.permissive && b.permissive) return 'the policy becomes permissive';
        return a.using !== b.using || a.withCheck !== b.withCheck ? 'the policy changes what it allows' : undefined;
      },
    });
    // USING and WITH CHECK are shown as a diff on the policy's change.
    const before = new Map(this.before.policies.map((p) => [`${p.name} on ${this.tableName(p.table)}`, p]));
    const after = new Map(this.after.policies.map((p) => [key(p), p]));
    for (const change of this.changes) {
      const a = before.get(change.object);
      const b = after.get(change.object);
      if (change.kind !== 'policy' || change.action !== 'changed' || !a || !b) continue;
      const expressions = [
        { name: 'USING', before: a.using, after: b.using },
        { name: 'WITH CHECK', before: a.withCheck, after: b.withCheck },
      ].filter((e) => e.before !== e.after);
      if (expressions.length > 0) change.expressions = expressions;
    }
  }

  private grants(): void {
    const text = (g: GrantDef) => `${g.grant ? 'GRANT' : 'REVOKE'} ${g.privileges.join(', ')} ON ${g.objectType} ${g.objects.join(', ')} ${g.grant ? 'TO' : 'FROM'} ${g.grantees.join(', ')}`;
    const before = new Set(this.before.grants.map(text));
    const after = new Set(this.after.grants.map(text));
    for (const g of this.after.grants) if (!before.has(text(g))) this.push({ kind: 'grant', action: 'added', object: text(g), details: [], source: g.source, security: g.grant ? 'a privilege is granted' : 'a privilege is revoked' });
    for (const g of this.before.grants) if (!after.has(text(g))) this.push({ kind: 'grant', action: 'removed', object: text(g), details: [], source: g.source, security: 'a grant or revoke is no longer made' });
  }
}

/** Every change from `before` to `after`: security changes first, then by kind, in the models' order. */
export function diffModels(before: Model, after: Model): ModelChange[] {
  const differ = new Differ(before, after);
  differ.tables();
  differ.rest();
  const order: ChangeKind[] = ['schema', 'extension', 'table', 'column', 'constraint', 'rls', 'index', 'view', 'type', 'sequence', 'function', 'trigger', 'policy', 'grant', 'seed'];
  const rank = (c: ModelChange) => (c.security ? 0 : 1) * 100 + order.indexOf(c.kind);
  return differ.changes.map((c, i) => ({ c, i })).sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i).map(({ c }) => c);
}

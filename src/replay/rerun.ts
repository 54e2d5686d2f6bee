/**
 * What the second pass changed: the catalog after it compared with the
 * catalog after the first pass. A re-run that changes the schema (re-creates a
 * table a later migration renamed, re-adds a dropped column, drops a key it
 * then skips re-adding) is a `replay-rerun-changed` finding, placed at the
 * statement whose effect it repeats when the model's events name one, else at
 * the last migration.
 */

import type { MessageData } from '../lint/types.js';
import type { Model, ModelEvent, SourceRef } from '../model/types.js';
import type { Finding } from '../report/findings.js';
import { type CatalogState, objectKey } from './catalog-state.js';
import { replayFinding } from './findings.js';

/** Where the model says `object` (of `kind`) was last given `action`, if it does. */
function eventSource(model: Model, kind: string, object: string, actions: ModelEvent['action'][]): SourceRef | undefined {
  let found: SourceRef | undefined;
  for (const migration of model.migrations) {
    for (const e of migration.events) if (e.kind === kind && actions.includes(e.action) && (e.object === object || e.to === object)) found = e.source;
  }
  return found;
}

/** The `replay-rerun-changed` findings of a second pass: `second` compared with `first`. */
export function rerunChanges(first: CatalogState, second: CatalogState, model: Model): Finding[] {
  const findings: Finding[] = [];
  const lastMigration: SourceRef = { file: model.migrations[model.migrations.length - 1]?.file ?? '', line: 1 };
  const report = (at: SourceRef | undefined, messageId: string, data: MessageData) => {
    const place = at ?? lastMigration;
    findings.push(replayFinding('replay-rerun-changed', place.file, place.line, 1, { messageId, data }));
  };
  const created = (kind: string, object: string) => eventSource(model, kind, object, ['created']);
  const dropped = (kind: string, object: string) => eventSource(model, kind, object, ['dropped', 'renamed']);

  for (const [k] of second.tables) if (!first.tables.has(k)) report(created('table', k), 'tableCreated', { table: k });
  for (const [k] of first.tables) if (!second.tables.has(k)) report(dropped('table', k), 'tableDropped', { table: k });
  for (const [k, after] of second.tables) {
    const before = first.tables.get(k);
    if (!before) continue;
    for (const [name, column] of after.columns) {
      const was = before.columns.get(name);
      const data = { column: `${k}.${name}` };
      if (!was) report(created('column', `${k}.${name}`), 'columnAdded', data);
      else if (was.type !== column.type) report(eventSource(model, 'column', `${k}.${name}`, ['changed', 'created']), 'columnType', { ...data, before: was.type, after: column.type });
      else if (was.notNull !== column.notNull) report(eventSource(model, 'column', `${k}.${name}`, ['changed', 'created']), 'columnNullability', { ...data, before: was.notNull ? 'NOT NULL' : 'nullable', after: column.notNull ? 'NOT NULL' : 'nullable' });
    }
    for (const name of before.columns.keys()) if (!after.columns.has(name)) report(dropped('column', `${k}.${name}`), 'columnDropped', { column: `${k}.${name}` });
    for (const name of after.constraints.keys()) if (!before.constraints.has(name)) report(created('constraint', `${k}.${name}`), 'constraintAdded', { constraint: name, table: k });
    for (const name of before.constraints.keys()) if (!after.constraints.has(name)) report(dropped('constraint', `${k}.${name}`), 'constraintDropped', { constraint: name, table: k });
    if (before.rls !== after.rls) report(eventSource(model, 'table', k, ['changed']), 'rowLevelSecurity', { table: k, before: before.rls ? 'on' : 'off', after: after.rls ? 'on' : 'off' });
  }
  for (const [k, i] of second.indexes) if (!first.indexes.has(k)) report(created('index', k), 'indexAdded', { index: k, table: `${i.schema}.${i.table}` });
  for (const [k, i] of first.indexes) if (!second.indexes.has(k)) report(dropped('index', k), 'indexDropped', { index: k, table: `${i.schema}.${i.table}` });
  const on = (o: { name: string; schema: string; table: string }) => `${o.name} on ${objectKey(o.schema, o.table)}`;
  for (const [k, t] of second.triggers) if (!first.triggers.has(k)) report(created('trigger', on(t)), 'triggerAdded', { trigger: t.name, table: objectKey(t.schema, t.table) });
  for (const [k, t] of first.triggers) if (!second.triggers.has(k)) report(dropped('trigger', on(t)), 'triggerDropped', { trigger: t.name, table: objectKey(t.schema, t.table) });
  for (const [k, p] of second.policies) if (!first.policies.has(k)) report(created('policy', on(p)), 'policyAdded', { policy: p.name, table: objectKey(p.schema, p.table) });
  for (const [k, p] of first.policies) if (!second.policies.has(k)) report(dropped('policy', on(p)), 'policyDropped', { policy: p.name, table: objectKey(p.schema, p.table) });
  return findings;
}

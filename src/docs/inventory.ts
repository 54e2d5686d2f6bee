/**
 * The inventory of documented objects, kept in the reference index as a
 * hidden comment. `check` compares the inventory in the committed docs with
 * the current model to say, in model terms, what changed ("table clinic.rooms
 * added by 012_rooms.sql:3", "trigger a on t renamed to b by …").
 */

import path from 'node:path/posix';
import type { Model, ModelEvent } from '../model/types.js';
import { compareText } from '../text.js';

const begin = '<!-- pgscribe:inventory';
const end = '-->';

export function inventoryOf(model: Model): string[] {
  const items: string[] = [];
  for (const t of model.tables) {
    items.push(`table ${t.schema}.${t.name}`);
    for (const c of t.columns) items.push(`column ${t.schema}.${t.name}.${c.name}`);
  }
  for (const t of model.triggers) items.push(`trigger ${t.name} on ${t.table.schema}.${t.table.name}`);
  for (const p of model.policies) items.push(`policy ${p.name} on ${p.table.schema}.${p.table.name}`);
  for (const f of model.functions) items.push(`${f.kind} ${f.schema}.${f.signature}`);
  for (const v of model.views) items.push(`${v.materialized ? 'materialized view' : 'view'} ${v.schema}.${v.name}`);
  for (const i of model.indexes) items.push(`index ${i.schema}.${i.name}`);
  for (const t of model.types) items.push(`type ${t.schema}.${t.name}`);
  return items.sort(compareText);
}

export function renderInventory(items: string[]): string {
  return `${begin}\n${items.join('\n')}\n${end}\n`;
}

export function readInventory(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const start = text.indexOf(begin);
  if (start === -1) return undefined;
  const stop = text.indexOf(end, start + begin.length);
  if (stop === -1) return undefined;
  return text
    .slice(start + begin.length, stop)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

const at = (e: ModelEvent) => `${path.basename(e.source.file)}:${e.source.line}`;

/** One line per change between two inventories, explained by the model's events. */
export function summariseChanges(before: string[], after: string[], model: Model): string[] {
  const old = new Set(before);
  const now = new Set(after);
  const added = after.filter((i) => !old.has(i));
  const removed = before.filter((i) => !now.has(i));
  const events = model.migrations.flatMap((m) => m.events);
  const lines: string[] = [];
  const explained = new Set<string>();
  for (const e of events) {
    if (e.action !== 'renamed' || !e.to) continue;
    const from = `${e.kind} ${e.object}`;
    const to = `${e.kind} ${e.to}`;
    if (removed.includes(from) && added.includes(to)) {
      lines.push(`${e.kind} ${e.object} renamed to ${e.to} by ${at(e)}`);
      explained.add(from).add(to);
    }
  }
  for (const item of added) {
    if (explained.has(item)) continue;
    const created = events.find((e) => `${e.kind} ${e.object}` === item && e.action === 'created');
    // Columns of a new table are part of the table line.
    if (item.startsWith('column ') && added.includes(`table ${item.slice(7).split('.').slice(0, 2).join('.')}`)) continue;
    lines.push(`${item} added${created ? ` by ${at(created)}` : ''}`);
  }
  for (const item of removed) {
    if (explained.has(item)) continue;
    if (item.startsWith('column ') && removed.includes(`table ${item.slice(7).split('.').slice(0, 2).join('.')}`)) continue;
    const dropped = model.dropped.find((e) => `${e.kind} ${e.object}` === item);
    lines.push(`${item} ${dropped ? `dropped by ${at(dropped)}` : 'removed'}`);
  }
  return lines;
}

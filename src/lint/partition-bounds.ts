/**
 * Reading range partition bounds as instants, for the partition rules.
 * Bounds are literal texts (`'2024-01-01 00:00:00+00'`, MINVALUE, MAXVALUE).
 */

import type { PartitionBound, TableDef } from '../model/types.js';

/** Milliseconds since the epoch of a literal bound or seeded value; ±Infinity for MIN/MAXVALUE. */
export function instant(text: string): number | undefined {
  const raw = text.replace(/^'(.*)'$/, '$1').trim();
  if (/^MINVALUE$/i.test(raw)) return -Infinity;
  if (/^MAXVALUE$/i.test(raw)) return Infinity;
  const spaced = raw.replace(' ', 'T');
  const iso = spaced.includes('T') ? spaced.replace(/([+-]\d{2})$/, '$1:00') : spaced;
  const withZone = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  const value = Date.parse(withZone.includes('T') ? withZone : `${withZone}T00:00:00Z`);
  return Number.isNaN(value) ? undefined : value;
}

/** Whether `at` falls inside a range bound (from inclusive, to exclusive). */
export function covers(bound: PartitionBound, at: number): boolean {
  if (bound.kind === 'default') return true;
  if (bound.kind !== 'range' || !bound.from || !bound.to || bound.from.length !== 1) return false;
  const from = instant(bound.from[0]);
  const to = instant(bound.to[0]);
  return from !== undefined && to !== undefined && from <= at && at < to;
}

export function hasDefault(table: TableDef): boolean {
  return table.partitions.some((p) => p.bound.kind === 'default');
}

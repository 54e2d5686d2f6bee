/**
 * Migration order. Numeric by default: the leading digits of the file name
 * compared as numbers, so `0002-x.sql` runs before `00010-y.sql` (which sorts
 * first lexically). Files without a numeric prefix come after the numbered
 * ones. `version` reads the version that names a migration the way diesel,
 * Prisma and sqlx do: the leading digits and dashes of the file name, or of
 * its folder when the file name has none (`2022-01-01-000000_users/up.sql`,
 * `20220101000000_init/migration.sql`), dashes removed, compared as numbers.
 * `lexical` sorts by path; an explicit list fixes the order, with unlisted
 * matches after it in numeric order.
 */

import path from 'node:path/posix';
import { PgscribeError } from '../errors.js';

/** The numeric prefix of a file name, or undefined when it has none. */
export function numericPrefix(file: string): bigint | undefined {
  const match = /^(\d+)/.exec(path.basename(file));
  return match ? BigInt(match[1]) : undefined;
}

/** The version of a migration (see `version` order), or undefined when neither its name nor its folder starts with one. */
export function versionOf(file: string): bigint | undefined {
  const base = path.basename(file);
  const name = /^\d/.test(base) ? base : path.basename(path.dirname(file));
  const match = /^\d[\d-]*/.exec(name);
  return match ? BigInt(match[0].replace(/-/g, '')) : undefined;
}

export type OrderKey = (file: string) => bigint | undefined;

/** Order by a key (numbered files first, in key order), ties and unnumbered files by path. */
const byKey = (key: OrderKey) => (a: string, b: string): number => {
  const pa = key(a);
  const pb = key(b);
  if (pa !== undefined && pb !== undefined && pa !== pb) return pa < pb ? -1 : 1;
  if (pa !== undefined && pb === undefined) return -1;
  if (pa === undefined && pb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

const compareNumeric = byKey(numericPrefix);

/** The key an order sorts by, for the orders that have one (the migration-naming rule checks it). */
export function orderKeyOf(order: 'numeric' | 'lexical' | 'version' | string[]): OrderKey | undefined {
  return order === 'numeric' ? numericPrefix : order === 'version' ? versionOf : undefined;
}

export function orderMigrations(files: string[], order: 'numeric' | 'lexical' | 'version' | string[], configFile = 'pgscribe.config.json'): string[] {
  if (order === 'lexical') return [...files].sort();
  if (order === 'numeric') return [...files].sort(compareNumeric);
  if (order === 'version') return [...files].sort(byKey(versionOf));
  const listed = order.map((f) => f.replace(/\\/g, '/').replace(/^\.\//, ''));
  const available = new Set(files);
  listed.forEach((file, i) => {
    if (!available.has(file)) {
      throw new PgscribeError('config', `order[${i}]: expected a migration matched by "migrations", found "${file}" which is not one`, { file: configFile });
    }
  });
  const rest = files.filter((f) => !listed.includes(f)).sort(compareNumeric);
  return [...listed, ...rest];
}

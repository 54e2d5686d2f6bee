/**
 * Migration order. Numeric by default: the leading digits of the file name
 * compared as numbers, so `0002-x.sql` runs before `00010-y.sql` (which sorts
 * first lexically). Files without a numeric prefix come after the numbered
 * ones. `lexical` sorts by path; an explicit list fixes the order, with
 * unlisted matches after it in numeric order.
 */

import path from 'node:path/posix';
import { PgscribeError } from '../errors.js';

/** The numeric prefix of a file name, or undefined when it has none. */
export function numericPrefix(file: string): bigint | undefined {
  const match = /^(\d+)/.exec(path.basename(file));
  return match ? BigInt(match[1]) : undefined;
}

function compareNumeric(a: string, b: string): number {
  const pa = numericPrefix(a);
  const pb = numericPrefix(b);
  if (pa !== undefined && pb !== undefined && pa !== pb) return pa < pb ? -1 : 1;
  if (pa !== undefined && pb === undefined) return -1;
  if (pa === undefined && pb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function orderMigrations(files: string[], order: 'numeric' | 'lexical' | string[], configFile = 'pgscribe.config.json'): string[] {
  if (order === 'lexical') return [...files].sort();
  if (order === 'numeric') return [...files].sort(compareNumeric);
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

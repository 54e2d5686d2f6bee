/**
 * Migration file formats that hold both directions in one file. goose
 * (`-- +goose Up` … `-- +goose Down`) and dbmate (`-- migrate:up` …
 * `-- migrate:down`) run only the Up section; the rest of the file is not the
 * migration. `upSection` keeps the Up section and blanks everything else
 * (each character but line breaks becomes a space), so every position in
 * what is parsed is the position in the original file. The runner's own
 * annotation lines are kept: they are comments to the parser, and they carry
 * the no-transaction markers (`-- +goose NO TRANSACTION` applies to the whole
 * file wherever it stands; dbmate's `transaction:false` sits on the up line).
 */

export type MigrationFormat = 'plain' | 'goose' | 'dbmate';

export interface UpSection {
  /** The text to parse: the Up section in place, the rest blanked. */
  text: string;
  /** Why the file has no Up section, when it has none. */
  problem?: { message: string; line: number };
}

/** goose annotations: case-insensitive, on a line of their own (`^--\s*\+goose\s+…`). */
const gooseAnnotation = /^--\s*\+goose\s+(\S.*?)\s*$/i;
/** dbmate section markers, with options after them (`-- migrate:up transaction:false`). */
const dbmateMarker = /^--\s*migrate:(up|down)\b.*$/i;

const blank = (line: string) => line.replace(/[^\n]/g, ' ');

/** A line is one of the runner's own annotations (kept as it is). */
function isAnnotation(format: MigrationFormat, line: string): boolean {
  return format === 'goose' ? gooseAnnotation.test(line) : dbmateMarker.test(line);
}

/** The direction a marker line starts, or undefined for any other line. */
function directionOf(format: MigrationFormat, line: string): 'up' | 'down' | undefined {
  if (format === 'goose') {
    const what = gooseAnnotation.exec(line)?.[1]?.toLowerCase();
    return what === 'up' ? 'up' : what === 'down' ? 'down' : undefined;
  }
  const what = dbmateMarker.exec(line)?.[1]?.toLowerCase();
  return what === 'up' || what === 'down' ? what : undefined;
}

export function upSection(text: string, format: MigrationFormat): UpSection {
  if (format === 'plain') return { text };
  const lines = text.split('\n');
  let direction: 'before' | 'up' | 'down' = 'before';
  let sawUp = false;
  const out = lines.map((line) => {
    const starts = directionOf(format, line.replace(/\r$/, ''));
    if (starts) {
      direction = starts;
      if (starts === 'up') sawUp = true;
      return line;
    }
    if (isAnnotation(format, line)) return line;
    return direction === 'up' ? line : blank(line);
  });
  if (!sawUp) {
    const marker = format === 'goose' ? '-- +goose Up' : '-- migrate:up';
    return { text: out.join('\n'), problem: { message: `expected a "${marker}" line (format "${format}"), found none: no part of this file is the migration`, line: 1 } };
  }
  return { text: out.join('\n') };
}

/** Comments that opt a migration out of its wrapping transaction, in any format pgscribe reads. */
export const noTransactionMarker = /\b(disable-transaction|no-transaction|pgscribe:no-transaction)\b|\+goose\s+no\s+transaction\b|migrate:up\b.*\btransaction:\s*false\b/i;

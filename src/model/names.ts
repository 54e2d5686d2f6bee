/**
 * The names Postgres chooses for objects the SQL does not name, as
 * src/backend/commands/indexcmds.c does: `makeObjectName` (table, columns and
 * a label, the longer part cut first to fit NAMEDATALEN - 1 = 63 bytes, never
 * inside a multibyte character), the column part of an index or foreign key
 * name, and `ChooseRelationName`'s numeric suffix for a name already taken.
 */

const maxNameBytes = 63;

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a character boundary (pg_mbcliplen). */
function clipBytes(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** makeObjectName: `name1_name2_label`, name1 and name2 cut (the longer first) so the whole fits 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let name1Bytes = Buffer.byteLength(name1);
  let name2Bytes = name2 === undefined ? 0 : Buffer.byteLength(name2);
  let overhead = 0;
  if (name2 !== undefined) overhead++;
  if (label !== undefined) overhead += Buffer.byteLength(label) + 1;
  const available = maxNameBytes - overhead;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  let name = clipBytes(name1, name1Bytes);
  if (name2 !== undefined) name += `_${clipBytes(name2, name2Bytes)}`;
  if (label !== undefined) name += `_${label}`;
  return name;
}

/** ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the column names joined by `_`, stopping once 64 bytes are reached. */
export function columnsAddition(columns: string[]): string {
  let out = '';
  for (const column of columns) {
    if (out.length > 0) out += '_';
    out += column;
    if (Buffer.byteLength(out) >= maxNameBytes + 1) break;
  }
  return out;
}

/** ChooseRelationName: makeObjectName with `label`, then `label1`, `label2`, … until `taken` says the name is free. */
export function chooseName(name1: string, name2: string | undefined, label: string, taken: (name: string) => boolean): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name)) return name;
  }
}

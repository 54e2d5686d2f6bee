/** Text helpers: locale-independent ordering and counted nouns. */

/** Locale-independent string ordering, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const irregular: Record<string, string> = { index: 'indexes', policy: 'policies', 'materialized view': 'materialized views', entry: 'entries' };

/** `1 table`, `2 tables`, `1 index`, `3 indexes`: a number and its noun in the right number. */
export function counted(n: number, noun: string, plural = irregular[noun] ?? `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

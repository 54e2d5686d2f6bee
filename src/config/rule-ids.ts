/**
 * The `rules` key may only name rules that exist: a typo such as
 * `"rerunable-ddl": "off"` would otherwise leave the rule on, silently. The
 * known ids come from the caller (the config stage knows no rules).
 */

import { PgscribeError } from '../errors.js';
import type { Config } from './schema.js';

/** Edit distance between two short strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The known id closest to `id`, when it is close enough to be a typo of it. */
export function closestId(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(id, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

/** Throws a config error for the first key of `rules` that is not a known rule id. */
export function checkRuleIds(config: Config, known: readonly string[], file: string): void {
  const unknown = Object.keys(config.rules).sort().filter((id) => !known.includes(id));
  if (unknown.length === 0) return;
  const parts = unknown.map((id) => {
    const closest = closestId(id, known);
    return `rules.${id}: unknown rule id${closest ? ` (did you mean "${closest}"?)` : ''}`;
  });
  throw new PgscribeError('config', `invalid config: ${parts.join('; ')}; the rule ids are listed in docs/rules/`, { file });
}

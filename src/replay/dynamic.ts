/**
 * SQL built at run time (`EXECUTE some_variable`, in a DO block or in a
 * function a migration calls) makes objects the static model cannot know.
 * verify reads the catalog before and after each migration that may run such
 * SQL; what appeared there and the model does not have is put down to it: no
 * model mismatch, and one note per statement instead.
 */

import type { LoadedFile } from '../project.js';
import type { SqlStatement } from '../sql/parser.js';
import { flatten } from '../model/seeds.js';
import type { CatalogState } from './catalog-state.js';

/** EXECUTE of anything but a string constant. */
const runtimeExecute = /\bEXECUTE\s+(?!')/i;

/** Where a migration may run SQL built at run time: the first such statement of each file that has one. */
export function runtimeSqlStatements(migrations: LoadedFile[]): Map<LoadedFile, SqlStatement> {
  const builders = new Set<string>();
  for (const file of migrations) {
    for (const s of file.parsed.statements) {
      if (s.kind !== 'CreateFunctionStmt' || !runtimeExecute.test(s.text)) continue;
      const name = /FUNCTION\s+(?:[\w"]+\.)?"?([\w$]+)"?\s*\(/i.exec(s.text)?.[1];
      if (name) builders.add(name.toLowerCase());
    }
  }
  const calls = builders.size > 0 ? new RegExp(`\\b(?:${[...builders].map((n) => n.replace(/\$/g, '\\$')).join('|')})\\s*\\(`, 'i') : undefined;
  const out = new Map<LoadedFile, SqlStatement>();
  for (const file of migrations) {
    if (file.parsed.syntaxErrors.length > 0) continue;
    for (const s of flatten(file.parsed.statements)) {
      if (s.kind === 'CreateFunctionStmt') continue;
      if ((s.kind === 'DoStmt' && runtimeExecute.test(s.text)) || (s.kind !== 'DoStmt' && calls?.test(s.text))) {
        out.set(file, s);
        break;
      }
    }
  }
  return out;
}

/** The keys of the objects in `after` that are not in `before`: tables, indexes, triggers, policies, views and types. */
export function appeared(before: CatalogState, after: CatalogState): Set<string> {
  const keys = new Set<string>();
  for (const map of ['tables', 'indexes', 'triggers', 'policies', 'views', 'types'] as const) {
    for (const k of after[map].keys()) if (!before[map].has(k)) keys.add(`${map}:${k}`);
  }
  return keys;
}

/** A catalog of only the objects named in `keys` (of `state`): what run-time SQL made. */
export function subset(state: CatalogState, keys: Set<string>): CatalogState {
  const pick = <T>(map: 'tables' | 'indexes' | 'triggers' | 'policies' | 'views' | 'types', from: Map<string, T>) => new Map([...from].filter(([k]) => keys.has(`${map}:${k}`)));
  return { tables: pick('tables', state.tables), indexes: pick('indexes', state.indexes), triggers: pick('triggers', state.triggers), policies: pick('policies', state.policies), views: pick('views', state.views), types: pick('types', state.types) };
}

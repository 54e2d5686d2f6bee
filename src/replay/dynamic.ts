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
import type { Model } from '../model/types.js';
import { inputTypes } from '../model/catalog.js';
import { buildState, type CatalogState, functionStateKey, objectKey, stateKinds } from './catalog-state.js';

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

/** The keys (`kind:key`) of the objects in `after` that are not in `before`. */
export function appeared(before: CatalogState, after: CatalogState): Set<string> {
  const keys = new Set<string>();
  for (const kind of stateKinds) for (const k of after[kind].keys()) if (!before[kind].has(k)) keys.add(`${kind}:${k}`);
  return keys;
}

/** The keys (`kind:key`, as appeared() makes them) of every object the model has. */
export function modelKeys(model: Model): Set<string> {
  const keys = new Set<string>();
  for (const t of model.tables) keys.add(`tables:${objectKey(t.schema, t.name)}`);
  for (const i of model.indexes) keys.add(`indexes:${objectKey(i.schema, i.name)}`);
  for (const t of model.triggers) keys.add(`triggers:${objectKey(t.table.schema, t.table.name, t.name)}`);
  for (const p of model.policies) keys.add(`policies:${objectKey(p.table.schema, p.table.name, p.name)}`);
  for (const v of model.views) keys.add(`views:${objectKey(v.schema, v.name)}`);
  for (const t of model.types) keys.add(`types:${objectKey(t.schema, t.name)}`);
  for (const f of model.functions) keys.add(`functions:${functionStateKey(f.schema, f.name, inputTypes(f))}`);
  for (const q of model.sequences) keys.add(`sequences:${objectKey(q.schema, q.name)}`);
  return keys;
}

/** A catalog of only the objects named in `keys` (of `state`): what run-time SQL made. */
export function subset(state: CatalogState, keys: Set<string>): CatalogState {
  return buildState((kind) => new Map([...state[kind]].filter(([k]) => keys.has(`${kind}:${k}`))));
}

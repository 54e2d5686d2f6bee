/**
 * The predicted second run of a project's chain, made once per catalog when
 * the fold ends: the model (a trigger's `guarded`), rerunnable-ddl and the
 * report of undecided statements ask the same question. The steps the fold
 * recorded are read once, here, and let go after (a 4 MB history holds
 * ~10 MB of them), so nothing after the load carries them.
 */

import type { Catalog } from './catalog.js';
import { predictSecondRun, type SecondRun } from './rerun-passes.js';

const made = new WeakMap<Catalog, SecondRun>();

export function secondRunOf(catalog: Catalog): SecondRun {
  const known = made.get(catalog);
  if (known) return known;
  const result = predictSecondRun(catalog.rerun, catalog.rerunSetup);
  made.set(catalog, result);
  catalog.rerun.length = 0;
  catalog.rerunSetup = undefined;
  return result;
}

/**
 * Starting the command line fast. The CLI is one bundled CommonJS file
 * (dist/cli/pgscribe.cjs, see rolldown.config.mjs); it is compiled through
 * `vm.Script` with a V8 code cache (dist/cli/pgscribe.cjs.cache, written by
 * code-cache.ts at build time), so a run does not spend ~40 ms compiling
 * the same functions again. A cache from another Node version, other V8
 * flags or another build is rejected by V8 and the file is compiled as
 * usual; without `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER` (Node before
 * 20.12), which the bundle's dynamic imports (PGlite, pg) need under
 * `vm.Script`, the bundle is simply required.
 *
 * WebAssembly (the Postgres parser; PGlite for verify) runs on V8's baseline
 * compiler only: optimising it costs more than it saves in a run of a few
 * seconds (`check` on this repository 0.34 → 0.24 s, `verify` 2.9 → 2.3 s; a
 * bare parse of 40 MB of SQL is 11 % slower), and its functions are
 * validated when first compiled rather than all at load (libpg-query's
 * 1.7 MB module loads ~3 ms sooner). bin/pgscribe.js sets these before
 * anything is compiled; the cache must be made with the same flags.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { CliIo } from './io.js';

export const engineFlags = ['--liftoff-only', '--wasm-lazy-validation'];

export const bundleFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pgscribe.cjs');
export const cacheFile = `${bundleFile}.cache`;

interface CliModule {
  main: (args: string[], io?: CliIo) => Promise<number>;
  setEngineImporter: (fn: (specifier: string) => Promise<unknown>) => void;
}

export interface LoadedCli {
  main: CliModule['main'];
  /** The compiled script, when it went through vm.Script (for making the cache). */
  script?: vm.Script;
  /** True when a cache was there and V8 refused it. */
  cacheRejected: boolean;
}

export function setEngineFlags(): void {
  for (const flag of engineFlags) v8.setFlagsFromString(flag);
}

/** Loads the bundled CLI, with the code cache when there is one (`useCache: false` when making it). */
export function loadCli(useCache = true): LoadedCli {
  const require = createRequire(bundleFile);
  const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader) return { main: (require(bundleFile) as CliModule).main, cacheRejected: false };
  const source = readFileSync(bundleFile, 'utf8');
  const cachedData = useCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // Same shape as Node's CommonJS wrapper, on one line so line numbers stay true.
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: bundleFile, cachedData, importModuleDynamically: loader });
  const module = { exports: {} as CliModule };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, bundleFile, path.dirname(bundleFile));
  // import() inside code restored from a cache has no loader in Node 20: lend the bundle ours.
  module.exports.setEngineImporter((specifier) => import(specifier));
  return { main: module.exports.main, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

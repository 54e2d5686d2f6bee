/**
 * Build step (`npm run build`, after the bundle): writes the V8 code cache
 * for the bundled CLI (see launch.ts). The cache holds the functions compiled
 * while the CLI runs `check`, `lint` and `inspect` on this repository (output
 * discarded, exit codes ignored: only the compiled code matters), made with
 * the same engine flags as the launcher.
 *
 *   node dist/cli/code-cache.js
 */

import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package.js';
import type { CliIo } from './io.js';
import { cacheFile, loadCli, setEngineFlags } from './launch.js';

async function main(): Promise<void> {
  setEngineFlags();
  const { main: run, script } = loadCli(false);
  if (!script) return; // this Node cannot use a cache
  const silent: CliIo = { stdout: () => undefined, stderr: () => undefined, isTty: false, env: {} };
  for (const command of [['check'], ['lint'], ['inspect', '--format', 'json']]) await run(['--root', packageRoot, ...command], silent);
  const temp = `${cacheFile}.tmp`;
  writeFileSync(temp, script.createCachedData());
  renameSync(temp, cacheFile);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

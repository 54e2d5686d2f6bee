#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm run build` (which `npm ci` runs
// through `prepare`); dist/cli/launch.js loads it fast (see there). First it asks the
// result cache (dist/cli/result-cache.js): a run whose inputs are all as they were
// prints its stored result without loading the parser or the CLI.
import { lookup } from '../dist/cli/result-cache.js';

const args = process.argv.slice(2);
const cached = lookup(args, process.cwd(), process.env, { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) });
if (cached) {
  if (process.env.PGSCRIBE_CACHE_TRACE) process.stderr.write('pgscribe: result cache hit\n');
  if (cached.stderr) process.stderr.write(cached.stderr);
  if (cached.stdout) process.stdout.write(cached.stdout);
  process.exitCode = cached.code;
} else {
  const { loadCli, setEngineFlags } = await import('../dist/cli/launch.js');
  setEngineFlags();
  process.exitCode = await loadCli().main(args);
}

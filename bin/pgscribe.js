#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm run build` (which `npm ci` runs
// through `prepare`); dist/cli/launch.js loads it fast (see there).
import { loadCli, setEngineFlags } from '../dist/cli/launch.js';

setEngineFlags();
process.exitCode = await loadCli().main(process.argv.slice(2));

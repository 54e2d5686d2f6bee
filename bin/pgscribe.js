#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ (one bundled module, dist/cli/pgscribe.mjs)
// by `npm run build`, which `npm ci` runs through `prepare`.
import { main } from '../dist/cli/pgscribe.mjs';

process.exitCode = await main(process.argv.slice(2));

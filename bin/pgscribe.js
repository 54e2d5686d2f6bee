#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ (one bundled module, dist/cli/pgscribe.mjs)
// by `npm run build`, which `npm ci` runs through `prepare`.
import v8 from 'node:v8';

// WebAssembly (the Postgres parser; PGlite for verify) runs on V8's baseline compiler only.
// Optimising it costs more than it saves in a run of a few seconds: `check` on this
// repository 0.34 s → 0.24 s, `verify` 2.9 s → 2.3 s; a bare parse of 40 MB of SQL is
// 11 % slower (bench/README.md). Set before any module is compiled.
v8.setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/cli/pgscribe.mjs');
process.exitCode = await main(process.argv.slice(2));

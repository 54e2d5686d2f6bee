// Bundles the command line into one file (dist/cli/pgscribe.mjs), run by bin/pgscribe.js:
// loading one module instead of ~300 saves about 120 ms at every start. The library
// (dist/index.js) stays unbundled. libpg-query (its .wasm sits beside it), PGlite and pg
// stay external; PGlite and pg are imported only when a command replays.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'dist/cli/main.js',
  platform: 'node',
  external: ['libpg-query', /^@electric-sql\/pglite/, 'pg'],
  logLevel: 'warn',
  output: { file: 'dist/cli/pgscribe.mjs', format: 'esm' },
});

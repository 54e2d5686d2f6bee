// Bundles the command line into one CommonJS file (dist/cli/pgscribe.cjs), which
// dist/cli/launch.js compiles with a V8 code cache. Loading one file instead of ~300
// modules saves about 120 ms at every start, the cache about 40 ms more. The library
// (dist/index.js) stays unbundled. libpg-query's JavaScript is bundled too (so it is in the
// code cache; its .wasm is read from the installed package); PGlite and pg stay external,
// imported only when a command replays.
import { defineConfig } from 'rolldown';

/**
 * A plugin that rewrites one exact piece of one module; the build stops if the
 * piece is no longer there (the module changed and the rewrite must be looked at).
 */
function rewrite(name, module, from, to) {
  return {
    name,
    transform(code, id) {
      if (!module.test(id)) return null;
      if (!code.includes(from)) this.error(`${name}: '${from}' not found in ${id}`);
      return code.replace(from, to);
    },
  };
}

// libpg-query's Emscripten glue finds its .wasm beside itself (`__dirname`); bundled,
// that would be dist/cli. Point it at the installed package instead.
const libpgQueryWasmDir = rewrite(
  'libpg-query-wasm-dir',
  /[\\/]libpg-query[\\/]wasm[\\/]libpg-query\.js$/,
  'scriptDirectory=__dirname+"/"',
  'scriptDirectory=require("node:path").dirname(require.resolve("libpg-query"))+"/"',
);

const plugins = [
  // commander requires node:child_process at load time for executable subcommands,
  // which pgscribe does not have; loading it (with net, dgram and tty) costs ~4 ms of
  // every start. The bundle asks for it only if commander ever spawns.
  rewrite(
    'lazy-child-process',
    /[\\/]commander[\\/]lib[\\/]command\.js$/,
    "const childProcess = require('node:child_process');",
    "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  ),
  libpgQueryWasmDir,
  // The built-in templates, precompiled at build time (dist/templates.precompiled.cjs),
  // go into the bundle, and so into its code cache, instead of being required at run time.
  rewrite('bundled-templates', /[\\/]dist[\\/]docs[\\/]render\.js$/, 'createRequire(import.meta.url)(precompiledFile)', 'require("../templates.precompiled.cjs")'),
  // The parse worker (sql/prefetch.ts) runs the bundled worker script beside this bundle.
  rewrite(
    'bundled-parse-worker',
    /[\\/]dist[\\/]sql[\\/]prefetch\.js$/,
    "fileURLToPath(new URL('./prefetch-worker.js', import.meta.url))",
    'require("node:path").join(__dirname, "parse-worker.cjs")',
  ),
];

const output = { format: 'cjs', charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } };

export default defineConfig([
  {
    input: 'dist/cli/main.js',
    platform: 'node',
    external: [/^@electric-sql\/pglite/, 'pg'],
    plugins,
    logLevel: 'warn',
    output: { ...output, file: 'dist/cli/pgscribe.cjs' },
  },
  {
    input: 'dist/sql/prefetch-worker.js',
    platform: 'node',
    plugins: [libpgQueryWasmDir],
    logLevel: 'warn',
    output: { ...output, file: 'dist/cli/parse-worker.cjs' },
  },
]);

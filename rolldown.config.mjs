// Bundles the command line into one CommonJS file (dist/cli/pgscribe.cjs), which
// dist/cli/launch.js compiles with a V8 code cache. Loading one file instead of ~300
// modules saves about 120 ms at every start, the cache about 40 ms more. The library
// (dist/index.js) stays unbundled. libpg-query's JavaScript is bundled too (so it is in the
// code cache; its .wasm is read from the installed package); PGlite and pg stay external,
// imported only when a command replays.
import { defineConfig } from 'rolldown';

/**
 * commander requires node:child_process at load time for executable subcommands,
 * which pgscribe does not have; loading it (with net, dgram and tty) costs ~4 ms of
 * every start. The bundle asks for it only if commander ever spawns.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) this.error(`commander changed: "${eager}" not found in ${id}`);
    return code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};

/**
 * libpg-query's Emscripten glue finds its .wasm beside itself (`__dirname`); bundled,
 * that would be dist/cli. Point it at the installed package instead.
 */
const libpgQueryWasmDir = {
  name: 'libpg-query-wasm-dir',
  transform(code, id) {
    if (!/[\\/]libpg-query[\\/]wasm[\\/]libpg-query\.js$/.test(id)) return null;
    const local = 'scriptDirectory=__dirname+"/"';
    if (!code.includes(local)) this.error(`libpg-query changed: '${local}' not found in ${id}`);
    return code.replace(local, 'scriptDirectory=require("node:path").dirname(require.resolve("libpg-query"))+"/"');
  },
};

/**
 * The built-in templates, precompiled at build time (dist/templates.precompiled.cjs),
 * go into the bundle, and so into its code cache, instead of being required at run time.
 */
const bundledTemplates = {
  name: 'bundled-templates',
  transform(code, id) {
    if (!/[\\/]dist[\\/]docs[\\/]render\.js$/.test(id)) return null;
    const dynamic = 'createRequire(import.meta.url)(precompiledFile)';
    if (!code.includes(dynamic)) this.error(`render.js changed: '${dynamic}' not found in ${id}`);
    return code.replace(dynamic, 'require("../templates.precompiled.cjs")');
  },
};

export default defineConfig({
  input: 'dist/cli/main.js',
  platform: 'node',
  external: [/^@electric-sql\/pglite/, 'pg'],
  plugins: [lazyChildProcess, libpgQueryWasmDir, bundledTemplates],
  logLevel: 'warn',
  output: { file: 'dist/cli/pgscribe.cjs', format: 'cjs', charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } },
});

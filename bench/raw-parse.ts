/**
 * The floor for the benchmark: a bare libpg-query parse of the files named in
 * a list file (one path per line), and nothing else. Files that do not parse
 * are skipped, as a parser-only tool would. WebAssembly runs on V8's baseline
 * compiler only, as in pgscribe's own launcher (bin/pgscribe.js), so the
 * floor gets the same engine settings.
 *
 *   node bench/out/raw-parse.js LIST
 */

import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

v8.setFlagsFromString('--liftoff-only');
const { loadModule, parseSync } = await import('libpg-query');

const list = process.argv[2];
if (!list) {
  process.stderr.write('usage: raw-parse.js LIST\n');
  process.exit(2);
}
await loadModule();
let statements = 0;
for (const file of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
  try {
    const result = parseSync(readFileSync(file, 'utf8')) as { stmts?: unknown[] };
    statements += result.stmts?.length ?? 0;
  } catch {
    // a syntax error: the parse still happened
  }
}
process.stdout.write(`${statements} statements\n`);

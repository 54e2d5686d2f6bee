/**
 * The package version, read once from the package.json above this module
 * (dist/version.js in the library, dist/cli/pgscribe.mjs in the bundled CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageJson(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'package.json');
}

export const version: string = (JSON.parse(readFileSync(packageJson(), 'utf8')) as { version: string }).version;

/**
 * pgscribe's own package: its root (the folder with its package.json, found
 * above this module: dist/ in the library, dist/cli/ in the bundled CLI,
 * src/ under the tests) and its version. Built-in templates and the rule
 * pages are found from the root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const packageRoot = findPackageRoot();

export const version: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

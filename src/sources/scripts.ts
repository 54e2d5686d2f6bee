/**
 * The command that regenerates a project's docs, as its users run it: the
 * `docs:generate` npm script when the root's package.json has one, else
 * `npx pgscribe generate`. Drift messages name it.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';

export function generateCommand(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    if (typeof pkg.scripts?.['docs:generate'] === 'string') return 'npm run docs:generate';
  } catch {
    // no package.json, or not JSON: the plain command works anywhere
  }
  return 'npx pgscribe generate';
}

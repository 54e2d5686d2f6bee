/**
 * A small, dependency-free glob for project-relative paths: `*`, `?`, `**`,
 * `{a,b}` and `[abc]`. Paths always use forward slashes; results are sorted.
 */

import { readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { PgscribeError } from '../errors.js';

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Compiles a glob into an anchored regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inGroup++;
      out += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      out += ')';
    } else if (c === ',' && inGroup > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += escapeRegex(c);
  }
  return new RegExp(`^${out}$`);
}

/** The directory part of a glob before its first wildcard. */
function staticPrefix(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?{[]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

function walkFiles(root: string, dir: string, out: string[], dangling: string[] = []): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walkFiles(root, rel, out, dangling);
    else if (entry.isFile()) out.push(rel);
    else if (entry.isSymbolicLink()) {
      try {
        if (statSync(path.join(root, rel)).isFile()) out.push(rel);
      } catch {
        dangling.push(rel); // a dangling link is not a file, but its name may be one that was meant
      }
    }
  }
}

/**
 * Files under `root` matching any of `globs`, as sorted root-relative paths.
 * A symbolic link that matches but leads nowhere is an error naming it: a
 * migration that silently went missing must not make a run green.
 */
export function expandGlobs(root: string, globs: string[]): string[] {
  const found = new Set<string>();
  for (const glob of globs) {
    const normalized = glob.replace(/\\/g, '/').replace(/^\.\//, '');
    const matcher = globToRegExp(normalized);
    const files: string[] = [];
    const dangling: string[] = [];
    walkFiles(root, staticPrefix(normalized), files, dangling);
    for (const file of files) if (matcher.test(file)) found.add(file);
    const broken = dangling.find((file) => matcher.test(file));
    if (broken !== undefined) {
      let target = '?';
      try {
        target = readlinkSync(path.join(root, broken));
      } catch {
        // keep '?'
      }
      throw new PgscribeError('io', `dangling symbolic link: it points to ${target}, which does not exist (expected a SQL file matching ${glob})`, { file: broken });
    }
  }
  return [...found].sort();
}

/** True when `file` (root-relative) matches any of `globs`. */
export function matchesAny(file: string, globs: string[]): boolean {
  return globs.some((g) => globToRegExp(g.replace(/^\.\//, '')).test(file));
}

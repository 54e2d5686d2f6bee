/**
 * A link checker for generated Markdown: every link and image destination
 * that is not a URL must name a file (or folder) that exists (on disk or
 * among the generated files), a `#Ln` fragment a line of that file, and any other
 * fragment an `id="…"` in the target page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** The link destinations of a Markdown text (links, images, definitions), as remark reads them. */
export function linksOf(markdown: string): string[] {
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const out: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') out.push(node.url);
  });
  return out;
}

/** Problems with the links of `files` (root-relative path → text), resolved against `files` and then the disk under `root`. */
export function brokenLinks(root: string, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const textOf = (file: string): string | undefined => {
    if (files.has(file)) return files.get(file);
    const full = path.join(root, file);
    if (!existsSync(full)) return undefined;
    return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8');
  };
  for (const [file, text] of files) {
    if (!file.endsWith('.md')) continue;
    for (const url of linksOf(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) continue; // a URL
      const [rawPath, fragment] = url.split('#', 2) as [string, string | undefined];
      const target = rawPath === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath)));
      const content = textOf(target);
      if (content === undefined) {
        problems.push(`${file}: ${url} → ${target} does not exist`);
        continue;
      }
      if (fragment === undefined) continue;
      const line = /^L(\d+)$/.exec(fragment);
      if (line) {
        if (Number(line[1]) > content.split('\n').length) problems.push(`${file}: ${url} → ${target} has no line ${line[1]}`);
      } else if (!content.includes(`id="${fragment}"`)) problems.push(`${file}: ${url} → no id "${fragment}" in ${target}`);
    }
  }
  return problems;
}

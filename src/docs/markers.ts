/**
 * Generated sections in Markdown files, located in the remark syntax tree:
 * `<!-- pgscribe:begin NAME -->` … `<!-- pgscribe:end NAME -->`. A marker
 * shown inside a fenced code block or inline code is text, not a marker
 * (remark never makes those `html` nodes). Missing, unpaired, duplicated,
 * nested and unknown markers are errors naming file and line.
 */

import type { Html, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { PgscribeError } from '../errors.js';

export interface Section {
  name: string;
  /** UTF-16 index just after the begin marker's comment. */
  contentStart: number;
  /** UTF-16 index of the end marker's comment. */
  contentEnd: number;
  beginLine: number;
  endLine: number;
}

const markerPattern = /<!--\s*pgscribe:(begin|end)\s+([^\s]+)\s*-->/g;

interface Marker {
  kind: 'begin' | 'end';
  name: string;
  start: number;
  end: number;
  line: number;
}

function markersIn(text: string): Marker[] {
  // CommonMark is enough to tell markers from code (fences, indented code, inline code); GFM adds only cost here.
  const tree = unified().use(remarkParse).parse(text) as Root;
  const markers: Marker[] = [];
  visit(tree, 'html', (node: Html) => {
    const base = node.position?.start.offset;
    if (base === undefined) return;
    for (const match of node.value.matchAll(markerPattern)) {
      const start = base + (match.index ?? 0);
      markers.push({
        kind: match[1] as 'begin' | 'end',
        name: match[2],
        start,
        end: start + match[0].length,
        line: text.slice(0, start).split('\n').length,
      });
    }
  });
  return markers.sort((a, b) => a.start - b.start);
}

/**
 * The sections of a Markdown file. `known` lists the section names this file
 * may carry; any other name is an error.
 */
export function findSections(file: string, text: string, known: string[]): Section[] {
  const sections: Section[] = [];
  let open: Marker | undefined;
  const seen = new Map<string, number>();
  for (const marker of markersIn(text)) {
    const where = { file, line: marker.line };
    if (!known.includes(marker.name)) {
      const expected = known.length > 0 ? `one of: ${known.join(', ')}` : 'no pgscribe sections in this file';
      throw new PgscribeError('markers', `unknown section "${marker.name}" (expected ${expected})`, where);
    }
    if (marker.kind === 'begin') {
      if (open) throw new PgscribeError('markers', `begin marker "${marker.name}" inside section "${open.name}" (opened at line ${open.line}); sections cannot nest`, where);
      const previous = seen.get(marker.name);
      if (previous !== undefined) throw new PgscribeError('markers', `section "${marker.name}" appears twice (first at line ${previous})`, where);
      seen.set(marker.name, marker.line);
      open = marker;
      continue;
    }
    if (!open) throw new PgscribeError('markers', `end marker "${marker.name}" without a begin marker before it`, where);
    if (open.name !== marker.name) {
      throw new PgscribeError('markers', `end marker "${marker.name}" closes section "${open.name}" (opened at line ${open.line}); expected <!-- pgscribe:end ${open.name} -->`, where);
    }
    sections.push({ name: open.name, contentStart: open.end, contentEnd: marker.start, beginLine: open.line, endLine: marker.line });
    open = undefined;
  }
  if (open) {
    throw new PgscribeError('markers', `section "${open.name}" has no end marker (expected <!-- pgscribe:end ${open.name} -->)`, { file, line: open.line });
  }
  return sections;
}

/** The file's line ending: CRLF when its first line ends so, else LF. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** Replaces each named section's content; text outside markers is untouched. */
export function replaceSections(text: string, sections: Section[], contents: Map<string, string>): string {
  const eol = lineEnding(text);
  let out = '';
  let cursor = 0;
  for (const section of sections) {
    const content = contents.get(section.name);
    if (content === undefined) continue;
    const body = content.replace(/\r?\n/g, eol).replace(new RegExp(`(${eol})+$`), '');
    out += text.slice(cursor, section.contentStart) + eol + body + eol;
    cursor = section.contentEnd;
  }
  return out + text.slice(cursor);
}

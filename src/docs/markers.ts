/**
 * Generated sections in Markdown files, located in the remark syntax tree:
 * `<!-- pgscribe:begin NAME -->` … `<!-- pgscribe:end NAME -->`. A marker
 * shown inside a fenced code block or inline code is text, not a marker
 * (remark never makes those `html` nodes). Missing, unpaired, duplicated,
 * nested and unknown markers are errors naming file and line.
 *
 * Parsing a whole document costs time in proportion to its size, and most of
 * a generated document is generated content. A line scan that tracks fenced
 * code finds the markers that stand alone on their lines. When every
 * section's content is inert (it cannot leave a code block open or hide a
 * marker: no HTML block, no indented fence, every fence closed), remark
 * parses the document without the section contents and must find exactly
 * those markers; when the scan met nothing it cannot judge (HTML blocks,
 * indented fences, marker text elsewhere) no parse is needed at all.
 * Anything else takes the full parse. A test holds the fast path to the
 * full parse's answer on tens of thousands of random documents.
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

export interface Marker {
  kind: 'begin' | 'end';
  name: string;
  start: number;
  end: number;
  line: number;
}

/** Markers as remark sees them: `html` nodes only (never code). Exported for tests. */
export function parsedMarkers(text: string): Marker[] {
  // CommonMark is enough to tell markers from code (fences, indented code, inline code); GFM adds only cost here.
  const tree = unified().use(remarkParse).parse(text) as Root;
  const markers: Marker[] = [];
  visit(tree, 'html', (node: Html) => {
    const base = node.position?.start.offset;
    if (base === undefined) return;
    for (const match of node.value.matchAll(markerPattern)) {
      const start = base + (match.index ?? 0);
      markers.push({ kind: match[1] as 'begin' | 'end', name: match[2], start, end: start + match[0].length, line: lineAt(text, start) });
    }
  });
  return markers.sort((a, b) => a.start - b.start);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Index just after the line break that ends the line containing `index` (or the text's end). */
function nextLineStart(text: string, index: number): number {
  const lf = text.indexOf('\n', index);
  return lf === -1 ? text.length : lf + 1;
}

const indentedFence = /^[ \t]+(`{3,}|~{3,})/;
const htmlStart = /^ {0,3}</;
const markerText = /<!--\s*pgscribe:(begin|end)/;

/** The opening fence of a line (0–3 spaces of indent), when it is one. */
function openingFence(line: string): { char: string; length: number } | undefined {
  const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!open || (open[1][0] === '`' && open[2].includes('`'))) return undefined;
  return { char: open[1][0], length: open[1].length };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return close !== null && close[1][0] === fence.char && close[1].length >= fence.length;
}

interface Scan {
  /** Marker comments alone on a line, outside fenced code. */
  lines: Marker[];
  /** Where marker-like text or a line the scan cannot judge (an HTML block, an indented fence) sits outside fenced code. */
  unsure: number[];
}

/** A plain line scan: fenced code tracked, lone marker lines collected, anything else doubtful noted. */
function scanLines(text: string): Scan {
  const lines: Marker[] = [];
  const unsure: number[] = [];
  let fence: { char: string; length: number } | undefined;
  let lineNumber = 0;
  for (let at = 0; at < text.length; ) {
    const start = at;
    at = nextLineStart(text, start);
    const line = text.slice(start, at).replace(/\r?\n$/, '');
    lineNumber++;
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const alone = /^<!--\s*pgscribe:(begin|end)\s+([^\s]+)\s*-->[ \t]*$/.exec(line);
    if (alone) {
      lines.push({ kind: alone[1] as 'begin' | 'end', name: alone[2], start, end: start + line.replace(/[ \t]+$/, '').length, line: lineNumber });
      continue;
    }
    if (indentedFence.test(line) || htmlStart.test(line) || markerText.test(line)) unsure.push(start);
    fence = openingFence(line);
  }
  return { lines, unsure };
}

/** The fast path (see the module comment), or undefined when the full parse must decide. Exported for tests. */
export function skeletonMarkers(text: string): Marker[] | undefined {
  const { lines: candidates, unsure } = scanLines(text);
  let skeleton = '';
  let cursor = 0;
  for (let i = 0; i < candidates.length; i += 2) {
    const [begin, end] = [candidates[i], candidates[i + 1]];
    if (!end || begin.kind !== 'begin' || end.kind !== 'end' || begin.name !== end.name) return undefined;
    const contentStart = nextLineStart(text, begin.end);
    if (contentStart > end.start) return undefined;
    // The content is inert when the scan found nothing doubtful in it (both markers lie outside
    // fences, so its fences close); else only the full parse, which sees the content, can judge.
    if (unsure.some((o) => o >= contentStart && o < end.start)) return undefined;
    skeleton += text.slice(cursor, contentStart);
    cursor = end.start;
  }
  // Nothing doubtful outside the sections: the scan has decided every line.
  if (unsure.length === 0) return candidates;
  skeleton += text.slice(cursor);
  const seen = parsedMarkers(skeleton);
  if (seen.length !== candidates.length || seen.some((m, i) => m.kind !== candidates[i].kind || m.name !== candidates[i].name)) return undefined;
  return candidates;
}

function markersIn(text: string): Marker[] {
  return skeletonMarkers(text) ?? parsedMarkers(text);
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

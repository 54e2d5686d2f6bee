/**
 * Comments between statements.
 *
 * libpg-query's statement ranges cover the whitespace and comments that come
 * before a statement (after the previous semicolon). This reads that gap with
 * a tiny lexer (whitespace, `--` line comments, nestable block comments) so a
 * statement gets its true first token and its leading comments, which is where
 * suppressions (`-- pgscribe-ignore …`) live.
 */

export interface GapComment {
  /** The comment text including its `--` or `/* … *\/` markers. */
  text: string;
  /** UTF-16 index where the comment starts. */
  start: number;
  /** UTF-16 index just past the comment. */
  end: number;
}

export interface Gap {
  comments: GapComment[];
  /** UTF-16 index of the first character that is neither space nor comment. */
  end: number;
}

/** Reads whitespace and comments in `text` from `start` up to `limit`. */
export function readGap(text: string, start: number, limit = text.length): Gap {
  const comments: GapComment[] = [];
  let i = start;
  while (i < limit) {
    const c = text.charCodeAt(i);
    // space, tab, LF, VT, FF, CR, and a BOM.
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      let end = text.indexOf('\n', i);
      if (end === -1 || end > limit) end = limit;
      const raw = text.slice(i, end);
      comments.push({ text: raw.replace(/\r$/, ''), start: i, end });
      i = end;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      let depth = 1;
      let j = i + 2;
      while (j < limit && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      comments.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    break;
  }
  return { comments, end: Math.min(i, limit) };
}

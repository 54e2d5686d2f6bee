/**
 * Source text and positions.
 *
 * libpg-query reports UTF-8 *byte* offsets (and, for syntax errors, a code
 * point index). JavaScript strings index UTF-16 code units. This module is the
 * one place that converts between them, and from a string index to a 1-based
 * line and column (columns count UTF-16 code units, as SARIF's default
 * `utf16CodeUnits` and editors do).
 */

export interface Position {
  /** 0-based UTF-16 index into the file's text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

const nonAscii = /[^\x00-\x7f]/;

/**
 * Converts offsets in a string that was handed to the parser. Pure ASCII
 * strings (the common case) convert by identity; otherwise a sorted list of
 * the multi-byte characters gives an O(log n) conversion without a per-byte
 * table.
 */
export class OffsetMap {
  /** UTF-8 byte offset of every non-ASCII character, ascending. */
  private readonly byteStarts: number[] = [];
  /** Extra bytes (UTF-8 length minus UTF-16 length) accumulated *after* each entry. */
  private readonly extraAfter: number[] = [];
  /** UTF-16 index of each astral code point (two code units), ascending. */
  private readonly astral: number[] = [];

  constructor(readonly text: string) {
    // Skip the ASCII prefix with one native regex search (often the whole text).
    const firstWide = text.search(nonAscii);
    if (firstWide === -1) return;
    let byte = firstWide;
    let extra = 0;
    for (let i = firstWide; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        byte += 1;
        continue;
      }
      let utf8Length: number;
      let utf16Length = 1;
      if (code < 0x800) utf8Length = 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          utf8Length = 4;
          utf16Length = 2;
          this.astral.push(i);
        } else utf8Length = 3;
      } else utf8Length = 3;
      this.byteStarts.push(byte);
      extra += utf8Length - utf16Length;
      this.extraAfter.push(extra);
      byte += utf8Length;
      i += utf16Length - 1;
    }
  }

  get isAscii(): boolean {
    return this.byteStarts.length === 0;
  }

  /** UTF-16 index of the character that starts at UTF-8 byte offset `byte`. */
  indexOfByte(byte: number): number {
    if (this.byteStarts.length === 0) return byte;
    // Count the multi-byte characters that start before `byte`.
    let lo = 0;
    let hi = this.byteStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.byteStarts[mid] < byte) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? byte : byte - this.extraAfter[lo - 1];
  }

  /** UTF-16 index of the code point with 0-based code point index `cp`. */
  indexOfCodePoint(cp: number): number {
    let index = cp;
    for (const at of this.astral) {
      if (at < index) index += 1;
      else break;
    }
    return index;
  }
}

/** A file's text with its line table. */
export class SourceText {
  readonly offsets: OffsetMap;
  private readonly lineStarts: number[];

  constructor(
    /** Path relative to the project root, with forward slashes. */
    readonly file: string,
    readonly text: string,
  ) {
    this.offsets = new OffsetMap(text);
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of a UTF-16 index. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { offset: clamped, line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
  }

  /** Position of a UTF-8 byte offset as reported by libpg-query. */
  positionAtByte(byte: number): Position {
    return this.positionAt(this.offsets.indexOfByte(byte));
  }

  /** UTF-16 index of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}

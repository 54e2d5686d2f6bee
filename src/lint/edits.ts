/**
 * Text edits for fixes (`pgscribe fix`): a statement's tokens with their
 * places in the file, and edits made at tokens — insert after a keyword,
 * replace a keyword, wrap the statement. The rules build their fixes from
 * these; fix.ts applies them to the files' bytes.
 */

import type { FindingPlace } from './types.js';
import type { TextEdit } from '../report/findings.js';
import { type LexToken, tokenize } from '../sql/lexer.js';
import type { SourceText } from '../sql/source.js';

/** A statement's code tokens (comments left out), each with its file offset, and the statement's text. */
export interface StatementTokens {
  source: SourceText;
  /** File offset of the statement's first character. */
  start: number;
  /** File offset after its last character. */
  end: number;
  text: string;
  tokens: LexToken[];
}

/** The tokens of the statement at `place` (its start and end as findings give them). */
export function statementTokens(source: SourceText, place: Pick<FindingPlace, 'line' | 'column' | 'endLine' | 'endColumn'>): StatementTokens {
  const start = source.lineStart(place.line) + place.column - 1;
  const end = source.lineStart(place.endLine) + place.endColumn - 1;
  const text = source.text.slice(start, end);
  return { source, start, end, text, tokens: tokenize(text).filter((t) => !t.comment) };
}

/** The index of the token after the keyword sequence `words` (each an alternative set, `?` for optional) from token `from`, or -1. */
export function afterKeywords(tokens: LexToken[], from: number, words: string[]): number {
  let i = from;
  for (const word of words) {
    const optional = word.endsWith('?');
    const choices = (optional ? word.slice(0, -1) : word).split('|');
    if (i < tokens.length && choices.includes(tokens[i].upper)) i++;
    else if (!optional) return -1;
  }
  return i;
}

/** An edit at a file offset: `length` characters there replaced by `text`. */
function editAt(source: SourceText, offset: number, length: number, text: string): TextEdit {
  const position = source.positionAt(offset);
  return { line: position.line, column: position.column, length, text };
}

/** Inserts `text` right before token `index` (at the statement's end when `index` is past the last token). */
export function insertBefore(s: StatementTokens, index: number, text: string): TextEdit {
  const offset = index < s.tokens.length ? s.start + s.tokens[index].start : s.end;
  return editAt(s.source, offset, 0, text);
}

/** Inserts `text` right after token `index`. */
export function insertAfter(s: StatementTokens, index: number, text: string): TextEdit {
  return editAt(s.source, s.start + s.tokens[index].end, 0, text);
}

/** Replaces token `index` with `text`. */
export function replaceToken(s: StatementTokens, index: number, text: string): TextEdit {
  const token = s.tokens[index];
  return editAt(s.source, s.start + token.start, token.end - token.start, text);
}

/** Edits that put `before` in front of the statement and `after` behind it (before its semicolon). */
export function wrap(s: StatementTokens, before: string, after: string): TextEdit[] {
  return [editAt(s.source, s.start, 0, before), editAt(s.source, s.end, 0, after)];
}

/** The index of the first top-level (outside parentheses) token from `from` that is one of `words`, or -1. */
export function topLevel(tokens: LexToken[], words: string[], from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (depth === 0 && words.includes(tokens[i].upper)) return i;
  }
  return -1;
}

/** A dollar-quote tag that does not occur in `text` (`$$`, else `$pgscribe$`), or undefined. */
export function dollarTag(text: string): string | undefined {
  if (!text.includes('$$')) return '$$';
  return text.includes('$pgscribe$') ? undefined : '$pgscribe$';
}

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

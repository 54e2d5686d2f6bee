/**
 * A JavaScript tokenizer with the Postgres lexer's token boundaries, for
 * finding where an expression ends (see expr.ts).
 *
 * The parser (libpg-query) gives expressions a start but no length. Asking
 * the WebAssembly scanner for the tokens of every statement with an
 * expression cost more than parsing the statement itself (the tokens come
 * back as JSON); this walks the UTF-16 text directly. It follows scan.l for
 * what decides a boundary: strings ('', E'' with backslashes, U&'', B'',
 * X'', continuation across a newline; N'' is the keyword N then a string, as
 * in Postgres), quoted identifiers, dollar quotes, nested block comments,
 * line comments, numbers, parameters, operators (cut at `--` and `/*`,
 * trailing `+`/`-` dropped as Postgres does) and punctuation. The test suite
 * checks it token by token against the real scanner on every SQL file of
 * this repository, the corpus and a synthetic project.
 */

export interface LexToken {
  /** UTF-16 index of the first character. */
  start: number;
  /** UTF-16 index after the last character. */
  end: number;
  text: string;
  /** `text` in upper case for a word (to compare with keywords); other tokens' text as it is. */
  upper: string;
  comment: boolean;
}

const operatorChars = new Set('+-*/<>=~!@#%^&|`?');
/** Characters that let an operator end in `+` or `-` (scan.l). */
const operatorKeepsSign = new Set('~!@#%^&|`?');
const twoCharTokens = new Set(['::', ':=', '..']);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c.charCodeAt(0) >= 0x80;
/** The rest of an identifier (letters, digits, `_`, `$`, any non-ASCII), matched at `lastIndex`. */
const identifierRest = /[A-Za-z0-9_$\u0080-\uffff]*/y;

/** End of a quoted run starting at the opening quote `i` ('' or "" doubles the quote; `backslash` honours \ escapes). */
function quotedEnd(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslash && c === '\\') j += 2;
    else if (c === quote) {
      if (text[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

/** A string literal, and any continuation ('a'<newline>'b' is one literal). */
function stringEnd(text: string, quoteAt: number, backslash: boolean): number {
  let end = quotedEnd(text, quoteAt, "'", backslash);
  for (;;) {
    let j = end;
    let newline = false;
    while (j < text.length && isSpace(text[j])) {
      if (text[j] === '\n' || text[j] === '\r') newline = true;
      j++;
    }
    if (!newline || text[j] !== "'") return end;
    end = quotedEnd(text, j, "'", backslash);
  }
}

function blockCommentEnd(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return text.length;
}

/** `$tag$` at i (tag may be empty), or undefined. */
function dollarTag(text: string, i: number): string | undefined {
  let j = i + 1;
  if (j < text.length && isIdentStart(text[j])) {
    j++;
    while (j < text.length && (isIdentStart(text[j]) || isDigit(text[j]))) j++;
  }
  return text[j] === '$' ? text.slice(i, j + 1) : undefined;
}

function numberEnd(text: string, i: number): number {
  let j = i;
  if (text[j] === '0' && /[xXoObB]/.test(text[j + 1] ?? '') && /[0-9a-fA-F_]/.test(text[j + 2] ?? '')) {
    j += 2;
    while (j < text.length && /[0-9a-fA-F_]/.test(text[j])) j++;
    return j;
  }
  while (j < text.length && (isDigit(text[j]) || text[j] === '_')) j++;
  // `1..2` is 1, `..`, 2 — a decimal point is not followed by another.
  if (text[j] === '.' && text[j + 1] !== '.') {
    j++;
    while (j < text.length && (isDigit(text[j]) || text[j] === '_')) j++;
  }
  if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1] ?? '') || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2] ?? '')))) {
    j += 2;
    while (j < text.length && isDigit(text[j])) j++;
  }
  return j;
}

function operatorEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && operatorChars.has(text[j])) {
    if (j > i && ((text[j] === '-' && text[j + 1] === '-') || (text[j] === '/' && text[j + 1] === '*'))) break;
    j++;
  }
  // A multi-character operator ending in + or - loses them unless it has one of ~!@#%^&|`?.
  if (j - i > 1) {
    let keeps = false;
    for (let k = i; k < j; k++) if (operatorKeepsSign.has(text[k])) keeps = true;
    if (!keeps) while (j - i > 1 && (text[j - 1] === '+' || text[j - 1] === '-')) j--;
  }
  return j;
}

/** The prefixed string forms: E'', B'', X'', U&''. Returns the end, or undefined. */
function prefixedStringEnd(text: string, i: number): number | undefined {
  const c = text[i];
  const next = text[i + 1];
  if (next === "'" && /[eExXbB]/.test(c)) return stringEnd(text, i + 1, c === 'e' || c === 'E');
  if ((c === 'u' || c === 'U') && next === '&' && text[i + 2] === "'") return stringEnd(text, i + 2, false);
  if ((c === 'u' || c === 'U') && next === '&' && text[i + 2] === '"') return quotedEnd(text, i + 2, '"', false);
  return undefined;
}

function tokenEnd(text: string, i: number): { end: number; comment: boolean } {
  const c = text[i];
  const next = text[i + 1];
  if (c === '-' && next === '-') {
    let j = i + 2;
    while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
    return { end: j, comment: true };
  }
  if (c === '/' && next === '*') return { end: blockCommentEnd(text, i), comment: true };
  if (c === "'") return { end: stringEnd(text, i, false), comment: false };
  if (c === '"') return { end: quotedEnd(text, i, '"', false), comment: false };
  if (c === '$') {
    if (isDigit(next ?? '')) {
      let j = i + 1;
      while (j < text.length && isDigit(text[j])) j++;
      return { end: j, comment: false };
    }
    const tag = dollarTag(text, i);
    if (tag) {
      const close = text.indexOf(tag, i + tag.length);
      return { end: close === -1 ? text.length : close + tag.length, comment: false };
    }
    return { end: i + 1, comment: false };
  }
  if (isIdentStart(c)) {
    const prefixed = prefixedStringEnd(text, i);
    if (prefixed !== undefined) return { end: prefixed, comment: false };
    identifierRest.lastIndex = i + 1;
    identifierRest.exec(text);
    return { end: identifierRest.lastIndex, comment: false };
  }
  if (isDigit(c) || (c === '.' && isDigit(next ?? ''))) return { end: numberEnd(text, i), comment: false };
  if (twoCharTokens.has(c + (next ?? ''))) return { end: i + 2, comment: false };
  if (operatorChars.has(c)) return { end: operatorEnd(text, i), comment: false };
  return { end: i + 1, comment: false };
}

/** Every token of `text`, comments included, in order. Never throws. */
export function tokenize(text: string): LexToken[] {
  const tokens: LexToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const { end, comment } = tokenEnd(text, i);
    const tokenText = text.slice(i, end);
    // Only a word can be a keyword: other tokens keep their text as `upper`.
    tokens.push({ start: i, end, text: tokenText, upper: isIdentStart(text[i]) ? tokenText.toUpperCase() : tokenText, comment });
    i = end;
  }
  return tokens;
}

/**
 * The source text of an expression node, as the user wrote it.
 *
 * libpg-query gives expressions a start `location` but no length, and this
 * package has no deparser. The text is recovered from the statement's own
 * tokens (lexer.ts, with the Postgres lexer's boundaries): from the smallest location in the node's subtree,
 * forward while parentheses balance, up to a delimiter — a top-level `,`, `;`,
 * an unmatched `)`, or (for column defaults) the keyword of the next column
 * constraint. Whitespace is folded to single spaces; redundant outer
 * parentheses are removed.
 */

import { locationRange } from './ast.js';
import { type LexToken, tokenize } from './lexer.js';
import type { SqlStatement } from './parser.js';

/** The statement's tokens, kept in its parse session's one-entry slot (see ParseSession.tokens). */
function tokensOf(statement: SqlStatement): LexToken[] {
  const session = statement.scope.session;
  if (session.tokens?.statement !== statement) session.tokens = { statement, tokens: tokenize(statement.text) };
  return session.tokens.tokens;
}

/** Index of the first token starting at or after `index` (binary search), or -1. */
function firstTokenFrom(tokens: LexToken[], index: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tokens[mid].start < index) low = mid + 1;
    else high = mid;
  }
  return low < tokens.length ? low : -1;
}

/** Where an expression ends. `default` also stops at the next column-constraint keyword. */
export type ExpressionContext = 'list' | 'default' | 'element' | 'tail';

/** Keywords that end an expression in any context (`GENERATED … AS (expr) STORED`). */
const generatedKeywords = new Set(['STORED', 'VIRTUAL']);

/** Keywords that end an index or exclusion element (`expr WITH &&`, `expr DESC`). */
const elementKeywords = new Set(['WITH', 'ASC', 'DESC', 'NULLS', 'COLLATE']);

const constraintKeywords = new Set([
  'NOT', 'NULL', 'CONSTRAINT', 'CHECK', 'UNIQUE', 'PRIMARY', 'REFERENCES', 'GENERATED', 'DEFAULT',
  'COLLATE', 'DEFERRABLE', 'INITIALLY',
]);

const wordOperators = new Set(['AND', 'OR', 'IS', 'NOT', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'SIMILAR', 'AT', 'COLLATE']);

function isOperator(t: LexToken): boolean {
  return /^[+\-*/<>=~!@#%^&|`?:]+$/.test(t.text) || wordOperators.has(t.upper) || t.text === '[';
}

/** Folds whitespace and strips parentheses that wrap the whole expression. */
export function tidyExpression(text: string): string {
  let out = text.replace(/\s+/g, ' ').trim();
  while (out.startsWith('(') && out.endsWith(')') && wrapsWhole(out)) out = out.slice(1, -1).trim();
  return out;
}

function wrapsWhole(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/**
 * Text of the expression `node` inside `statement`. Returns undefined when the
 * node carries no location.
 */
export function expressionText(statement: SqlStatement, node: unknown, context: ExpressionContext = 'list'): string | undefined {
  const range = locationRange(node);
  if (!range) return undefined;
  const tokens = tokensOf(statement);
  const startIndex = statement.scope.indexOf(range.min) - statement.scopeStart;
  if (tokens.length === 0 || startIndex < 0) return undefined;
  let first = firstTokenFrom(tokens, startIndex);
  if (first === -1) return undefined;
  let openBefore = 0;
  for (let i = first - 1; i >= 0 && tokens[i].text === '('; i--) openBefore++;
  let depth = 0;
  let last = first;
  // Set after closing the outermost paren before the expression: it may be the
  // context's own paren (`USING (x) WITH CHECK …`), so only an operator goes on.
  let closedOutermost = false;
  for (let i = first; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.comment) continue;
    if (closedOutermost && !isOperator(t)) break;
    closedOutermost = false;
    if (i > first && depth === 0) {
      if (t.text === ',' || t.text === ';') break;
      if (generatedKeywords.has(t.upper)) break;
      if (context === 'default' && constraintKeywords.has(t.upper)) break;
      if (context === 'element' && elementKeywords.has(t.upper)) break;
    }
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) {
        if (openBefore === 0) break;
        openBefore--;
        first--;
        closedOutermost = openBefore === 0;
      } else depth--;
    }
    last = i;
  }
  return tidyExpression(statement.text.slice(tokens[first].start, tokens[last].end));
}

/** The statement's text from the token at `location` to the end of the statement. */
export function textFrom(statement: SqlStatement, location: number | undefined): string {
  if (location === undefined) return tidyExpression(statement.text);
  const index = statement.scope.indexOf(location) - statement.scopeStart;
  return tidyExpression(statement.text.slice(Math.max(0, index)));
}

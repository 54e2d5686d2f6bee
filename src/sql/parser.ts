/**
 * Parsing SQL files into located statements with libpg-query.
 *
 * The WASM module is loaded once (`initParser`). Every statement comes out with
 * its file, exact start/end positions, text and leading comments; a syntax
 * error becomes a `SyntaxIssue` at the position Postgres names, and the rest of
 * the file is still recovered statement by statement where the lexer allows.
 * `DO` blocks and PL/pgSQL function bodies expose their nested statements
 * through `bodyOf()` (see plpgsql.ts).
 */

import { loadModule } from 'libpg-query';
import { type AstNode, num, unwrap } from './ast.js';
import { readGap, type GapComment } from './comments.js';
import { OffsetMap, type Position, SourceText } from './source.js';
import { ParseSession } from './wasm.js';

export interface Comment {
  text: string;
  start: Position;
  end: Position;
}

/** A piece of text that was handed to the parser, placed in its file. */
export class LocationScope {
  readonly offsets: OffsetMap;

  constructor(
    readonly source: SourceText,
    /** The exact string that was parsed. */
    readonly text: string,
    /** UTF-16 index in the file where `text` starts. */
    readonly base: number,
    /** The run's parser state: what parses `text` and what is nested in it. */
    readonly session: ParseSession,
  ) {
    this.offsets = base === 0 && text === source.text ? source.offsets : new OffsetMap(text);
  }

  /** File position of a byte offset reported by libpg-query for `text`. */
  locate(byte: number): Position {
    return this.source.positionAt(this.base + this.offsets.indexOfByte(byte));
  }

  /** UTF-16 index within `text` of a byte offset in it. */
  indexOf(byte: number): number {
    return this.offsets.indexOfByte(byte);
  }
}

/** How a nested statement is protected against running twice. */
export type Guard =
  | {
      kind: 'if';
      /** The condition's text as written. */
      condition: string;
      /** Relations the condition reads (`pg_trigger`, `information_schema.tables`…), lower case. */
      catalogs: string[];
      /** String literals in the condition (object names it checks for). */
      literals: string[];
      /** True when the statement runs only if something does NOT exist. */
      negated: boolean;
    }
  | {
      kind: 'exception';
      /** Condition names handled (`duplicate_object`, `others`…), lower case. */
      conditions: string[];
    };

export interface SqlStatement {
  file: string;
  /** The AST node type, e.g. `CreateStmt`. */
  kind: string;
  /** The node's fields. */
  node: AstNode;
  /** The statement's text from its first token, without the closing semicolon. */
  text: string;
  start: Position;
  end: Position;
  /** Comments between the previous statement and this one. */
  leadingComments: Comment[];
  /** What the node's `location` fields are relative to. */
  scope: LocationScope;
  /** UTF-16 index within `scope.text` where this statement starts. */
  scopeStart: number;
  /** 0 for a top-level statement; 1+ inside DO blocks or function bodies. */
  depth: number;
  /** Guards of enclosing PL/pgSQL blocks (empty at top level). */
  guards: Guard[];
  /** The DO / CREATE FUNCTION statement this one is nested in. */
  container?: SqlStatement;
  /** True when reached through a dynamic `EXECUTE '…'` of a constant string. */
  dynamic?: boolean;
}

export interface SyntaxIssue {
  file: string;
  message: string;
  position: Position;
}

/** A PL/pgSQL body's error as a syntax issue: where (the token it names, when the body has it once; else the body's start) and what. */
export interface BodyIssue extends SyntaxIssue {
  /** `DO block` or `function NAME`. */
  container: string;
}

export interface ParsedFile {
  source: SourceText;
  statements: SqlStatement[];
  syntaxErrors: SyntaxIssue[];
  /** DO blocks and PL/pgSQL functions whose body the PL/pgSQL parser rejects (set by the loader; the file's statements still count). */
  bodyErrors?: BodyIssue[];
  /** Every comment found between statements (including after the last one). */
  comments: Comment[];
}

let ready: Promise<void> | undefined;

/** Loads the parser's WebAssembly module once per process. */
export function initParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

interface RawStatement {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

interface SqlErrorLike {
  message: string;
  sqlDetails?: { cursorPosition?: number };
}

function toSqlError(error: unknown): SqlErrorLike {
  if (error && typeof error === 'object' && 'message' in error) return error as SqlErrorLike;
  return { message: String(error) };
}

/** Parses `text` (which starts at file index `base`) into located statements. */
export function parseScope(
  scope: LocationScope,
  options: { depth: number; guards: Guard[]; container?: SqlStatement },
): { statements: SqlStatement[]; comments: Comment[] } {
  const result = scope.session.parseSql(scope.text) as { stmts?: RawStatement[] };
  return locateStatements(scope, result.stmts ?? [], options);
}

function toComment(scope: LocationScope, c: GapComment): Comment {
  return {
    text: c.text,
    start: scope.source.positionAt(scope.base + c.start),
    end: scope.source.positionAt(scope.base + c.end),
  };
}

function locateStatements(
  scope: LocationScope,
  raws: RawStatement[],
  options: { depth: number; guards: Guard[]; container?: SqlStatement },
  limitIndex = scope.text.length,
): { statements: SqlStatement[]; comments: Comment[] } {
  const statements: SqlStatement[] = [];
  const comments: Comment[] = [];
  const text = scope.text;
  let previousEnd = 0;
  for (const raw of raws) {
    const wrapped = unwrap(raw.stmt);
    const byteStart = num(raw as AstNode, 'stmt_location');
    const byteLength = num(raw as AstNode, 'stmt_len');
    const rawStart = Math.max(scope.indexOf(byteStart), previousEnd);
    const rawEnd = byteLength > 0 ? scope.indexOf(byteStart + byteLength) : limitIndex;
    let gapStart = previousEnd;
    while (gapStart < rawEnd && text[gapStart] === ';') gapStart++;
    const gap = readGap(text, gapStart, rawEnd);
    const leading = gap.comments.map((c) => toComment(scope, c));
    comments.push(...leading);
    const startIndex = Math.max(gap.end, rawStart);
    let endIndex = rawEnd;
    while (endIndex > startIndex && /\s|;/.test(text[endIndex - 1])) endIndex--;
    previousEnd = rawEnd;
    if (!wrapped) continue;
    statements.push({
      file: scope.source.file,
      kind: wrapped.kind,
      node: wrapped.node,
      text: text.slice(startIndex, endIndex),
      start: scope.source.positionAt(scope.base + startIndex),
      end: scope.source.positionAt(scope.base + endIndex),
      leadingComments: leading,
      scope,
      scopeStart: startIndex,
      depth: options.depth,
      guards: options.guards,
      container: options.container,
    });
  }
  // Comments after the last statement (the statement range stops at its `;`).
  let tailStart = previousEnd;
  while (tailStart < text.length && text[tailStart] === ';') tailStart++;
  const tail = readGap(text, tailStart, text.length);
  comments.push(...tail.comments.map((c) => toComment(scope, c)));
  return { statements, comments };
}

/** Splits text into statement chunks at top-level semicolons using the real lexer. */
function splitStatements(session: ParseSession, text: string): Array<{ start: number; end: number }> | undefined {
  let tokens: Array<{ start: number; end: number; text: string }>;
  try {
    tokens = session.scanSql(text).tokens;
  } catch {
    return undefined;
  }
  const offsets = new OffsetMap(text);
  const chunks: Array<{ start: number; end: number }> = [];
  let chunkStart = 0;
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth = Math.max(0, depth - 1);
    else if (token.text === ';' && depth === 0) {
      const end = offsets.indexOfByte(token.end);
      chunks.push({ start: chunkStart, end });
      chunkStart = end;
    }
  }
  if (chunkStart < text.length) chunks.push({ start: chunkStart, end: text.length });
  return chunks;
}

function syntaxIssue(scope: LocationScope, error: SqlErrorLike, chunkBase = 0): SyntaxIssue {
  const cursor = error.sqlDetails?.cursorPosition;
  let index = chunkBase;
  if (typeof cursor === 'number' && cursor >= 0) {
    const chunkText = scope.text.slice(chunkBase);
    index = chunkBase + new OffsetMap(chunkText).indexOfCodePoint(cursor);
  }
  return {
    file: scope.source.file,
    message: error.message,
    position: scope.source.positionAt(scope.base + index),
  };
}

/** Parses a whole file (in `session`, a fresh one by default). Never throws for bad SQL: syntax errors are returned. */
export function parseFile(source: SourceText, session = new ParseSession()): ParsedFile {
  const scope = new LocationScope(source, source.text, 0, session);
  const gap = readGap(source.text, 0);
  if (gap.end >= source.text.length) {
    // Empty or comment-only: zero statements (the parser would call it an empty query).
    return { source, statements: [], syntaxErrors: [], comments: gap.comments.map((c) => toComment(scope, c)) };
  }
  try {
    const { statements, comments } = parseScope(scope, { depth: 0, guards: [] });
    return { source, statements, syntaxErrors: [], comments };
  } catch (error) {
    return recoverFile(source, scope, toSqlError(error));
  }
}

/**
 * After a syntax error: parse each lexer-delimited chunk alone so one bad
 * statement does not hide the rest of the file.
 */
function recoverFile(source: SourceText, scope: LocationScope, first: SqlErrorLike): ParsedFile {
  const chunks = splitStatements(scope.session, source.text);
  if (!chunks) {
    return { source, statements: [], syntaxErrors: [syntaxIssue(scope, first)], comments: [] };
  }
  const statements: SqlStatement[] = [];
  const comments: Comment[] = [];
  const syntaxErrors: SyntaxIssue[] = [];
  for (const chunk of chunks) {
    const chunkScope = new LocationScope(source, source.text.slice(chunk.start, chunk.end), chunk.start, scope.session);
    try {
      const parsed = parseScope(chunkScope, { depth: 0, guards: [] });
      statements.push(...parsed.statements);
      comments.push(...parsed.comments);
    } catch (error) {
      const chunkText = chunk.start < source.text.length ? source.text.slice(chunk.start, chunk.end) : '';
      if (readGap(chunkText, 0).end >= chunkText.length) continue; // a trailing comment, not a statement
      syntaxErrors.push(syntaxIssue(scope, toSqlError(error), chunk.start));
    }
  }
  if (syntaxErrors.length === 0) syntaxErrors.push(syntaxIssue(scope, first));
  return { source, statements, syntaxErrors, comments };
}

/** Byte offsets in a scope → file position, for a node's `location`. */
export function positionOf(statement: SqlStatement, byteLocation: number | undefined): Position {
  if (byteLocation === undefined) return statement.start;
  return statement.scope.locate(byteLocation);
}

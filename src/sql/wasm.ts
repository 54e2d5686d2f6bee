/**
 * The parser's WebAssembly calls, in one place, and the answers another thread
 * worked out ahead of time.
 *
 * Every SQL parse, PL/pgSQL parse and scan in pgscribe goes through a
 * ParseSession's `parseSql`, `parsePlpgsql` and `scanSql`. When a parse worker
 * (see prefetch.ts) has already run a file's calls, its answers (libpg-query's
 * JSON text, or the error it raised) are installed with `useAnswers` and a call
 * for the same text only reads the JSON; any call without an answer runs the
 * parser here, so an answer set never changes a result, only where the work
 * was done.
 *
 * The worker's side is `recordInto`: every call that runs the parser keeps its
 * JSON text (libpg-query hands back parsed objects only, so `rawCall` catches
 * the text on its way through `JSON.parse`).
 */

import { parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import type { LexToken } from './lexer.js';

export type CallKind = 'sql' | 'plpgsql' | 'scan';

/** What the parser said about one text: its JSON, or the error it threw. */
export type Answer = { json: string } | { error: { message: string; sqlDetails?: unknown } };

/** Answers by call kind and exact input text. */
export type Answers = Record<CallKind, Map<string, Answer>>;

export function emptyAnswers(): Answers {
  return { sql: new Map(), plpgsql: new Map(), scan: new Map() };
}

const calls: Record<CallKind, (text: string) => unknown> = { sql: parseSync, plpgsql: parsePlPgSQLSync, scan: scanSync };

/**
 * The parser state of one run: the answers installed for the file being
 * parsed, the recorder (in the worker, and in tests), and the tokens of the
 * statement whose expressions are being read (expr.ts). Made per load (see
 * project.ts) and carried by every LocationScope, so two projects loaded in
 * one process never see each other's answers or caches. libpg-query's module
 * itself is stateless between calls and shared.
 */
export class ParseSession {
  private installed: Answers | undefined;
  private recorder: Answers | undefined;
  /**
   * The tokens of the statement whose expressions are being read. One entry:
   * a statement's expressions are asked for together, and keeping every
   * statement's tokens would hold more memory than its syntax tree.
   */
  tokens: { statement: object; tokens: LexToken[] } | undefined;

  /** Answers to use for the calls that follow (undefined: none). */
  useAnswers(answers: Answers | undefined): void {
    this.installed = answers;
  }

  /** Keeps the JSON of every call that runs the parser in `answers` (undefined: stop). */
  recordInto(answers: Answers | undefined): void {
    this.recorder = answers;
  }

  /** libpg-query's SQL parse of `text` (throws its SqlError on bad SQL). */
  parseSql(text: string): unknown {
    return this.call('sql', text);
  }

  /** libpg-query's PL/pgSQL parse of `text` (a whole CREATE FUNCTION). */
  parsePlpgsql(text: string): unknown {
    return this.call('plpgsql', text);
  }

  /** libpg-query's token scan of `text`. */
  scanSql(text: string): { tokens: Array<{ start: number; end: number; text: string }> } {
    return this.call('scan', text) as { tokens: Array<{ start: number; end: number; text: string }> };
  }

  /**
   * Records the SQL parse of `text` without reading the result (the worker's
   * first look at a file): its JSON text, or undefined when the parser failed
   * or the text could not be caught.
   */
  recordSqlOnly(text: string): string | undefined {
    const answer = runRecorded('sql', text);
    if (answer) this.recorder?.sql.set(text, answer);
    return answer && 'json' in answer ? answer.json : undefined;
  }

  private call(kind: CallKind, text: string): unknown {
    const answer = this.installed?.[kind].get(text);
    if (answer) return read(answer);
    if (!this.recorder) return calls[kind](text);
    const fresh = runRecorded(kind, text);
    if (!fresh) return calls[kind](text);
    this.recorder[kind].set(text, fresh);
    return read(fresh);
  }
}

function read(answer: Answer): unknown {
  if ('json' in answer) return JSON.parse(answer.json);
  throw Object.assign(new Error(answer.error.message), { sqlDetails: answer.error.sqlDetails });
}

/** The parser's answer for `text`, or undefined when its JSON text could not be caught. */
function runRecorded(kind: CallKind, text: string): Answer | undefined {
  try {
    const json = rawCall(calls[kind], text);
    return json === undefined ? undefined : { json };
  } catch (error) {
    const e = error as { message?: unknown; sqlDetails?: unknown };
    return { error: { message: typeof e?.message === 'string' ? e.message : String(error), sqlDetails: e?.sqlDetails } };
  }
}

/**
 * Runs a libpg-query call and returns the JSON text it parsed its result from,
 * without parsing it: for the length of the (synchronous) call, `JSON.parse`
 * hands its text back instead. Used in the parse worker, whose globals are
 * its own, and by tests that record a load's parser calls; the call is
 * synchronous, so no other code sees the swap. Undefined if the call made no
 * JSON (a libpg-query that works differently): the caller then parses as
 * usual.
 */
function rawCall(fn: (text: string) => unknown, text: string): string | undefined {
  const parse = JSON.parse;
  let caught: string | undefined;
  JSON.parse = ((json: string) => {
    caught = json;
    return undefined;
  }) as typeof JSON.parse;
  try {
    fn(text);
  } finally {
    JSON.parse = parse;
  }
  return caught;
}

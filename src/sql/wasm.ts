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

/**
 * Answers by call kind and exact input text; `derived` holds readings worked
 * out from them (see ParseSession.derive), by `kind\0text`: plain data a
 * worker ships beside its answers so the main thread need not read the trees
 * again, and the parse cache keeps for the build that made them.
 */
export type Answers = Record<CallKind, Map<string, Answer>> & { derived?: Map<string, unknown> };

export function emptyAnswers(): Answers {
  return { sql: new Map(), plpgsql: new Map(), scan: new Map(), derived: new Map() };
}

/**
 * How many derived readings a session keeps: identical bodies and conditions
 * come close together or few and often, and keeping every one of a large
 * project's would cost more memory than re-reading the rare far repeat.
 */
const DERIVED_MEMO_SIZE = 512;

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
  /** Derived readings of this session, by `kind\0text`, least recently used first (see derive). */
  private readonly derivedMemo = new Map<string, unknown>();
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

  /**
   * What the PL/pgSQL parser says of `text`: its error message, or undefined
   * when it accepts it. The tree is not read (not even decoded from JSON).
   */
  checkPlpgsql(text: string): string | undefined {
    const answer = this.rawAnswer('plpgsql', text);
    if (answer) return 'error' in answer ? answer.error.message : undefined;
    try {
      calls.plpgsql(text);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * A reading derived from the parser's answers (a PL/pgSQL body's outline, an
   * IF condition's guard) that is a pure function of `kind` and `text`: worked
   * out once per session (the most recent DERIVED_MEMO_SIZE are kept), so
   * identical bodies and conditions across a project cost one reading, or
   * taken from the answers installed (a worker's). It must be plain data (it
   * crosses threads) and is never changed by readers.
   */
  derive<T>(kind: string, text: string, compute: () => T): T {
    const key = `${kind}\0${text}`;
    const shipped = this.installed?.derived?.get(key);
    if (shipped !== undefined) return shipped as T;
    if (this.derivedMemo.has(key)) {
      const known = this.derivedMemo.get(key) as T;
      this.derivedMemo.delete(key); // most recently used last
      this.derivedMemo.set(key, known);
      this.recorder?.derived?.set(key, known);
      return known;
    }
    const value = compute();
    this.derivedMemo.set(key, value);
    if (this.derivedMemo.size > DERIVED_MEMO_SIZE) this.derivedMemo.delete(this.derivedMemo.keys().next().value as string);
    this.recorder?.derived?.set(key, value);
    return value;
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
    const answer = this.rawAnswer('sql', text);
    return answer && 'json' in answer ? answer.json : undefined;
  }

  /** The installed answer for `text`, or the parser's (JSON text, undecoded; recorded); undefined when it could not be caught. */
  private rawAnswer(kind: CallKind, text: string): Answer | undefined {
    const known = this.installed?.[kind].get(text);
    if (known) return known;
    const fresh = runRecorded(kind, text);
    if (fresh) this.recorder?.[kind].set(text, fresh);
    return fresh;
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
 * hands its text back instead. Used in the parse worker, by tests that record
 * a load's parser calls, and where only the parser's verdict matters
 * (checkPlpgsql); the call is synchronous, so no other code sees the swap.
 * Undefined if the call made no JSON (a libpg-query that works differently):
 * the caller then parses as usual.
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

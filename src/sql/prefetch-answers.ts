/**
 * A file's parser answers worked out ahead of its turn: what the parse worker
 * does for each file it claims, and the main thread for a file it takes on
 * while it waits for the worker (see prefetch.ts).
 *
 * For each file it parses the whole file, keeping libpg-query's JSON
 * text without reading it. Only the DO blocks are picked out of that text and
 * read: each body's outline (plpgsql.ts: the SQL it runs and the guards
 * around it, IF conditions analysed) is worked out by the same code as on the
 * main thread and shipped with the answers, so the main thread neither
 * decodes the body's tree nor parses its conditions. The SQL a body runs is
 * parsed here and kept as JSON text unread, unless it holds a DO block of its
 * own, whose body is read in turn. A LANGUAGE plpgsql function's body is
 * parsed once, as the loader checks it (functionBodyCheck), and not read
 * further: the model reads function bodies as text. Answers are keyed by
 * text, so the positions of these stand-in statements do not matter. A file
 * that does not parse is read in full, as the main thread will, to answer
 * its statement-by-statement recovery.
 */

import { LocationScope, parseFile, type SqlStatement } from './parser.js';
import { functionBodyCheck, outlineOfStatement, releaseSyntaxTrees } from './plpgsql.js';
import { SourceText } from './source.js';
import { type Answers, emptyAnswers, ParseSession } from './wasm.js';

/** The statements whose PL/pgSQL bodies the main thread parses. */
const bodyKinds = ['DoStmt', 'CreateFunctionStmt'];

/** The end (exclusive) of the JSON object that starts at `start` in `json`. */
function objectEnd(json: string, start: number): number {
  let depth = 0;
  for (let i = start; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; json.charCodeAt(i) !== 0x22; i++) if (json.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x7b /* { */) depth++;
    else if (c === 0x7d /* } */ && --depth === 0) return i + 1;
  }
  return json.length;
}

/**
 * The DO and CREATE FUNCTION statements in a parse result, read from its JSON
 * text alone (`depth` 0 for a file's own, 1 inside a body). A key such as
 * `"DoStmt":` cannot occur inside a JSON string (its quotes would be escaped
 * there), so every match is a node.
 */
function bodyStatements(source: SourceText, json: string, session: ParseSession, depth = 0): SqlStatement[] {
  const scope = new LocationScope(source, source.text, 0, session);
  const at = source.positionAt(0);
  const out: SqlStatement[] = [];
  for (const kind of bodyKinds) {
    const key = `"${kind}":`;
    for (let i = json.indexOf(key); i !== -1; i = json.indexOf(key, i + key.length)) {
      const start = i + key.length;
      const node = JSON.parse(json.slice(start, objectEnd(json, start)));
      out.push({ file: source.file, kind, node, text: '', start: at, end: at, leadingComments: [], scope, scopeStart: 0, depth, guards: [] });
    }
  }
  return out;
}

/** Answers every call the main thread makes for these statements' bodies; ships the DO bodies' outlines. */
function readBodies(statements: SqlStatement[], session: ParseSession): void {
  for (const statement of statements) {
    if (statement.kind === 'CreateFunctionStmt' && statement.depth === 0) functionBodyCheck(statement);
    if (statement.kind !== 'DoStmt') continue;
    for (const step of outlineOfStatement(statement)?.steps ?? []) {
      if (step.kind === 'raise') continue;
      const sql = step.kind === 'sql' ? step.query : step.sql;
      const json = session.recordSqlOnly(sql);
      if (json?.includes('"DoStmt":')) readBodies(bodyStatements(new SourceText(statement.file, sql), json, session, statement.depth + 1), session);
    }
  }
}

/** Every parser call the main thread will make for this file, answered. */
export function answersFor(file: string, text: string): Answers {
  const answers = emptyAnswers();
  const session = new ParseSession();
  session.recordInto(answers);
  session.useAnswers(answers);
  const source = new SourceText(file, text);
  const json = session.recordSqlOnly(text);
  if (json !== undefined) readBodies(bodyStatements(source, json, session), session);
  else {
    const parsed = parseFile(source, session);
    readBodies(parsed.statements, session);
    releaseSyntaxTrees(parsed);
  }
  return answers;
}

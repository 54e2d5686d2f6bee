/**
 * The one safe fix of a statement that fails when the migrations run again
 * (rerunnable-ddl), by what fails: `IF NOT EXISTS` / `IF EXISTS` where
 * Postgres has them, `CREATE OR REPLACE` for functions, views (where the
 * definition allows it, which the proof shows) and triggers (Postgres 14+;
 * before that a `DROP TRIGGER IF EXISTS` first), `DROP POLICY IF EXISTS`
 * first, a block that catches duplicate_object for `CREATE TYPE`, one that
 * checks the catalog for `ADD CONSTRAINT` and renames, `ON CONFLICT DO
 * NOTHING` for inserts. Inside a DO block the same, as PL/pgSQL (a nested
 * block or IF instead of a DO). Other failures (a dependent object, a changed
 * type or return type) have no mechanical fix.
 */

import { qualified } from '../model/definitions.js';
import { type Failure, nameOf, type Op } from '../model/rerun-shadow.js';
import type { Fix, TextEdit } from '../report/findings.js';
import { quoteIdent } from '../sql/names.js';
import type { SourceText } from '../sql/source.js';
import { afterKeywords, dollarTag, insertAfter, insertBefore, literal, replaceToken, type StatementTokens, statementTokens, topLevel, wrap } from './edits.js';

/** `schema.name` (as the shadow names objects) as SQL: each part quoted as needed. */
const sqlName = (name: string): string => qualified(nameOf(name));

/** Wraps the statement so it runs only when `condition` holds: a DO block at top level, an IF inside one. */
function guarded(s: StatementTokens, condition: string, inDo: boolean): TextEdit[] | undefined {
  if (inDo) return wrap(s, `IF ${condition} THEN `, '; END IF');
  const tag = dollarTag(s.text);
  return tag ? wrap(s, `DO ${tag} BEGIN IF ${condition} THEN `, `; END IF; END ${tag}`) : undefined;
}

/** Wraps the statement in a block that swallows `condition` (duplicate_object). */
function catching(s: StatementTokens, condition: string, inDo: boolean): TextEdit[] | undefined {
  if (inDo) return wrap(s, 'BEGIN ', `; EXCEPTION WHEN ${condition} THEN NULL; END`);
  const tag = dollarTag(s.text);
  return tag ? wrap(s, `DO ${tag} BEGIN `, `; EXCEPTION WHEN ${condition} THEN NULL; END ${tag}`) : undefined;
}

/** The catalog check that a relation (`to_regclass`) or type (`to_regtype`) exists. */
const exists = (fn: 'to_regclass' | 'to_regtype', name: string): string => `${fn}(${literal(sqlName(name))}) IS NOT NULL`;
const missing = (fn: 'to_regclass' | 'to_regtype', name: string): string => `${fn}(${literal(sqlName(name))}) IS NULL`;
const columnExists = (table: string, column: string): string =>
  `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(${literal(sqlName(table))}) AND attname = ${literal(column)} AND attnum > 0 AND NOT attisdropped)`;
const constraintExists = (table: string, name: string): string => `EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(${literal(sqlName(table))}) AND conname = ${literal(name)})`;

/** The first token of a command keyword sequence, e.g. the position right after `CREATE [OR REPLACE] [TEMP…] TABLE`. */
const createPrefix = ['CREATE', 'OR?', 'REPLACE?', 'GLOBAL|LOCAL?', 'TEMP|TEMPORARY|UNLOGGED?', 'UNIQUE?'];

function ifNotExistsAfterCreate(s: StatementTokens, objects: string[]): TextEdit[] | undefined {
  for (const object of objects) {
    const at = afterKeywords(s.tokens, 0, [...createPrefix, ...object.split(' ')]);
    if (at === -1) continue;
    const next = s.tokens[at];
    if (next?.upper === 'IF') return undefined; // already guarded: something else fails
    if (object === 'INDEX' && (next?.upper === 'ON' || next?.upper === 'CONCURRENTLY')) {
      // IF NOT EXISTS needs the index's name; CONCURRENTLY comes first
      if (next.upper === 'ON') return undefined;
      if (s.tokens[at + 1]?.upper === 'ON' || s.tokens[at + 1]?.upper === 'IF') return undefined;
      return [insertAfter(s, at, ' IF NOT EXISTS')];
    }
    return [insertAfter(s, at - 1, ' IF NOT EXISTS')];
  }
  return undefined;
}

/** `CREATE` → `CREATE OR REPLACE` when the statement is CREATE [CONSTRAINT] `object`. */
function orReplace(s: StatementTokens, objects: string[]): TextEdit[] | undefined {
  if (s.tokens[0]?.upper !== 'CREATE' || s.tokens[1]?.upper === 'OR') return undefined;
  const at = afterKeywords(s.tokens, 1, ['CONSTRAINT|RECURSIVE|TEMP|TEMPORARY?']);
  if (at === -1 || !objects.includes(s.tokens[at]?.upper ?? '')) return undefined;
  return [replaceToken(s, 0, `${s.tokens[0].text} OR REPLACE`)];
}

/** `DROP <object> name` → `DROP <object> IF EXISTS name`. */
function dropIfExists(s: StatementTokens): TextEdit[] | undefined {
  const at = afterKeywords(s.tokens, 0, ['DROP', 'MATERIALIZED|FOREIGN?', 'TABLE|VIEW|INDEX|SEQUENCE|TYPE|DOMAIN|FUNCTION|PROCEDURE|ROUTINE|AGGREGATE|SCHEMA|EXTENSION|TRIGGER|POLICY|RULE', 'CONCURRENTLY?']);
  if (at === -1 || s.tokens[at]?.upper === 'IF') return undefined;
  return [insertBefore(s, at, 'IF EXISTS ')];
}

/** The token index where each command of an ALTER TABLE starts (after the table's name, and after each top-level comma). */
function alterCommands(s: StatementTokens): number[] {
  let i = afterKeywords(s.tokens, 0, ['ALTER', 'TABLE', 'IF?', 'EXISTS?', 'ONLY?']);
  if (i === -1) return [];
  i++; // the name
  while (s.tokens[i]?.text === '.') i += 2;
  if (s.tokens[i]?.text === '*') i++;
  const starts = [i];
  let depth = 0;
  for (let j = i; j < s.tokens.length; j++) {
    const t = s.tokens[j].text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (t === ',' && depth === 0) starts.push(j + 1);
  }
  return starts;
}

const tableConstraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN', 'EXCLUDE']);

/**
 * IF NOT EXISTS on every ADD COLUMN of the statement that lacks it, or IF
 * EXISTS on every DROP COLUMN / DROP CONSTRAINT: the rule reports a
 * statement's first failing command; the others fail the same way after it.
 */
function alterGuards(s: StatementTokens, command: 'ADD' | 'DROP'): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const start of alterCommands(s)) {
    if (s.tokens[start]?.upper !== command) continue;
    let j = start + 1;
    const kind = s.tokens[j]?.upper;
    if (command === 'ADD') {
      if (kind === 'COLUMN') j++;
      else if (tableConstraintWords.has(kind ?? '')) continue;
    } else if (kind === 'COLUMN' || kind === 'CONSTRAINT') j++;
    else if (kind === 'DEFAULT' || kind === 'NOT' || kind === 'IDENTITY' || kind === 'EXPRESSION') continue;
    if (!s.tokens[j] || s.tokens[j].upper === 'IF') continue;
    edits.push(insertBefore(s, j, command === 'ADD' ? 'IF NOT EXISTS ' : 'IF EXISTS '));
  }
  return edits;
}

/** The fix of a failing step's op, or undefined when it has no safe one. */
function editsFor(failure: Failure, op: Op, s: StatementTokens, serverVersion: number): { edits: TextEdit[]; description: string } | undefined {
  const inDo = failure.container !== undefined;
  const first = s.tokens[0]?.upper;
  const found = (edits: TextEdit[] | undefined, description: string) => (edits ? { edits, description } : undefined);
  if (failure.messageId === 'duplicateRow' && op.op === 'insert' && first === 'INSERT') {
    const returning = topLevel(s.tokens, ['RETURNING']);
    return found([returning === -1 ? insertBefore(s, s.tokens.length, ' ON CONFLICT DO NOTHING') : insertBefore(s, returning, 'ON CONFLICT DO NOTHING ')], 'add ON CONFLICT DO NOTHING');
  }
  if (failure.messageId === 'exists') {
    if (op.op === 'create' && op.space === 'relation' && first === 'CREATE') {
      if (afterKeywords(s.tokens, 0, ['CREATE', 'OR', 'REPLACE']) !== -1) return undefined;
      if (op.contents.kind === 'view') return found(orReplace(s, ['VIEW']), 'CREATE OR REPLACE VIEW');
      return found(ifNotExistsAfterCreate(s, ['TABLE', 'INDEX', 'SEQUENCE', 'MATERIALIZED VIEW', 'FOREIGN TABLE']), 'add IF NOT EXISTS');
    }
    if (op.op === 'create' && (op.space === 'schema' || op.space === 'extension') && first === 'CREATE') {
      if (op.space === 'schema' && topLevel(s.tokens, ['CREATE'], 1) !== -1) return undefined; // schema elements: IF NOT EXISTS is not allowed with them
      return found(ifNotExistsAfterCreate(s, [op.space.toUpperCase()]), 'add IF NOT EXISTS');
    }
    if (op.op === 'create' && op.space === 'function' && !op.replace) return found(orReplace(s, ['FUNCTION', 'PROCEDURE']), 'CREATE OR REPLACE');
    if (op.op === 'create' && op.space === 'type' && first === 'CREATE') return found(catching(s, 'duplicate_object', inDo), 'create the type in a block that catches duplicate_object');
    if (op.op === 'add' && op.space === 'column' && first === 'ALTER') {
      const edits = alterGuards(s, 'ADD');
      return edits.length > 0 ? found(edits, 'add IF NOT EXISTS') : undefined;
    }
    if (op.op === 'add' && op.space === 'enum value') {
      const at = topLevel(s.tokens, ['VALUE']);
      return at !== -1 && s.tokens[at + 1]?.upper !== 'IF' ? found([insertAfter(s, at, ' IF NOT EXISTS')], 'add IF NOT EXISTS') : undefined;
    }
    if (op.op === 'add' && op.space === 'trigger' && first === 'CREATE') {
      if (serverVersion >= 14) return found(orReplace(s, ['TRIGGER']), 'CREATE OR REPLACE TRIGGER');
      return found([insertBefore(s, 0, `DROP TRIGGER IF EXISTS ${quoteIdent(op.name)} ON ${sqlName(op.on)}; `)], 'drop the trigger if it exists first');
    }
    if (op.op === 'add' && op.space === 'policy' && first === 'CREATE') return found([insertBefore(s, 0, `DROP POLICY IF EXISTS ${quoteIdent(op.name)} ON ${sqlName(op.on)}; `)], 'drop the policy if it exists first');
    if (op.op === 'add' && op.space === 'constraint' && op.name && first === 'ALTER') {
      // A primary key, unique or exclusion constraint makes an index of its name: that name must be free too.
      const condition = `NOT ${constraintExists(op.on, op.name)}${op.index ? ` AND ${missing('to_regclass', op.index)}` : ''}`;
      return found(guarded(s, condition, inDo), 'add the constraint only where the catalog lacks it');
    }
  }
  if (failure.messageId === 'exists' || failure.messageId === 'missing') {
    if (op.op === 'rename' && first === 'ALTER') {
      if (op.space === 'relation') return found(guarded(s, `${exists('to_regclass', op.name)} AND ${missing('to_regclass', op.to)}`, inDo), 'rename only where the catalog has the old name and not the new one');
      if (op.space === 'type') return found(guarded(s, `${exists('to_regtype', op.name)} AND ${missing('to_regtype', op.to)}`, inDo), 'rename only where the catalog has the old name and not the new one');
      if (op.space === 'column' && op.on) return found(guarded(s, `${columnExists(op.on, op.name)} AND NOT ${columnExists(op.on, op.to)}`, inDo), 'rename only where the catalog has the old name and not the new one');
      if (op.space === 'constraint' && op.on) return found(guarded(s, `${constraintExists(op.on, op.name)} AND NOT ${constraintExists(op.on, op.to)}`, inDo), 'rename only where the catalog has the old name and not the new one');
    }
  }
  if (failure.messageId === 'missing' && op.op === 'drop') {
    if (first === 'DROP') return found(dropIfExists(s), 'add IF EXISTS');
    if (first === 'ALTER' && (op.space === 'column' || op.space === 'constraint') && op.on) {
      const edits = alterGuards(s, 'DROP');
      return edits.length > 0 ? found(edits, 'add IF EXISTS') : undefined;
    }
  }
  return undefined;
}

/** The fix of a rerunnable-ddl failure, or undefined. */
export function rerunFix(failure: Failure, source: SourceText | undefined, serverVersion: number): Fix | undefined {
  if (!failure.op || !source || failure.guardChecks) return undefined;
  const s = statementTokens(source, failure.step);
  const fix = editsFor(failure, failure.op, s, serverVersion);
  return fix && { description: fix.description, edits: fix.edits };
}


/**
 * Running a parsed SQL file on a replay database, statement by statement, so
 * a failure is located at its statement (and, with Postgres' error position,
 * at its column). One transaction per file, except for files that opt out
 * (`-- postgres-migrations disable-transaction` and similar markers) or
 * manage their own (explicit BEGIN/COMMIT); statements that cannot run in a
 * transaction block (CREATE INDEX CONCURRENTLY, a DO block that COMMITs) run
 * outside it. With `keepGoing`, each statement gets a savepoint (inside the
 * file's own BEGIN … COMMIT too), so every failing statement is reported, not
 * just the first, and a failing statement has no effect.
 */

import { noTransactionMarker } from '../sources/formats.js';
import type { LoadedFile } from '../project.js';
import type { SqlStatement } from '../sql/parser.js';
import { transactionControl } from '../sql/statements.js';
import { type DbError, type ReplayDatabase, toDbError } from './database.js';

export interface StatementFailure {
  statement: SqlStatement;
  error: DbError;
}

/** Statements Postgres refuses inside a transaction block. */
export function needsOwnTransaction(statement: SqlStatement): boolean {
  if ((statement.kind === 'IndexStmt' || statement.kind === 'DropStmt') && statement.node.concurrent === true) return true; // CREATE / DROP INDEX CONCURRENTLY
  if (statement.kind === 'DoStmt' && /\b(COMMIT|ROLLBACK)\s*;/i.test(statement.text)) return true;
  if (statement.kind === 'VacuumStmt' || statement.kind === 'CreatedbStmt' || statement.kind === 'AlterSystemStmt') return true;
  if (statement.kind === 'ReindexStmt' && /\bCONCURRENTLY\b/i.test(statement.text)) return true;
  return false;
}

/**
 * The statements of `file` whose effects a first run left in the database,
 * given the statement that failed it (runFile without keepGoing stops there):
 * all of them when none failed; before the failure when the file manages its
 * own transactions; else those up to the last statement that ran outside the
 * file's transaction (what came after it was rolled back with the failure).
 */
export function persistedStatements(file: LoadedFile, failed: SqlStatement | undefined): SqlStatement[] {
  const statements = file.parsed.statements;
  if (!failed) return statements;
  const at = statements.indexOf(failed);
  if (at === -1) return statements;
  if (wrapsItself(file)) return statements.slice(0, at);
  let committed = 0;
  for (let i = 0; i < at; i++) if (needsOwnTransaction(statements[i])) committed = i + 1;
  return statements.slice(0, committed);
}

function wrapsItself(file: LoadedFile): boolean {
  return file.parsed.statements.some((s) => s.kind === 'TransactionStmt') || file.parsed.comments.some((c) => noTransactionMarker.test(c.text));
}

export async function runFile(db: ReplayDatabase, file: LoadedFile, options: { keepGoing: boolean; rollback?: boolean }): Promise<StatementFailure[]> {
  const failures: StatementFailure[] = [];
  const transactional = !wrapsItself(file);
  let open = false;
  const begin = async () => {
    if (transactional && !open) {
      await db.exec('BEGIN');
      open = true;
    }
  };
  const end = async (commit: boolean) => {
    if (!open) return;
    open = false;
    await db.exec(commit && !options.rollback ? 'COMMIT' : 'ROLLBACK');
  };
  // Inside the file's own BEGIN … COMMIT, as inside the transaction replay opens, each statement gets a savepoint under keepGoing: a statement that fails has no effect, and undoes nothing before it.
  let inOwnBlock = false;
  try {
    await begin();
    for (const statement of file.parsed.statements) {
      const alone = needsOwnTransaction(statement);
      if (alone) await end(true);
      const control = statement.kind === 'TransactionStmt' ? transactionControl(statement.node) : undefined;
      const guarded = (open || inOwnBlock) && options.keepGoing && control === undefined;
      if (guarded) await db.exec('SAVEPOINT pgscribe_statement');
      try {
        await db.exec(statement.text);
        if (guarded) await db.exec('RELEASE SAVEPOINT pgscribe_statement');
        if (control === 'begin' || control === 'end and begin') inOwnBlock = true;
        else if (control === 'end') inOwnBlock = false;
      } catch (error) {
        failures.push({ statement, error: toDbError(error) });
        if (guarded) await db.exec('ROLLBACK TO SAVEPOINT pgscribe_statement');
        else if (!options.keepGoing) {
          await end(false);
          if (!transactional) await db.exec('ROLLBACK').catch(() => undefined);
          return failures;
        } else if (!transactional) {
          await db.exec('ROLLBACK').catch(() => undefined);
          inOwnBlock = false;
        }
      }
      if (alone) await begin();
    }
    await end(true);
  } catch (error) {
    await end(false).catch(() => undefined);
    throw error;
  }
  return failures;
}

/**
 * A rule tester in the manner of ESLint's RuleTester: each case is an
 * in-memory project (migrations, seeds, config, lock; nothing is written to
 * disk), linted with the whole pipeline, and only the findings of the rule
 * under test are compared with what the case expects.
 *
 *   ruleTester.run('rls-disabled', {
 *     valid: ['CREATE TABLE app.t (id int);'],
 *     invalid: [{ sql: 'CREATE TABLE t (id int);', errors: [{ messageId: 'rlsOff', line: 1, column: 1 }] }],
 *   });
 */
import { describe, expect, it } from 'vitest';
import { lintProject } from '../src/lint/engine.js';
import { ruleMetaById } from '../src/lint/registry.js';
import { loadProject } from '../src/pipeline.js';
import { normaliseText, sha256 } from '../src/sources/read.js';

export interface RuleCase {
  /** One migration, or several in order (`001_m.sql`, `002_m.sql`, …). */
  sql?: string | string[];
  /** Seeds by file name, under database/seeds/. */
  seeds?: Record<string, string>;
  /** pgscribe.config.json. */
  config?: object;
  /** Lock the migrations first (they become a baseline). */
  locked?: boolean;
  /** The lock file's text as given (for edited or missing locked migrations). */
  lock?: string;
  /** Migrations by file name under database/migrations/, instead of numbered `sql` (for naming cases). */
  migrations?: Record<string, string>;
  /** "Today" for date-based rules (default 2026-11-21). */
  now?: string;
  /** A name for the test; the SQL's first line otherwise. */
  name?: string;
}

export interface ExpectedFinding {
  /** A key of the rule's `meta.messages`: what the finding says, independent of its wording. */
  messageId: string;
  /** The text, when the case is about the wording (the data filled in). */
  message?: string | RegExp;
  /** Root-relative file; the first migration by default. */
  file?: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: 'error' | 'warning';
}

export type ValidCase = string | RuleCase;
export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

const migrationFile = (i: number) => `database/migrations/${String(i + 1).padStart(3, '0')}_m.sql`;

function filesOf(c: RuleCase): Record<string, string> {
  const files: Record<string, string> = {};
  (c.sql === undefined ? [] : Array.isArray(c.sql) ? c.sql : [c.sql]).forEach((sql, i) => (files[migrationFile(i)] = sql));
  for (const [name, sql] of Object.entries(c.migrations ?? {})) files[`database/migrations/${name}`] = sql;
  for (const [name, sql] of Object.entries(c.seeds ?? {})) files[`database/seeds/${name}`] = sql;
  if (c.config) files['pgscribe.config.json'] = JSON.stringify(c.config);
  return files;
}

/** The lock of the in-memory migrations, as `pgscribe lock` would write it. */
export function lockTextOf(files: Record<string, string>): string {
  const body = Object.keys(files)
    .filter((f) => f.startsWith('database/migrations/'))
    .sort()
    .map((f) => `${f} sha256:${sha256(normaliseText(files[f]))}`);
  return `${[...body, `total ${body.length} sha256:${sha256(body.join('\n'))}`].join('\n')}\n`;
}

async function findingsOf(id: string, c: RuleCase) {
  const files = filesOf(c);
  if (c.locked) files['database/migrations.lock'] = lockTextOf(files);
  if (c.lock !== undefined) files['database/migrations.lock'] = c.lock;
  const project = await loadProject({ root: '/memory', files });
  return lintProject(project, { now: new Date(`${c.now ?? '2026-11-21'}T00:00:00Z`) }).filter((f) => f.rule === id);
}

const title = (c: ValidCase) => (typeof c === 'string' ? c : (c.name ?? (Array.isArray(c.sql) ? c.sql.join(' ⏎ ') : (c.sql ?? Object.keys(c.migrations ?? {}).join(', '))))).split('\n')[0].slice(0, 80);

export const ruleTester = {
  run(id: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    describe(id, () => {
      describe('valid', () => {
        it.each(cases.valid.map((c) => [title(c), c] as const))('%s', async (_name, c) => {
          expect(await findingsOf(id, typeof c === 'string' ? { sql: c } : c)).toEqual([]);
        });
      });
      describe('invalid', () => {
        it('expects only message ids the rule has', () => {
          const messages = ruleMetaById(id)?.messages ?? {};
          expect(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)).filter((m) => !Object.hasOwn(messages, m))).toEqual([]);
        });
        it.each(cases.invalid.map((c) => [title(c), c] as const))('%s', async (_name, c) => {
          const found = await findingsOf(id, c);
          const actual = found.map((f) => ({ messageId: f.messageId, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, message: f.message }));
          const expected = c.errors.map((e, i) => ({
            messageId: e.messageId,
            file: e.file ?? migrationFile(0),
            line: e.line,
            column: e.column ?? actual[i]?.column,
            endLine: e.endLine ?? actual[i]?.endLine,
            endColumn: e.endColumn ?? actual[i]?.endColumn,
            severity: e.severity ?? actual[i]?.severity,
            message: e.message === undefined ? actual[i]?.message : typeof e.message === 'string' ? e.message : expect.stringMatching(e.message),
          }));
          expect(actual).toEqual(expected);
        });
      });
    });
  },
};

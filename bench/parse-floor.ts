/**
 * The parser floor for pgscribe's findings: the libpg-query calls that any
 * tool must make to see what pgscribe sees, on every core, and nothing else.
 *
 * - every file parsed as SQL (as `raw parse` does);
 * - every `DO` block's PL/pgSQL body parsed (wrapped in `CREATE FUNCTION …
 *   RETURNS void` as pgscribe does), because DDL guarded inside `DO` blocks
 *   is part of the database;
 * - inside those bodies, every embedded SQL statement and every `IF` /
 *   `ELSIF` condition parsed as SQL, because the PL/pgSQL parser returns
 *   them as text (the model needs the statements; the guard analysis needs
 *   the conditions).
 *
 * The files are split by size across `os.availableParallelism()` threads
 * (this thread and workers), each of which loads the WASM module itself.
 * Results are decoded (libpg-query returns JSON text) and dropped: no model,
 * no rules, no output. A tool that gives pgscribe's findings with this parser
 * cannot take less wall time than this on the same machine.
 *
 *   node bench/out/parse-floor.js LIST [THREADS]
 *
 * test/bench-floor.test.ts checks that the floor asks the parser for no more
 * than pgscribe does on the same files, so it is a floor and not a handicap.
 */

import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadModule, parsePlPgSQLSync, parseSync } from 'libpg-query';

type Json = { [key: string]: unknown };

export interface Counts {
  statements: number;
  /** DO blocks' bodies, read for what they run. */
  bodies: number;
  /** LANGUAGE plpgsql functions' bodies, parsed to check them. */
  functions: number;
  embedded: number;
}

/** The distinct texts handed to each parser (for the test that the floor asks no more than pgscribe does). */
export interface Seen {
  sql: Set<string>;
  plpgsql: Set<string>;
}

/** What a worker thread of this script is given. */
interface FloorJob {
  parseFloorFiles: string[];
}

const isFloorJob = (data: unknown): data is FloorJob => isObject(data) && Array.isArray(data.parseFloorFiles);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** `DefElem` options as name → argument. */
function options(items: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const item of Array.isArray(items) ? items : []) {
    const def = isObject(item) && isObject(item.DefElem) ? item.DefElem : undefined;
    if (def && typeof def.defname === 'string') out.set(def.defname, def.arg);
  }
  return out;
}

function stringOf(node: unknown): string | undefined {
  if (!isObject(node)) return undefined;
  if (isObject(node.String) && typeof node.String.sval === 'string') return node.String.sval;
  if (isObject(node.List) && Array.isArray(node.List.items)) return stringOf(node.List.items[0]);
  return undefined;
}

/**
 * The PL/pgSQL body of a `DO` block. A function's body is parsed once,
 * without reading what is inside (functionBodyOf): pgscribe checks that it
 * parses, as Postgres does at CREATE FUNCTION, and reads it as text.
 */
function doBodyOf(stmt: Json): string | undefined {
  if (!isObject(stmt.DoStmt)) return undefined;
  const opts = options(stmt.DoStmt.args);
  const language = stringOf(opts.get('language'))?.toLowerCase() ?? 'plpgsql';
  return language === 'plpgsql' ? stringOf(opts.get('as')) : undefined;
}

/** The body of a LANGUAGE plpgsql function. */
function functionBodyOf(stmt: Json): string | undefined {
  if (!isObject(stmt.CreateFunctionStmt)) return undefined;
  const opts = options(stmt.CreateFunctionStmt.options);
  return stringOf(opts.get('language'))?.toLowerCase() === 'plpgsql' ? stringOf(opts.get('as')) : undefined;
}

function tryParse(text: string, seen?: Seen): Json | undefined {
  seen?.sql.add(text);
  try {
    return parseSync(text) as Json;
  } catch {
    return undefined; // a syntax error: the parse still happened
  }
}

/** Parses the SQL that a PL/pgSQL parse tree carries as text; returns how many. */
function parseEmbedded(tree: unknown, seen?: Seen): number {
  let count = 0;
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!isObject(value)) continue;
    const exec = isObject(value.PLpgSQL_stmt_execsql) ? value.PLpgSQL_stmt_execsql : undefined;
    const query = exec && isObject(exec.sqlstmt) && isObject(exec.sqlstmt.PLpgSQL_expr) ? exec.sqlstmt.PLpgSQL_expr.query : undefined;
    if (typeof query === 'string') {
      tryParse(query, seen);
      count++;
    }
    for (const key of ['PLpgSQL_stmt_if', 'PLpgSQL_if_elsif']) {
      const branch = isObject(value[key]) ? (value[key] as Json) : undefined;
      const cond = branch && isObject(branch.cond) && isObject(branch.cond.PLpgSQL_expr) ? branch.cond.PLpgSQL_expr.query : undefined;
      if (typeof cond === 'string') {
        tryParse(`SELECT ${cond}`, seen);
        count++;
      }
    }
    for (const key in value) stack.push(value[key]);
  }
  return count;
}

/** The text without `--` and `/* *\/` comments (roughly: enough to tell a file with no statements). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/--[^\n]*/g, '');
}

/** Parses `files` on this thread as described above and counts what it parsed. */
export async function parseFiles(files: string[], seen?: Seen): Promise<Counts> {
  await loadModule();
  const counts: Counts = { statements: 0, bodies: 0, functions: 0, embedded: 0 };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (withoutComments(text).trim() === '') continue; // nothing to parse, as pgscribe sees it
    const result = tryParse(text, seen);
    for (const raw of Array.isArray(result?.stmts) ? result.stmts : []) {
      counts.statements++;
      const functionBody = isObject(raw) && isObject(raw.stmt) ? functionBodyOf(raw.stmt) : undefined;
      if (functionBody !== undefined) {
        counts.functions++;
        const wrapper = `CREATE FUNCTION floor_fn() RETURNS void LANGUAGE plpgsql AS $floor_fn$${functionBody}$floor_fn$`;
        seen?.plpgsql.add(wrapper);
        try {
          parsePlPgSQLSync(wrapper);
        } catch {
          // a body the parser rejects: the parse still happened
        }
        continue;
      }
      const body = isObject(raw) && isObject(raw.stmt) ? doBodyOf(raw.stmt) : undefined;
      if (body === undefined) continue;
      counts.bodies++;
      const wrapper = `CREATE FUNCTION floor_body() RETURNS void LANGUAGE plpgsql AS $floor_body$${body}$floor_body$`;
      seen?.plpgsql.add(wrapper);
      let tree: unknown;
      try {
        tree = parsePlPgSQLSync(wrapper);
      } catch {
        continue;
      }
      counts.embedded += parseEmbedded(tree, seen);
    }
  }
  return counts;
}

/** Splits files into `n` lists of about equal bytes (largest first, each to the lightest list). */
export function split(files: string[], n: number): string[][] {
  const parts = Array.from({ length: n }, () => ({ files: [] as string[], bytes: 0 }));
  const sized = files.map((file) => ({ file, bytes: statSync(file).size })).sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file));
  for (const { file, bytes } of sized) {
    const lightest = parts.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(file);
    lightest.bytes += bytes;
  }
  return parts.map((p) => p.files);
}

async function main(): Promise<void> {
  const list = process.argv[2];
  if (!list) {
    process.stderr.write('usage: parse-floor.js LIST [THREADS]\n');
    process.exit(2);
  }
  const threads = Math.max(1, Number(process.argv[3] ?? os.availableParallelism()));
  const [mine, ...theirs] = split(readFileSync(list, 'utf8').split('\n').filter(Boolean), threads);
  const workers = theirs.map(
    (files) =>
      new Promise<Counts>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { parseFloorFiles: files } satisfies FloorJob });
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  );
  const all = [await parseFiles(mine), ...(await Promise.all(workers))];
  const sum = (key: keyof Counts) => all.reduce((total, c) => total + c[key], 0);
  process.stdout.write(`${sum('statements')} statements, ${sum('bodies')} DO bodies, ${sum('functions')} function bodies, ${sum('embedded')} embedded statements and conditions, ${threads} thread${threads === 1 ? '' : 's'}\n`);
}

// Same engine settings as pgscribe's launcher (bin/pgscribe.js) and raw-parse.ts, set before the WASM is compiled.
if (!isMainThread && isFloorJob(workerData)) {
  v8.setFlagsFromString('--liftoff-only');
  parentPort?.postMessage(await parseFiles(workerData.parseFloorFiles));
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  v8.setFlagsFromString('--liftoff-only');
  await main();
}

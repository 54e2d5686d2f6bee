/**
 * Looking inside `DO` blocks and PL/pgSQL function bodies.
 *
 * The body is handed to libpg-query's PL/pgSQL parser (wrapped in a throwaway
 * CREATE FUNCTION), and every embedded SQL statement — plain, `PERFORM`, or a
 * dynamic `EXECUTE` of a constant string — is parsed again with the SQL parser
 * and placed at its real file position, carrying the guards that enclose it
 * (`IF NOT EXISTS (SELECT … FROM pg_trigger …)`, `EXCEPTION WHEN
 * duplicate_object`). `RAISE` statements are collected with their guards too.
 *
 * The PL/pgSQL parser is never a gate: when it rejects or aborts on a body the
 * result says so in `error` and has no statements.
 *
 * Nothing here touches stderr. libpg-query instantiates its WebAssembly module
 * when it is imported, without options, so Emscripten's `printErr` is bound
 * to the console then and cannot be redirected at the WASM boundary; but on
 * every input known to trouble it (syntax errors, bison's "memory exhausted"
 * on deep nesting, NUL, lone surrogates) it raises an error and prints
 * nothing, so there is nothing to mute. test/sql/plpgsql-stderr.test.ts runs
 * such bodies through `pgscribe lint` and fails if anything reaches stderr.
 */

import {
  type AstNode,
  asKind,
  bool,
  child,
  constValue,
  isObject,
  list,
  num,
  str,
  stringValue,
  unwrap,
  walk,
} from './ast.js';
import { qualifiedName } from './names.js';
import { type BodyIssue, type Guard, LocationScope, type ParsedFile, parseScope, type SqlStatement } from './parser.js';
import type { Position } from './source.js';
import { parameterMode } from './statements.js';
import type { ParseSession } from './wasm.js';

export type RaiseLevel = 'debug' | 'log' | 'info' | 'notice' | 'warning' | 'exception';

export interface RaiseInfo {
  level: RaiseLevel;
  message: string;
  position: Position;
  guards: Guard[];
}

export interface Body {
  /** UTF-16 index in the file where the body text starts (undefined if it could not be placed). */
  base?: number;
  statements: SqlStatement[];
  raises: RaiseInfo[];
  /** Variable declarations with their default expressions (e.g. `env text := current_setting(…)`). */
  variables: Array<{ name: string; defaultExpression?: string }>;
  /** Why the body could not be read, when it could not. */
  error?: string;
}

const cache = new WeakMap<SqlStatement, Body>();

/** What the PL/pgSQL parser says of a LANGUAGE plpgsql function's body (its error, if any), asked once per statement. */
const functionChecks = new WeakMap<SqlStatement, { base: number; error?: string }>();

/**
 * Whether the PL/pgSQL parser accepts a LANGUAGE plpgsql function's body, as
 * Postgres checks it at CREATE FUNCTION: only the parse, not a reading of the
 * statements inside (the model reads function bodies as text). Undefined for
 * other languages.
 */
export function functionBodyCheck(statement: SqlStatement): { base: number; error?: string } | undefined {
  if (statement.kind !== 'CreateFunctionStmt') return undefined;
  const known = functionChecks.get(statement);
  if (known) return known;
  const found = findBody(statement);
  if (!found) return undefined;
  const check: { base: number; error?: string } = { base: found.index };
  try {
    statement.scope.session.parsePlpgsql(wrapperOf(found));
  } catch (error) {
    check.error = error instanceof Error ? error.message : String(error);
  }
  functionChecks.set(statement, check);
  return check;
}

/** The body of a DO block or a PL/pgSQL function, parsed once and cached. */
export function bodyOf(statement: SqlStatement): Body | undefined {
  const cached = cache.get(statement);
  if (cached) return cached;
  const found = findBody(statement);
  if (!found) return undefined;
  const body = readBody(statement, found);
  cache.set(statement, body);
  return body;
}

/**
 * What a released statement's `node` becomes: one shared object that throws on
 * any look at it, so a late reader fails loudly instead of seeing an empty
 * tree. (A getter per statement would turn 20,000 statements into
 * dictionary-mode objects: more memory than the trees it frees.)
 */
const releasedTree = new Proxy({} as AstNode, {
  get: released,
  has: released,
  ownKeys: released,
  getOwnPropertyDescriptor: released,
});

function released(): never {
  throw new Error('a syntax tree was read after it was released (the project was loaded with releaseSyntaxTrees)');
}

/**
 * Lets go of the syntax trees of a file's statements and of the DO and
 * function bodies read from them; kinds, positions, text, guards and comments
 * stay.
 */
export function releaseSyntaxTrees(parsed: ParsedFile): void {
  for (const statement of parsed.statements) release(statement);
}

function release(statement: SqlStatement): void {
  for (const nested of cache.get(statement)?.statements ?? []) release(nested);
  cache.delete(statement);
  statement.node = releasedTree;
}

function optionString(items: unknown[], name: string): { value: string; location: number } | undefined {
  for (const item of items) {
    const def = asKind(item, 'DefElem');
    if (!def || str(def, 'defname') !== name) continue;
    const arg = def.arg;
    const value = stringValue(arg) ?? stringValue(list(def, 'arg')[0]);
    if (value !== undefined) return { value, location: num(def, 'location') };
  }
  return undefined;
}

/**
 * The head of the throwaway routine that wraps a body for the PL/pgSQL
 * parser: the function's own arguments and result (`FUNCTION
 * pgscribe_body(a int) RETURNS SETOF t`, or `PROCEDURE …`), so that what the
 * body may do is what Postgres allows it (RETURN a value, RETURN QUERY, named
 * arguments, NEW and OLD in a trigger function); a DO block's is a function
 * returning void.
 */
function wrapperSignature(statement: SqlStatement): string {
  if (statement.kind !== 'CreateFunctionStmt') return 'FUNCTION pgscribe_body() RETURNS void';
  const node = statement.node;
  const args: string[] = [];
  const table: string[] = [];
  for (const value of list(node, 'parameters')) {
    const parameter = asKind(value, 'FunctionParameter');
    if (!parameter) continue;
    const name = str(parameter, 'name');
    const type = typeText(parameter.argType);
    const mode = parameterMode(parameter);
    if (mode === 'table') table.push(`${quoteName(name)} ${type}`);
    else args.push(`${mode === 'in' ? '' : `${mode} `}${name ? `${quoteName(name)} ` : ''}${type}`);
  }
  const head = `pgscribe_body(${args.join(', ')})`;
  if (bool(node, 'is_procedure')) return `PROCEDURE ${head}`;
  if (table.length > 0) return `FUNCTION ${head} RETURNS TABLE (${table.join(', ')})`;
  if (node.returnType === undefined) return `FUNCTION ${head}`; // OUT arguments make the result
  return `FUNCTION ${head} RETURNS ${typeText(node.returnType)}`;
}

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A type as SQL that parses back to the same type (each name part quoted). */
function typeText(value: unknown): string {
  const node = asKind(value, 'TypeName') ?? (value as AstNode | undefined);
  const parts = list(node, 'names').map((p) => stringValue(p) ?? '');
  if (parts.length === 0) return 'void';
  let text = parts.map(quoteName).join('.');
  const mods = list(node, 'typmods').map((m) => constValue(m)).filter((v) => typeof v === 'number');
  if (mods.length > 0 && parts[parts.length - 1] !== 'interval') text += `(${mods.join(',')})`;
  if (node?.pct_type === true) text += '%TYPE';
  text += '[]'.repeat(list(node, 'arrayBounds').length);
  return bool(node, 'setof') ? `SETOF ${text}` : text;
}

/** Locates the PL/pgSQL source of a DO block or function, if it is PL/pgSQL. */
function findBody(statement: SqlStatement): { text: string; index: number; head: string } | undefined {
  let options: unknown[];
  let defaultLanguage: string;
  if (statement.kind === 'DoStmt') {
    options = list(statement.node, 'args');
    defaultLanguage = 'plpgsql';
  } else if (statement.kind === 'CreateFunctionStmt') {
    options = list(statement.node, 'options');
    defaultLanguage = 'sql';
  } else return undefined;
  const language = (optionString(options, 'language')?.value ?? defaultLanguage).toLowerCase();
  if (language !== 'plpgsql') return undefined;
  const as = optionString(options, 'as');
  if (!as) return undefined;
  const scopeText = statement.scope.text;
  const from = statement.scope.indexOf(as.location);
  let at = scopeText.indexOf(as.value, from);
  if (at === -1) at = scopeText.indexOf(as.value, statement.scopeStart);
  // A single-quoted body with doubled quotes is not verbatim: place it at its quote.
  if (at === -1) at = Math.max(from, scopeText.indexOf("'", from) + 1);
  return { text: as.value, index: statement.scope.base + at, head: wrapperSignature(statement) };
}

const levels: Record<number, RaiseLevel> = { 10: 'debug', 11: 'debug', 12: 'debug', 13: 'debug', 14: 'debug', 15: 'log', 16: 'log', 17: 'info', 18: 'notice', 19: 'warning', 20: 'warning', 21: 'exception' };

/** The throwaway routine the PL/pgSQL parser reads a body in (the same text on the main thread and in the parse worker). */
function wrapperOf({ text, head }: { text: string; head: string }): string {
  return `CREATE ${head} LANGUAGE plpgsql AS $pgscribe_body$${text}$pgscribe_body$`;
}

function readBody(statement: SqlStatement, { text, index: base, head }: { text: string; index: number; head: string }): Body {
  const body: Body = { base, statements: [], raises: [], variables: [] };
  const wrapper = wrapperOf({ text, head });
  let parsed: unknown;
  try {
    parsed = statement.scope.session.parsePlpgsql(wrapper);
  } catch (error) {
    body.error = error instanceof Error ? error.message : String(error);
    return body;
  }
  const fn = asKind(list(parsed as AstNode, 'plpgsql_funcs')[0], 'PLpgSQL_function');
  if (!fn) {
    body.error = 'the PL/pgSQL parser returned no function';
    return body;
  }
  const context = new BodyContext(statement, text, base, body);
  for (const datum of list(fn, 'datums')) {
    const v = asKind(datum, 'PLpgSQL_var');
    const lineno = num(v, 'lineno');
    if (!v || lineno === 0) continue; // implicit variables (found, sqlstate…) have no line
    const expr = asKind(v.default_val, 'PLpgSQL_expr');
    body.variables.push({ name: str(v, 'refname'), defaultExpression: expr ? str(expr, 'query') : undefined });
  }
  context.visit(fn.action, statement.guards);
  return body;
}

class BodyContext {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly container: SqlStatement,
    private readonly text: string,
    private readonly base: number,
    private readonly body: Body,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private get session(): ParseSession {
    return this.container.scope.session;
  }

  private lineIndex(lineno: number): number {
    return this.lineStarts[Math.max(0, Math.min(lineno - 1, this.lineStarts.length - 1))];
  }

  private position(lineno: number): Position {
    return this.container.scope.source.positionAt(this.base + this.lineIndex(lineno));
  }

  /** Visits a PL/pgSQL statement (wrapped) or list of them under `guards`. */
  visit(value: unknown, guards: Guard[]): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, guards);
      return;
    }
    const u = unwrap(value);
    if (!u) return;
    const { kind, node } = u;
    switch (kind) {
      case 'PLpgSQL_stmt_block': {
        const handlers = list(child(node, 'exceptions') && asKind(node.exceptions, 'PLpgSQL_exception_block'), 'exc_list');
        const conditions: string[] = [];
        for (const handler of handlers) {
          const exception = asKind(handler, 'PLpgSQL_exception');
          for (const condition of list(exception, 'conditions')) {
            const name = str(asKind(condition, 'PLpgSQL_condition'), 'condname');
            if (name) conditions.push(name.toLowerCase());
          }
        }
        const inner: Guard[] = conditions.length > 0 ? [...guards, { kind: 'exception', conditions }] : guards;
        this.visit(node.body, inner);
        for (const handler of handlers) this.visit(asKind(handler, 'PLpgSQL_exception')?.action, guards);
        return;
      }
      case 'PLpgSQL_stmt_if': {
        const cond = str(asKind(node.cond, 'PLpgSQL_expr'), 'query');
        const guard = analyseCondition(cond, this.session);
        this.visit(node.then_body, [...guards, guard]);
        for (const elsif of list(node, 'elsif_list')) {
          const e = asKind(elsif, 'PLpgSQL_if_elsif');
          const g = analyseCondition(str(asKind(e?.cond, 'PLpgSQL_expr'), 'query'), this.session);
          this.visit(e?.stmts, [...guards, { ...guard, negated: !guard.negated }, g]);
        }
        this.visit(node.else_body, [...guards, { ...guard, negated: !guard.negated }]);
        return;
      }
      case 'PLpgSQL_stmt_case': {
        for (const when of list(node, 'case_when_list')) this.visit(asKind(when, 'PLpgSQL_case_when')?.stmts, guards);
        this.visit(node.else_stmts, guards);
        return;
      }
      case 'PLpgSQL_stmt_execsql': {
        const query = str(asKind(node.sqlstmt, 'PLpgSQL_expr'), 'query');
        this.embed(query, num(node, 'lineno'), guards, '');
        return;
      }
      case 'PLpgSQL_stmt_call': {
        const query = str(asKind(node.expr, 'PLpgSQL_expr'), 'query');
        this.embed(query, num(node, 'lineno'), guards, '');
        return;
      }
      case 'PLpgSQL_stmt_perform': {
        const query = str(asKind(node.expr, 'PLpgSQL_expr'), 'query');
        this.embed(query, num(node, 'lineno'), guards, 'SELECT ');
        return;
      }
      case 'PLpgSQL_stmt_dynexecute': {
        const query = str(asKind(node.query, 'PLpgSQL_expr'), 'query');
        const constant = constantString(query, this.session);
        if (constant !== undefined) this.embedDynamic(constant, num(node, 'lineno'), guards);
        return;
      }
      case 'PLpgSQL_stmt_raise': {
        const level = levels[num(node, 'elog_level')] ?? 'exception';
        this.body.raises.push({ level, message: str(node, 'message'), position: this.position(num(node, 'lineno')), guards });
        return;
      }
      default: {
        // Loops and other compound statements: visit their bodies.
        if (Array.isArray(node.body)) this.visit(node.body, guards);
        if (Array.isArray(node.stmts)) this.visit(node.stmts, guards);
      }
    }
  }

  /** Parses SQL embedded in the body and records its statements. */
  private embed(query: string, lineno: number, guards: Guard[], rewrittenPrefix: string): void {
    if (!query.trim()) return;
    const lineStart = this.lineIndex(lineno);
    let at = this.text.indexOf(query, lineStart);
    let scopeOffset = 0;
    if (at === -1 && rewrittenPrefix && query.startsWith(rewrittenPrefix)) {
      const rest = query.slice(rewrittenPrefix.length);
      const restAt = this.text.indexOf(rest, lineStart);
      if (restAt !== -1) {
        at = restAt;
        scopeOffset = -rewrittenPrefix.length;
      }
    }
    if (at === -1) at = lineStart;
    const scope = new LocationScope(this.container.scope.source, query, this.base + at + scopeOffset, this.session);
    this.addStatements(scope, guards, false);
  }

  private embedDynamic(sql: string, lineno: number, guards: Guard[]): void {
    const scope = new LocationScope(this.container.scope.source, sql, this.base + this.lineIndex(lineno), this.session);
    this.addStatements(scope, guards, true);
  }

  private addStatements(scope: LocationScope, guards: Guard[], dynamic: boolean): void {
    try {
      const { statements } = parseScope(scope, {
        depth: this.container.depth + 1,
        guards,
        container: this.container,
      });
      for (const statement of statements) {
        if (dynamic) {
          statement.dynamic = true;
          // Positions inside an unescaped string are approximate: pin them to the EXECUTE line.
          statement.start = scope.source.positionAt(scope.base);
          statement.end = statement.start;
        }
        this.body.statements.push(statement);
        if (statement.kind === 'DoStmt') {
          const nested = bodyOf(statement);
          if (nested) {
            this.body.statements.push(...nested.statements);
            this.body.raises.push(...nested.raises);
          }
        }
      }
    } catch {
      // Embedded text that is not a statement (e.g. a PL/pgSQL-only construct): skip it.
    }
  }
}

/** The value of `query` when it is one constant string, else undefined. */
function constantString(query: string, session: ParseSession): string | undefined {
  try {
    const parsed = session.parseSql(`SELECT ${query}`) as AstNode;
    const select = asKind(child(list(parsed, 'stmts')[0] as AstNode, 'stmt'), 'SelectStmt');
    const targets = list(select, 'targetList');
    if (targets.length !== 1) return undefined;
    const value = constValue(asKind(targets[0], 'ResTarget')?.val);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an IF condition: which catalogs it consults and which names it checks. */
export function analyseCondition(condition: string, session: ParseSession): Extract<Guard, { kind: 'if' }> {
  const guard: Extract<Guard, { kind: 'if' }> = { kind: 'if', condition, catalogs: [], literals: [], negated: false };
  let parsed: AstNode;
  try {
    parsed = session.parseSql(`SELECT ${condition}`) as AstNode;
  } catch {
    guard.negated = /^\s*not\b/i.test(condition);
    return guard;
  }
  const select = asKind(child(list(parsed, 'stmts')[0] as AstNode, 'stmt'), 'SelectStmt');
  const top = asKind(list(select, 'targetList')[0], 'ResTarget')?.val;
  const bool = asKind(top, 'BoolExpr');
  guard.negated = bool !== undefined && str(bool, 'boolop') === 'NOT_EXPR';
  walk(top, (kind, node) => {
    if (kind === 'RangeVar') {
      const schema = str(node, 'schemaname');
      const rel = str(node, 'relname').toLowerCase();
      guard.catalogs.push(schema ? `${schema.toLowerCase()}.${rel}` : rel);
    } else if (kind === 'A_Const') {
      const value = constValue({ A_Const: node });
      if (typeof value === 'string') guard.literals.push(value);
    } else if (kind === 'FuncCall') {
      // to_regclass('x'), to_regtype('x') and friends check existence too.
      const fname = list(node, 'funcname').map(stringValue).join('.').toLowerCase();
      if (fname.includes('to_reg')) guard.catalogs.push(fname.replace(/^pg_catalog\./, ''));
    }
  });
  if (!isObject(top)) guard.negated = /^\s*not\b/i.test(condition);
  return guard;
}

/**
 * Errors libpg-query's PL/pgSQL parser raises on valid code, with the
 * construct that triggers each: not reported. `SELECT … INTO` a variable of a
 * type the parser cannot see (an enum or domain made by the migrations) is
 * taken for a row variable ("… is not a scalar variable").
 */
export const knownParserQuirks: Array<{ pattern: RegExp; construct: string }> = [
  { pattern: /is not a scalar variable$/, construct: 'SELECT … INTO a variable of a type the migrations made (an enum or domain)' },
];

/**
 * The bodies among `statements` (DO blocks and LANGUAGE plpgsql functions)
 * that the PL/pgSQL parser rejects, as Postgres would at CREATE time with
 * check_function_bodies on; its known quirks are left out.
 */
export function bodyIssues(statements: SqlStatement[]): BodyIssue[] {
  const issues: BodyIssue[] = [];
  for (const statement of statements) {
    const body = statement.kind === 'DoStmt' ? bodyOf(statement) : functionBodyCheck(statement);
    if (!body?.error || knownParserQuirks.some((q) => q.pattern.test(body.error ?? ''))) continue;
    const source = statement.scope.source;
    const start = body.base ?? statement.start.offset;
    let at = start;
    const near = /at or near "(.+)"$/.exec(body.error)?.[1];
    if (near) {
      const region = source.text.slice(start, statement.end.offset + 1);
      const first = region.indexOf(near);
      if (first !== -1 && region.indexOf(near, first + near.length) === -1) at = start + first;
    }
    const name = statement.kind === 'DoStmt' ? undefined : qualifiedName(list(statement.node, 'funcname'));
    issues.push({
      file: statement.file,
      message: body.error,
      position: source.positionAt(at),
      container: name ? `function ${name.schema ? `${name.schema}.` : ''}${name.name}` : 'DO block',
    });
  }
  return issues;
}

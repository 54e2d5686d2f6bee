/**
 * Looking inside `DO` blocks and PL/pgSQL function bodies.
 *
 * The body is handed to libpg-query's PL/pgSQL parser (wrapped in a throwaway
 * CREATE FUNCTION) and its tree walked once into an outline: every embedded
 * SQL statement — plain, `PERFORM`, or a dynamic `EXECUTE` of a constant
 * string — and every `RAISE`, in order, each with the guards that enclose it
 * (`IF NOT EXISTS (SELECT … FROM pg_trigger …)`, analysed; `EXCEPTION WHEN
 * duplicate_object`). The outline is plain data keyed by the body's text:
 * identical bodies and conditions are read once per run, and the parse worker
 * ships outlines instead of trees. Each statement is then parsed with the SQL
 * parser and placed at its real file position.
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
  const error = statement.scope.session.checkPlpgsql(wrapperOf(found));
  if (error !== undefined) check.error = error;
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

/**
 * What a PL/pgSQL body holds, read from one parse of it and one walk of the
 * tree: its variables and, in order, the SQL it runs (with the `PERFORM`
 * rewrite, or the constant string a dynamic `EXECUTE` runs) and the `RAISE`s
 * it makes, each with the guards of the body's own blocks around it (IF
 * conditions already analysed). Plain data and a pure function of the
 * wrapper's text, so it is worked out once per text (ParseSession.derive) and
 * a parse worker can hand it over instead of the tree.
 */
export interface BodyOutline {
  /** Why the body could not be read, when it could not. */
  error?: string;
  variables: Body['variables'];
  steps: OutlineStep[];
}

type OutlineStep =
  | { kind: 'sql'; query: string; lineno: number; rewrittenPrefix: string; guards: Guard[] }
  | { kind: 'dynamic'; sql: string; lineno: number; guards: Guard[] }
  | { kind: 'raise'; level: RaiseLevel; message: string; lineno: number; guards: Guard[] };

/** The outline of the body in `wrapper` (see BodyOutline), once per text in a session. */
function outlineOf(wrapper: string, session: ParseSession): BodyOutline {
  return session.derive('plpgsql-outline', wrapper, () => readOutline(wrapper, session));
}

/** The outline of a DO block's or PL/pgSQL function's body (undefined when it has none). */
export function outlineOfStatement(statement: SqlStatement): BodyOutline | undefined {
  const found = findBody(statement);
  return found ? outlineOf(wrapperOf(found), statement.scope.session) : undefined;
}

function readOutline(wrapper: string, session: ParseSession): BodyOutline {
  const outline: BodyOutline = { variables: [], steps: [] };
  let parsed: unknown;
  try {
    parsed = session.parsePlpgsql(wrapper);
  } catch (error) {
    outline.error = error instanceof Error ? error.message : String(error);
    return outline;
  }
  const fn = asKind(list(parsed as AstNode, 'plpgsql_funcs')[0], 'PLpgSQL_function');
  if (!fn) {
    outline.error = 'the PL/pgSQL parser returned no function';
    return outline;
  }
  for (const datum of list(fn, 'datums')) {
    const v = asKind(datum, 'PLpgSQL_var');
    const lineno = num(v, 'lineno');
    if (!v || lineno === 0) continue; // implicit variables (found, sqlstate…) have no line
    const expr = asKind(v.default_val, 'PLpgSQL_expr');
    outline.variables.push({ name: str(v, 'refname'), defaultExpression: expr ? str(expr, 'query') : undefined });
  }
  visitOutline(fn.action, [], outline.steps, session);
  return outline;
}

/** Walks a PL/pgSQL statement (wrapped) or list of them under `guards`, adding what it runs to `steps`. */
function visitOutline(value: unknown, guards: Guard[], steps: OutlineStep[], session: ParseSession): void {
  if (Array.isArray(value)) {
    for (const item of value) visitOutline(item, guards, steps, session);
    return;
  }
  const u = unwrap(value);
  if (!u) return;
  const { kind, node } = u;
  const visit = (inner: unknown, innerGuards: Guard[]) => visitOutline(inner, innerGuards, steps, session);
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
      visit(node.body, inner);
      for (const handler of handlers) visit(asKind(handler, 'PLpgSQL_exception')?.action, guards);
      return;
    }
    case 'PLpgSQL_stmt_if': {
      const guard = analyseCondition(str(asKind(node.cond, 'PLpgSQL_expr'), 'query'), session);
      visit(node.then_body, [...guards, guard]);
      for (const elsif of list(node, 'elsif_list')) {
        const e = asKind(elsif, 'PLpgSQL_if_elsif');
        const g = analyseCondition(str(asKind(e?.cond, 'PLpgSQL_expr'), 'query'), session);
        visit(e?.stmts, [...guards, { ...guard, negated: !guard.negated }, g]);
      }
      visit(node.else_body, [...guards, { ...guard, negated: !guard.negated }]);
      return;
    }
    case 'PLpgSQL_stmt_case': {
      for (const when of list(node, 'case_when_list')) visit(asKind(when, 'PLpgSQL_case_when')?.stmts, guards);
      visit(node.else_stmts, guards);
      return;
    }
    case 'PLpgSQL_stmt_execsql':
    case 'PLpgSQL_stmt_call':
    case 'PLpgSQL_stmt_perform': {
      const field = kind === 'PLpgSQL_stmt_execsql' ? node.sqlstmt : node.expr;
      const query = str(asKind(field, 'PLpgSQL_expr'), 'query');
      if (query.trim()) steps.push({ kind: 'sql', query, lineno: num(node, 'lineno'), rewrittenPrefix: kind === 'PLpgSQL_stmt_perform' ? 'SELECT ' : '', guards });
      return;
    }
    case 'PLpgSQL_stmt_dynexecute': {
      const sql = constantString(str(asKind(node.query, 'PLpgSQL_expr'), 'query'), session);
      if (sql !== undefined) steps.push({ kind: 'dynamic', sql, lineno: num(node, 'lineno'), guards });
      return;
    }
    case 'PLpgSQL_stmt_raise': {
      steps.push({ kind: 'raise', level: levels[num(node, 'elog_level')] ?? 'exception', message: str(node, 'message'), lineno: num(node, 'lineno'), guards });
      return;
    }
    default: {
      // Loops and other compound statements: visit their bodies.
      if (Array.isArray(node.body)) visit(node.body, guards);
      if (Array.isArray(node.stmts)) visit(node.stmts, guards);
    }
  }
}

/** The body read: its outline's statements parsed and placed in the file, under the statement's own guards. */
function readBody(statement: SqlStatement, found: { text: string; index: number; head: string }): Body {
  const body: Body = { base: found.index, statements: [], raises: [], variables: [] };
  const outline = outlineOf(wrapperOf(found), statement.scope.session);
  if (outline.error !== undefined) {
    body.error = outline.error;
    return body;
  }
  body.variables = outline.variables.map((v) => ({ ...v }));
  const placer = new BodyPlacer(statement, found.text, found.index, body);
  const outer = statement.guards;
  for (const step of outline.steps) {
    const guards = outer.length === 0 ? step.guards : [...outer, ...step.guards];
    if (step.kind === 'sql') placer.embed(step.query, step.lineno, guards, step.rewrittenPrefix);
    else if (step.kind === 'dynamic') placer.embedDynamic(step.sql, step.lineno, guards);
    else body.raises.push({ level: step.level, message: step.message, position: placer.position(step.lineno), guards });
  }
  return body;
}

/** Places a body's SQL in its file: parses each piece and records its statements (and nested DO blocks' ones). */
class BodyPlacer {
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

  position(lineno: number): Position {
    return this.container.scope.source.positionAt(this.base + this.lineIndex(lineno));
  }

  /** Parses SQL embedded in the body and records its statements. */
  embed(query: string, lineno: number, guards: Guard[], rewrittenPrefix: string): void {
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

  embedDynamic(sql: string, lineno: number, guards: Guard[]): void {
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

/** Reads an IF condition: which catalogs it consults and which names it checks (once per condition text in a session). */
export function analyseCondition(condition: string, session: ParseSession): Extract<Guard, { kind: 'if' }> {
  return session.derive('if-condition', condition, () => readCondition(condition, session));
}

function readCondition(condition: string, session: ParseSession): Extract<Guard, { kind: 'if' }> {
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

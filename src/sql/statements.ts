/**
 * Typed records of what statements say, for the model and the rules: object
 * kinds, ALTER TABLE commands, constraint kinds, foreign key actions, trigger
 * timing and events, DROP and RENAME targets, partition strategies. The
 * parser's enum codes (`OBJECT_*`, `AT_*`, `CONSTR_*`, `DROP_CASCADE`, …), bit
 * masks and action letters are read here and nowhere else (a test greps for
 * them); everything else receives words.
 */

import { type AstNode, asKind, bool, child, list, num, str, unwrap } from './ast.js';

/** Object kinds as Postgres' documentation names them. */
export type ObjectKind =
  | 'table'
  | 'foreign table'
  | 'view'
  | 'materialized view'
  | 'index'
  | 'sequence'
  | 'type'
  | 'domain'
  | 'schema'
  | 'extension'
  | 'function'
  | 'procedure'
  | 'routine'
  | 'aggregate'
  | 'trigger'
  | 'policy'
  | 'column'
  | 'table constraint'
  | 'domain constraint'
  | 'rule'
  | 'role'
  | 'other';

const objectKinds = new Map<string, ObjectKind>(Object.entries({
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'foreign table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'domain',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'procedure',
  OBJECT_ROUTINE: 'routine',
  OBJECT_AGGREGATE: 'aggregate',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_POLICY: 'policy',
  OBJECT_COLUMN: 'column',
  OBJECT_TABCONSTRAINT: 'table constraint',
  OBJECT_DOMCONSTRAINT: 'domain constraint',
  OBJECT_RULE: 'rule',
  OBJECT_ROLE: 'role',
} satisfies Record<string, ObjectKind>));

function objectKind(code: string): ObjectKind {
  return objectKinds.get(code) ?? 'other';
}

/** The parser's own word for an object kind (`OBJECT_TABLE` → `table`, `OBJECT_FOREIGN_TABLE` → `foreign_table`), as grants print it. */
function objectKindWord(code: string): string {
  return code.replace(/^OBJECT_/, '').toLowerCase();
}

/** `DROP kind name, … [IF EXISTS] [CASCADE]`. */
export interface DropRecord {
  kind: ObjectKind;
  /** The dropped objects' names as the parser gives them (read with sql/names.ts). */
  objects: unknown[];
  ifExists: boolean;
  cascade: boolean;
}

export function dropRecord(node: AstNode): DropRecord {
  return { kind: objectKind(str(node, 'removeType')), objects: list(node, 'objects'), ifExists: bool(node, 'missing_ok'), cascade: str(node, 'behavior') === 'DROP_CASCADE' };
}

/** `ALTER … RENAME`: the kind renamed (a column's or constraint's relation kind aside). */
export function renameKind(node: AstNode): ObjectKind {
  return objectKind(str(node, 'renameType'));
}

/** The relation kind of ALTER TABLE / ALTER VIEW / ALTER INDEX …, and of `ALTER … SET SCHEMA`. */
export function alteredKind(node: AstNode): ObjectKind | undefined {
  const code = str(node, 'objtype') || str(node, 'objectType');
  return code ? objectKind(code) : undefined;
}

/** `COMMENT ON kind …`. */
export function commentKind(node: AstNode): ObjectKind {
  return objectKind(str(node, 'objtype'));
}

/** `CREATE TABLE … AS` or `CREATE MATERIALIZED VIEW … AS`. */
export function createdAsKind(node: AstNode): 'table' | 'materialized view' {
  return str(node, 'objtype') === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
}

/** `GRANT/REVOKE … ON kind …`: what it names the objects as (`tables`, `all tables in schema`). */
export function grantTarget(node: AstNode): { grant: boolean; objectType: string } {
  const allIn = str(node, 'targtype') === 'ACL_TARGET_ALL_IN_SCHEMA';
  return { grant: bool(node, 'is_grant'), objectType: `${allIn ? 'all ' : ''}${objectKindWord(str(node, 'objtype'))}${allIn ? 's in schema' : ''}` };
}

/** Constraint kinds, column-level ones (NOT NULL, NULL, DEFAULT, identity, generated) included. */
export type ConstraintKind = 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclusion' | 'not null' | 'null' | 'default' | 'identity' | 'generated' | 'other';

const constraintKinds = new Map<string, ConstraintKind>(Object.entries({
  CONSTR_PRIMARY: 'primary key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign key',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not null',
  CONSTR_NULL: 'null',
  CONSTR_DEFAULT: 'default',
  CONSTR_IDENTITY: 'identity',
  CONSTR_GENERATED: 'generated',
} satisfies Record<string, ConstraintKind>));

/** The kind of a `Constraint` node. */
export function constraintKind(constraint: AstNode | undefined): ConstraintKind {
  return constraintKinds.get(str(constraint, 'contype')) ?? 'other';
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

const referentialActions: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** A foreign key's ON DELETE / ON UPDATE action (NO ACTION when none is written). */
export function referentialAction(constraint: AstNode | undefined, on: 'delete' | 'update'): ReferentialAction {
  return referentialActions[str(constraint, on === 'delete' ? 'fk_del_action' : 'fk_upd_action')] ?? 'no action';
}

/** `GENERATED ALWAYS` or `GENERATED BY DEFAULT` of an identity constraint. */
export function identityKind(constraint: AstNode | undefined): 'always' | 'by default' {
  return str(constraint, 'generated_when') === 'd' ? 'by default' : 'always';
}

/** One command of `ALTER TABLE`, by what it does. */
export type AlterTableCommand =
  | { action: 'add column'; column: AstNode; ifNotExists: boolean }
  | { action: 'drop column'; name: string; ifExists: boolean; cascade: boolean }
  | { action: 'set default'; name: string; expression: unknown }
  | { action: 'set not null' | 'drop not null'; name: string }
  | { action: 'alter column type'; name: string; column: AstNode | undefined }
  | { action: 'add identity' | 'set identity'; name: string; constraint: AstNode | undefined }
  | { action: 'drop identity'; name: string }
  | { action: 'add constraint'; constraint: AstNode }
  | { action: 'drop constraint'; name: string; ifExists: boolean; cascade: boolean }
  | { action: 'enable row level security' | 'disable row level security' | 'force row level security' | 'no force row level security' }
  | { action: 'attach partition' | 'detach partition'; partition: unknown; bound: AstNode | undefined }
  /** ENABLE/DISABLE TRIGGER name|ALL|USER (ENABLE ALWAYS / REPLICA count as enable); `trigger` is the name, or `ALL`/`USER` when `every` is set. */
  | { action: 'enable trigger' | 'disable trigger'; trigger: string; every: boolean }
  | { action: 'other' };

const rowSecurity: Record<string, AlterTableCommand['action']> = {
  AT_EnableRowSecurity: 'enable row level security',
  AT_DisableRowSecurity: 'disable row level security',
  AT_ForceRowSecurity: 'force row level security',
  AT_NoForceRowSecurity: 'no force row level security',
};

const triggerToggles: Record<string, ['enable trigger' | 'disable trigger', string]> = {
  AT_DisableTrigAll: ['disable trigger', 'ALL'],
  AT_DisableTrigUser: ['disable trigger', 'USER'],
  AT_EnableTrigAll: ['enable trigger', 'ALL'],
  AT_EnableTrigUser: ['enable trigger', 'USER'],
  AT_DisableTrig: ['disable trigger', ''],
  AT_EnableTrig: ['enable trigger', ''],
  AT_EnableAlwaysTrig: ['enable trigger', ''],
  AT_EnableReplicaTrig: ['enable trigger', ''],
};

function alterTableCommand(cmd: AstNode): AlterTableCommand {
  const subtype = str(cmd, 'subtype');
  const name = str(cmd, 'name');
  const missingOk = bool(cmd, 'missing_ok');
  const cascade = str(cmd, 'behavior') === 'DROP_CASCADE';
  switch (subtype) {
    case 'AT_AddColumn': {
      const column = asKind(cmd.def, 'ColumnDef');
      return column ? { action: 'add column', column, ifNotExists: missingOk } : { action: 'other' };
    }
    case 'AT_DropColumn':
      return { action: 'drop column', name, ifExists: missingOk, cascade };
    case 'AT_ColumnDefault':
      return { action: 'set default', name, expression: cmd.def };
    case 'AT_SetNotNull':
      return { action: 'set not null', name };
    case 'AT_DropNotNull':
      return { action: 'drop not null', name };
    case 'AT_AlterColumnType':
      return { action: 'alter column type', name, column: asKind(cmd.def, 'ColumnDef') };
    case 'AT_AddIdentity':
      return { action: 'add identity', name, constraint: asKind(cmd.def, 'Constraint') };
    case 'AT_SetIdentity':
      return { action: 'set identity', name, constraint: asKind(cmd.def, 'Constraint') };
    case 'AT_DropIdentity':
      return { action: 'drop identity', name };
    case 'AT_AddConstraint': {
      const constraint = asKind(cmd.def, 'Constraint');
      return constraint ? { action: 'add constraint', constraint } : { action: 'other' };
    }
    case 'AT_DropConstraint':
      return { action: 'drop constraint', name, ifExists: missingOk, cascade };
    case 'AT_AttachPartition':
    case 'AT_DetachPartition': {
      const partition = asKind(cmd.def, 'PartitionCmd');
      return { action: subtype === 'AT_AttachPartition' ? 'attach partition' : 'detach partition', partition: partition?.name, bound: child(partition, 'bound') };
    }
    default: {
      const security = rowSecurity[subtype];
      if (security) return { action: security } as AlterTableCommand;
      const toggle = triggerToggles[subtype];
      if (toggle) return { action: toggle[0], trigger: toggle[1] || name, every: toggle[1] !== '' };
      return { action: 'other' };
    }
  }
}

const commandsOf = new WeakMap<AstNode, AlterTableCommand[]>();

/** The commands of an `ALTER TABLE` statement, in order (read once per statement: the model and the rules both ask). */
export function alterTableCommands(node: AstNode): AlterTableCommand[] {
  let out = commandsOf.get(node);
  if (out) return out;
  out = [];
  for (const value of list(node, 'cmds')) {
    const cmd = asKind(value, 'AlterTableCmd');
    if (cmd) out.push(alterTableCommand(cmd));
  }
  commandsOf.set(node, out);
  return out;
}

export type TriggerTiming = 'before' | 'after' | 'instead of';
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

/** Postgres' TRIGGER_TYPE_* bits (src/include/catalog/pg_trigger.h). */
const timingBefore = 2;
const timingInstead = 64;
const eventBits: Array<[number, TriggerEvent]> = [
  [4, 'insert'],
  [16, 'update'],
  [8, 'delete'],
  [32, 'truncate'],
];

/** A `CreateTrigStmt`'s timing and events, in the order Postgres prints them. */
export function triggerFiring(node: AstNode): { timing: TriggerTiming; events: TriggerEvent[] } {
  const timing = num(node, 'timing');
  const events = num(node, 'events');
  return {
    timing: timing & timingBefore ? 'before' : timing & timingInstead ? 'instead of' : 'after',
    events: eventBits.filter(([bit]) => events & bit).map(([, event]) => event),
  };
}

/** `PARTITION BY RANGE|LIST|HASH` of a PartitionSpec. */
export function partitionStrategy(spec: AstNode): 'range' | 'list' | 'hash' {
  const raw = str(spec, 'strategy');
  return raw.endsWith('LIST') ? 'list' : raw.endsWith('HASH') ? 'hash' : 'range';
}

/** The form of a PartitionBoundSpec: `DEFAULT`, `FROM … TO`, `IN (…)` or `WITH (modulus, remainder)`. */
export function boundForm(spec: AstNode | undefined): 'default' | 'range' | 'list' | 'hash' {
  if (!spec || bool(spec, 'is_default')) return 'default';
  const strategy = str(spec, 'strategy');
  return strategy === 'r' ? 'range' : strategy === 'l' ? 'list' : 'hash';
}

/** What a TransactionStmt does to the session's transaction: opens one (BEGIN, START TRANSACTION), ends one (COMMIT, END, ROLLBACK, ABORT; COMMIT AND CHAIN opens the next), or works inside one (SAVEPOINT, RELEASE, ROLLBACK TO, PREPARE TRANSACTION…). */
export function transactionControl(node: AstNode): 'begin' | 'end' | 'end and begin' | 'inside' {
  const kind = str(node, 'kind');
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') return bool(node, 'chain') ? 'end and begin' : 'end';
  return 'inside';
}

/** Whether a RangeVar is `TEMPORARY` (a table that lives for the session: never part of the schema). */
export function isTemporary(relation: AstNode | undefined): boolean {
  return str(relation, 'relpersistence') === 't';
}

/** Whether a CREATE TEMP TABLE (or its `… AS` form's INTO clause) says ON COMMIT DROP. */
export function dropsOnCommit(node: AstNode | undefined): boolean {
  return str(node, 'oncommit') === 'ONCOMMIT_DROP' || str(node, 'onCommit') === 'ONCOMMIT_DROP';
}

/** Whether a RangeVar is `UNLOGGED`. */
export function isUnlogged(relation: AstNode | undefined): boolean {
  return str(relation, 'relpersistence') === 'u';
}

/** Whether an IndexElem is sorted `DESC`. */
export function isDescending(element: AstNode | undefined): boolean {
  return str(element, 'ordering') === 'SORTBY_DESC';
}

export type ParameterMode = 'in' | 'out' | 'inout' | 'variadic' | 'table';

const parameterModes: Record<string, ParameterMode> = {
  FUNC_PARAM_IN: 'in',
  FUNC_PARAM_DEFAULT: 'in',
  FUNC_PARAM_OUT: 'out',
  FUNC_PARAM_INOUT: 'inout',
  FUNC_PARAM_VARIADIC: 'variadic',
  FUNC_PARAM_TABLE: 'table',
};

/** A FunctionParameter's mode (IN when none is written). */
export function parameterMode(parameter: AstNode | undefined): ParameterMode {
  return parameterModes[str(parameter, 'mode')] ?? 'in';
}

/** What a `SET`/`RESET` (VariableSetStmt) does: set values, set FROM CURRENT, or reset to the default. */
export function variableSetKind(node: AstNode | undefined): 'value' | 'from current' | 'reset' {
  const kind = str(node, 'kind');
  if (kind === 'VAR_SET_CURRENT') return 'from current';
  if (kind === 'VAR_RESET' || kind === 'VAR_SET_DEFAULT' || kind === 'VAR_RESET_ALL') return 'reset';
  return 'value';
}

/** The SQL keyword of a SQLValueFunction (`CURRENT_TIMESTAMP`, `LOCALTIME`, …). */
export function sqlValueFunction(node: AstNode | undefined): string {
  return str(node, 'op').replace(/^SVFOP_/, '');
}

/**
 * The name Postgres gives an output column that has no alias (FigureColname in
 * parse_target.c): a column's or function's name, a cast's operand's (else its
 * type's), `case`, `coalesce`, `exists`, `array`, `row`, a subquery's first
 * column, else `?column?`.
 */
export function figureColumnName(value: unknown): string {
  const wrapped = unwrap(value);
  if (!wrapped) return '?column?';
  const { kind, node } = wrapped;
  switch (kind) {
    case 'ColumnRef': {
      const last = unwrap(list(node, 'fields').at(-1));
      return last?.kind === 'String' ? str(last.node, 'sval') : '?column?';
    }
    case 'A_Indirection': {
      const last = unwrap(list(node, 'indirection').at(-1));
      return last?.kind === 'String' ? str(last.node, 'sval') : figureColumnName(node.arg);
    }
    case 'FuncCall': {
      const last = unwrap(list(node, 'funcname').at(-1));
      return last?.kind === 'String' ? str(last.node, 'sval') : '?column?';
    }
    case 'TypeCast': {
      const inner = figureColumnName(node.arg);
      if (inner !== '?column?') return inner;
      const typeName = asKind(node.typeName, 'TypeName') ?? (node.typeName as AstNode | undefined);
      const last = unwrap(list(typeName, 'names').at(-1));
      return last?.kind === 'String' ? str(last.node, 'sval') : '?column?';
    }
    case 'CaseExpr':
      return 'case';
    case 'CoalesceExpr':
      return 'coalesce';
    case 'MinMaxExpr':
      return str(node, 'op') === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'A_ArrayExpr':
      return 'array';
    case 'RowExpr':
      return 'row';
    case 'GroupingFunc':
      return 'grouping';
    case 'SQLValueFunction':
      return sqlValueFunction(node).toLowerCase();
    case 'SubLink': {
      const type = str(node, 'subLinkType');
      if (type === 'EXISTS_SUBLINK') return 'exists';
      if (type === 'ARRAY_SUBLINK') return 'array';
      if (type === 'EXPR_SUBLINK') {
        const select = asKind(node.subselect, 'SelectStmt');
        const first = asKind(list(select, 'targetList')[0], 'ResTarget');
        return first ? str(first, 'name') || figureColumnName(first.val) : '?column?';
      }
      return '?column?';
    }
    default:
      return '?column?';
  }
}

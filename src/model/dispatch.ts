/**
 * Each statement to the module of the kind it is about: CREATE, ALTER and
 * COMMENT by statement kind, RENAME and DROP by the object kind they name
 * (a DROP's targets are found by each kind's module and dropped together
 * over dependents.ts). DO blocks run their nested statements, as a first run
 * would; function bodies do not run at migration time and are not folded.
 */

import { str } from '../sql/ast.js';
import { nameParts, qualifiedParts, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { alteredKind, dropRecord, type ObjectKind as DroppedKind, renameKind } from '../sql/statements.js';
import type { Catalog, ObjectRef } from './catalog.js';
import { comment } from './comments.js';
import { alterEnum, createComposite, createDomain, createEnum, createRange, renameType, setTypeSchema, typeTarget } from './datatypes.js';
import { dropObjects } from './dependents.js';
import { createExtension, extensionTarget } from './extensions.js';
import { alterFunction, createFunction, functionTargets, renameFunction, setFunctionSchema } from './functions.js';
import { grant } from './grants.js';
import { createIndex, indexTarget, renameIndex } from './indexes.js';
import { alterPolicy, createPolicy, helperCalls, policyTarget, renamePolicy } from './policies.js';
import { createSchema, renameSchema, schemaTarget } from './schemas.js';
import { flatten } from './seeds.js';
import { alterSequence, createSequence, moveSequence, sequenceTarget } from './sequences.js';
import { setConfigCalls, variableSet } from './settings.js';
import { alterTable, createTable, renameColumn, renameTable, renameTableConstraint, setTableSchema, tableTarget } from './tables.js';
import { createTrigger, renameTrigger, triggerTarget } from './triggers.js';
import { createTableAs, createView, renameView, selectInto, setViewSchema, viewTarget } from './views.js';

type Handler = (catalog: Catalog, statement: SqlStatement) => void;

/** `ALTER … RENAME`: to the module of the kind renamed. */
function rename(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const newName = str(node, 'newname');
  const oldName = str(node, 'subname');
  const rel = rangeVar(node.relation);
  switch (renameKind(node)) {
    case 'table':
    case 'foreign table':
      if (rel) renameTable(catalog, statement, rel, newName);
      return;
    case 'view':
    case 'materialized view':
      if (rel) renameView(catalog, statement, rel, newName);
      return;
    case 'column':
      if (rel) renameColumn(catalog, statement, rel, oldName, newName);
      return;
    case 'table constraint':
      if (rel) renameTableConstraint(catalog, statement, rel, oldName, newName);
      return;
    case 'trigger':
      if (rel) renameTrigger(catalog, statement, rel, oldName, newName);
      return;
    case 'policy':
      if (rel) renamePolicy(catalog, statement, rel, oldName, newName);
      return;
    case 'index':
      if (rel) renameIndex(catalog, statement, rel, newName);
      return;
    case 'sequence':
      if (rel) moveSequence(catalog, statement, rel, { name: newName });
      return;
    case 'schema':
      renameSchema(catalog, statement, oldName, newName);
      return;
    case 'type':
    case 'domain':
      renameType(catalog, statement, node.object, newName);
      return;
    case 'function':
    case 'procedure':
      renameFunction(catalog, statement, node.object, newName);
      return;
    default:
  }
}

/** The model's objects one name of a DROP statement names (none when the model does not have it). */
function dropTargets(catalog: Catalog, statement: SqlStatement, kind: DroppedKind, object: unknown): ObjectRef[] {
  const parts = nameParts(object);
  const name = qualifiedParts(parts);
  const one = (ref: ObjectRef | undefined) => (ref ? [ref] : []);
  switch (kind) {
    case 'table':
    case 'foreign table':
      return one(tableTarget(catalog, name));
    case 'view':
    case 'materialized view':
      return one(viewTarget(catalog, name));
    case 'index':
      return one(indexTarget(catalog, name));
    case 'sequence':
      return one(sequenceTarget(catalog, name));
    case 'type':
    case 'domain':
      return one(typeTarget(catalog, name));
    case 'schema':
      return one(schemaTarget(catalog, statement, parts[0] ?? ''));
    case 'extension':
      return one(extensionTarget(catalog, parts[0] ?? ''));
    case 'trigger':
      return one(triggerTarget(catalog, parts));
    case 'policy':
      return one(policyTarget(catalog, parts));
    case 'function':
    case 'procedure':
    case 'routine':
      return functionTargets(catalog, object);
    default:
      return [];
  }
}

/** `DROP kind a, b [CASCADE]`: one drop of every object it names that the model has (Postgres drops all or, refusing, none). */
function drop(catalog: Catalog, statement: SqlStatement): void {
  const { kind, objects, cascade } = dropRecord(statement.node);
  const targets = objects.flatMap((object) => dropTargets(catalog, statement, kind, object));
  if (targets.length > 0) dropObjects(catalog, targets, cascade, statement);
}

/** `ALTER … SET SCHEMA`: to the module of the kind moved. */
function setSchema(catalog: Catalog, statement: SqlStatement): void {
  const node = statement.node;
  const schema = str(node, 'newschema');
  const rel = rangeVar(node.relation);
  switch (alteredKind(node)) {
    case 'table':
    case 'foreign table':
      if (rel) setTableSchema(catalog, statement, rel, schema);
      return;
    case 'view':
    case 'materialized view':
      if (rel) setViewSchema(catalog, statement, rel, schema);
      return;
    case 'sequence':
      if (rel) moveSequence(catalog, statement, rel, { schema });
      return;
    case 'type':
    case 'domain':
      setTypeSchema(catalog, statement, node.object, schema);
      return;
    case 'function':
    case 'procedure':
      setFunctionSchema(catalog, statement, node.object, schema);
      return;
    default:
  }
}

const handlers: Record<string, Handler> = {
  CreateSchemaStmt: createSchema,
  CreateExtensionStmt: createExtension,
  CreateStmt: createTable,
  AlterTableStmt: alterTable,
  IndexStmt: createIndex,
  ViewStmt: createView,
  CreateTableAsStmt: createTableAs,
  CreateEnumStmt: createEnum,
  AlterEnumStmt: alterEnum,
  CompositeTypeStmt: createComposite,
  CreateDomainStmt: createDomain,
  CreateRangeStmt: createRange,
  CreateSeqStmt: createSequence,
  AlterSeqStmt: alterSequence,
  CreateFunctionStmt: createFunction,
  AlterFunctionStmt: alterFunction,
  CreateTrigStmt: createTrigger,
  CreatePolicyStmt: createPolicy,
  AlterPolicyStmt: alterPolicy,
  CommentStmt: comment,
  GrantStmt: grant,
  RenameStmt: rename,
  AlterObjectSchemaStmt: setSchema,
  DropStmt: drop,
  VariableSetStmt: variableSet,
  SelectStmt: (catalog, statement) => {
    selectInto(catalog, statement);
    setConfigCalls(catalog, statement);
    helperCalls(catalog, statement);
  },
};

/** Applies one statement as it is (a DO block's nested statements are the caller's). */
export function applyOne(catalog: Catalog, statement: SqlStatement): void {
  handlers[statement.kind]?.(catalog, statement);
}

/** Applies one statement (and, for DO blocks, what it runs). */
export function applyStatement(catalog: Catalog, statement: SqlStatement): void {
  for (const s of statement.kind === 'DoStmt' ? flatten([statement]).slice(1) : [statement]) applyOne(catalog, s);
}


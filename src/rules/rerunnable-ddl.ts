/**
 * rerunnable-ddl: DDL in a migration that fails when the file runs a second
 * time. Guards that count: IF NOT EXISTS, OR REPLACE, a prior `DROP … IF
 * EXISTS` of the same object in the file, an enclosing IF that checks the
 * catalog for the object, or an enclosing `EXCEPTION WHEN duplicate_object`
 * (or similar) handler. Statements inside DO blocks are judged too.
 */

import { type AstNode, asKind, bool, list, str } from '../sql/ast.js';
import { qualifiedName, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { alterTableCommands, constraintKind, createdAsKind } from '../sql/statements.js';
import { type Creation, DropLedger, guardOf } from '../model/guards.js';
import { flatten } from '../model/seeds.js';
import { atStatement, type FileRule, type RuleFinding } from '../lint/types.js';

interface Created extends Creation {
  /** The kind as the finding names it (`materialized view`, `domain`, `procedure`, `enum value`…). */
  shown: string;
  /** How to make it re-runnable (a help id). */
  fix: keyof typeof fixes;
}

/** How to make each kind of statement re-runnable: the rule's help by id. */
const fixes = {
  ifNotExists: 'Add IF NOT EXISTS.',
  orReplace: 'Use CREATE OR REPLACE.',
  type: 'Postgres has no CREATE TYPE IF NOT EXISTS: wrap it in a DO block that checks pg_type first, or that catches duplicate_object.',
  trigger: 'Use CREATE OR REPLACE TRIGGER (Postgres 14+), precede it with DROP TRIGGER IF EXISTS, or wrap it in a DO block that checks pg_trigger.',
  policy: 'Postgres has no CREATE POLICY IF NOT EXISTS: precede it with DROP POLICY IF EXISTS, wrap it in a DO block that checks pg_policies, or call a helper such as create_policy_if_not_exists() that checks pg_policies.',
  constraint: 'Wrap it in a DO block that checks pg_constraint, or precede it with ALTER TABLE … DROP CONSTRAINT IF EXISTS.',
  column: 'Use ADD COLUMN IF NOT EXISTS.',
  enumValue: 'Use ADD VALUE IF NOT EXISTS.',
};


/** How an unnamed constraint is shown (the parser's code, lower case, as before). */
const unnamedKind: Partial<Record<string, string>> = { 'primary key': 'primary', 'foreign key': 'foreign', check: 'check', unique: 'unique', exclusion: 'exclusion' };

/** What an unguarded statement would create twice, or undefined when it is re-runnable by itself. */
function unguardedCreations(statement: SqlStatement): Created[] {
  const node: AstNode = statement.node;
  const ifNotExists = bool(node, 'if_not_exists');
  switch (statement.kind) {
    case 'CreateStmt': {
      const rel = rangeVar(node.relation);
      return ifNotExists || !rel ? [] : [{ shown: 'table', kind: 'table', name: rel.name, fix: 'ifNotExists', schema: rel.schema, table: rel.name }];
    }
    case 'CreateTableAsStmt': {
      const rel = rangeVar(asKind(node.into, 'IntoClause')?.rel ?? (node.into as AstNode | undefined)?.rel);
      const kind = createdAsKind(node);
      return ifNotExists || !rel ? [] : [{ shown: kind, kind, name: rel.name, fix: 'ifNotExists' }];
    }
    case 'IndexStmt': {
      const name = str(node, 'idxname');
      const rel = rangeVar(node.relation);
      return ifNotExists || !name ? [] : [{ shown: 'index', kind: 'index', name, fix: 'ifNotExists', schema: rel?.schema, table: rel?.name }];
    }
    case 'CreateSchemaStmt': {
      const name = str(node, 'schemaname');
      return ifNotExists ? [] : [{ shown: 'schema', kind: 'schema', name, fix: 'ifNotExists' }];
    }
    case 'CreateExtensionStmt': {
      const name = str(node, 'extname');
      return ifNotExists ? [] : [{ shown: 'extension', kind: 'extension', name, fix: 'ifNotExists' }];
    }
    case 'CreateSeqStmt': {
      const rel = rangeVar(node.sequence);
      return ifNotExists || !rel ? [] : [{ shown: 'sequence', kind: 'sequence', name: rel.name, fix: 'ifNotExists', schema: rel.schema }];
    }
    case 'CreateEnumStmt':
    case 'CreateRangeStmt': {
      const q = qualifiedName(list(node, 'typeName'));
      return [{ shown: 'type', kind: 'type', name: q.name, fix: 'type', schema: q.schema }];
    }
    case 'CompositeTypeStmt': {
      const rel = rangeVar(node.typevar);
      const name = rel?.name ?? '';
      return [{ shown: 'type', kind: 'type', name, fix: 'type', schema: rel?.schema }];
    }
    case 'CreateDomainStmt': {
      const q = qualifiedName(list(node, 'domainname'));
      return [{ shown: 'domain', kind: 'type', name: q.name, fix: 'type', schema: q.schema }];
    }
    case 'ViewStmt': {
      const rel = rangeVar(node.view);
      const name = rel?.name ?? '';
      return bool(node, 'replace') ? [] : [{ shown: 'view', kind: 'view', name, fix: 'orReplace', schema: rel?.schema }];
    }
    case 'CreateFunctionStmt': {
      const q = qualifiedName(list(node, 'funcname'));
      const shown = bool(node, 'is_procedure') ? 'procedure' : 'function';
      return bool(node, 'replace') ? [] : [{ shown, kind: 'function', name: q.name, fix: 'orReplace', schema: q.schema }];
    }
    case 'CreateTrigStmt': {
      const name = str(node, 'trigname');
      const rel = rangeVar(node.relation);
      return bool(node, 'replace') ? [] : [{ shown: 'trigger', kind: 'trigger', name, fix: 'trigger', schema: rel?.schema, table: rel?.name }];
    }
    case 'CreatePolicyStmt': {
      const name = str(node, 'policy_name');
      const rel = rangeVar(node.table);
      return [{ shown: 'policy', kind: 'policy', name, fix: 'policy', schema: rel?.schema, table: rel?.name }];
    }
    case 'AlterEnumStmt':
      if (str(node, 'oldVal') || bool(node, 'skipIfNewValExists')) return [];
      return [{ shown: 'enum value', kind: 'enum value', name: str(node, 'newVal'), fix: 'enumValue' }];
    case 'AlterTableStmt': {
      const rel = rangeVar(node.relation);
      const out: Created[] = [];
      for (const cmd of alterTableCommands(node)) {
        if (cmd.action === 'add column' && !cmd.ifNotExists) {
          const name = str(cmd.column, 'colname');
          out.push({ shown: 'column', kind: 'column', name, fix: 'column', schema: rel?.schema, table: rel?.name });
        } else if (cmd.action === 'add constraint') {
          const kind = constraintKind(cmd.constraint);
          if (kind === 'not null') continue;
          const name = str(cmd.constraint, 'conname');
          out.push({ shown: 'constraint', kind: 'constraint', name: name || `(unnamed ${unnamedKind[kind] ?? kind})`, fix: 'constraint', schema: rel?.schema, table: rel?.name });
        }
      }
      return out;
    }
    default:
      return [];
  }
}

export const rerunnableDdl: FileRule = {
  meta: {
    id: 'rerunnable-ddl',
    defaultSeverity: 'error',
    description: 'DDL in a migration must not fail when the file runs a second time.',
    help: 'Guard it: IF NOT EXISTS, CREATE OR REPLACE, a prior DROP … IF EXISTS, or a DO block that checks the catalog (or catches duplicate_object).',
    docs: 'docs/rules/rerunnable-ddl.md',
    messages: {
      runsAgain: '{{statement}} fails when this file runs again',
      runsAgainInDo: '{{statement}} fails when this file runs again (inside a DO block)',
    },
    helps: fixes,
    fixable: false,
  },
  checkFile(file) {
    const findings: RuleFinding[] = [];
    if (file.role !== 'migration') return findings;
    const ledger = new DropLedger();
    for (const statement of flatten(file.parsed.statements)) {
      ledger.note(statement);
      for (const created of unguardedCreations(statement)) {
        if (guardOf(statement, created, ledger)) continue;
        const verb = ['column', 'constraint', 'enum value'].includes(created.shown) ? 'ADD' : 'CREATE';
        const what = `${verb} ${created.shown.replace('enum value', 'value').toUpperCase()} ${created.name}`;
        findings.push({ ...atStatement(statement), messageId: statement.depth > 0 ? 'runsAgainInDo' : 'runsAgain', data: { statement: what }, helpId: created.fix });
      }
    }
    return findings;
  },
};

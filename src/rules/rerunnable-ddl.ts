/**
 * rerunnable-ddl: DDL in a migration that fails when the file runs a second
 * time. Guards that count: IF NOT EXISTS, OR REPLACE, a prior `DROP … IF
 * EXISTS` of the same object in the file, an enclosing IF that checks the
 * catalog for the object, or an enclosing `EXCEPTION WHEN duplicate_object`
 * (or similar) handler. Statements inside DO blocks are judged too.
 */

import { type AstNode, asKind, bool, list, str } from '../sql/ast.js';
import { nameParts, qualifiedName, rangeVar } from '../sql/names.js';
import type { SqlStatement } from '../sql/parser.js';
import { protectingGuard } from '../model/guards.js';
import { flatten } from '../model/seeds.js';
import { atStatement, type FileRule, type RuleFinding } from '../lint/types.js';

interface Created {
  kind: string;
  name: string;
  /** Key matched against prior DROP … IF EXISTS statements. */
  key: string;
  /** How to make it re-runnable (a help id). */
  fix: keyof typeof fixes;
  /** The schema written in the statement (of the object or of its table). */
  schema?: string;
  /** The table the object belongs to (triggers, policies, indexes, constraints, columns). */
  table?: string;
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


const last = (parts: string[]) => parts[parts.length - 1] ?? '';

/** What an unguarded statement would create twice, or undefined when it is re-runnable by itself. */
function unguardedCreations(statement: SqlStatement): Created[] {
  const node: AstNode = statement.node;
  const ifNotExists = bool(node, 'if_not_exists');
  switch (statement.kind) {
    case 'CreateStmt': {
      const rel = rangeVar(node.relation);
      return ifNotExists || !rel ? [] : [{ kind: 'table', name: rel.name, key: `table:${rel.name}`, fix: 'ifNotExists', schema: rel.schema, table: rel.name }];
    }
    case 'CreateTableAsStmt': {
      const rel = rangeVar(asKind(node.into, 'IntoClause')?.rel ?? (node.into as AstNode | undefined)?.rel);
      const kind = str(node, 'objtype') === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
      return ifNotExists || !rel ? [] : [{ kind, name: rel.name, key: `${kind}:${rel.name}`, fix: 'ifNotExists' }];
    }
    case 'IndexStmt': {
      const name = str(node, 'idxname');
      const rel = rangeVar(node.relation);
      return ifNotExists || !name ? [] : [{ kind: 'index', name, key: `index:${name}`, fix: 'ifNotExists', schema: rel?.schema, table: rel?.name }];
    }
    case 'CreateSchemaStmt': {
      const name = str(node, 'schemaname');
      return ifNotExists ? [] : [{ kind: 'schema', name, key: `schema:${name}`, fix: 'ifNotExists' }];
    }
    case 'CreateExtensionStmt': {
      const name = str(node, 'extname');
      return ifNotExists ? [] : [{ kind: 'extension', name, key: `extension:${name}`, fix: 'ifNotExists' }];
    }
    case 'CreateSeqStmt': {
      const rel = rangeVar(node.sequence);
      return ifNotExists || !rel ? [] : [{ kind: 'sequence', name: rel.name, key: `sequence:${rel.name}`, fix: 'ifNotExists', schema: rel.schema }];
    }
    case 'CreateEnumStmt':
    case 'CreateRangeStmt': {
      const q = qualifiedName(list(node, 'typeName'));
      return [{ kind: 'type', name: q.name, key: `type:${q.name}`, fix: 'type', schema: q.schema }];
    }
    case 'CompositeTypeStmt': {
      const rel = rangeVar(node.typevar);
      const name = rel?.name ?? '';
      return [{ kind: 'type', name, key: `type:${name}`, fix: 'type', schema: rel?.schema }];
    }
    case 'CreateDomainStmt': {
      const q = qualifiedName(list(node, 'domainname'));
      return [{ kind: 'domain', name: q.name, key: `type:${q.name}`, fix: 'type', schema: q.schema }];
    }
    case 'ViewStmt': {
      const rel = rangeVar(node.view);
      const name = rel?.name ?? '';
      return bool(node, 'replace') ? [] : [{ kind: 'view', name, key: `view:${name}`, fix: 'orReplace', schema: rel?.schema }];
    }
    case 'CreateFunctionStmt': {
      const q = qualifiedName(list(node, 'funcname'));
      const kind = bool(node, 'is_procedure') ? 'procedure' : 'function';
      return bool(node, 'replace') ? [] : [{ kind, name: q.name, key: `function:${q.name}`, fix: 'orReplace', schema: q.schema }];
    }
    case 'CreateTrigStmt': {
      const name = str(node, 'trigname');
      const rel = rangeVar(node.relation);
      return bool(node, 'replace') ? [] : [{ kind: 'trigger', name, key: `trigger:${name}`, fix: 'trigger', schema: rel?.schema, table: rel?.name }];
    }
    case 'CreatePolicyStmt': {
      const name = str(node, 'policy_name');
      const rel = rangeVar(node.table);
      return [{ kind: 'policy', name, key: `policy:${name}`, fix: 'policy', schema: rel?.schema, table: rel?.name }];
    }
    case 'AlterEnumStmt':
      if (str(node, 'oldVal') || bool(node, 'skipIfNewValExists')) return [];
      return [{ kind: 'enum value', name: str(node, 'newVal'), key: `enum-value:${str(node, 'newVal')}`, fix: 'enumValue' }];
    case 'AlterTableStmt': {
      const rel = rangeVar(node.relation);
      const out: Created[] = [];
      for (const value of list(node, 'cmds')) {
        const cmd = asKind(value, 'AlterTableCmd');
        const subtype = str(cmd, 'subtype');
        if (subtype === 'AT_AddColumn' && !bool(cmd, 'missing_ok')) {
          const name = str(asKind(cmd?.def, 'ColumnDef'), 'colname');
          out.push({ kind: 'column', name, key: `column:${name}`, fix: 'column', schema: rel?.schema, table: rel?.name });
        } else if (subtype === 'AT_AddConstraint') {
          const c = asKind(cmd?.def, 'Constraint');
          const name = str(c, 'conname');
          if (str(c, 'contype') === 'CONSTR_NOTNULL') continue;
          out.push({ kind: 'constraint', name: name || `(unnamed ${str(c, 'contype').replace('CONSTR_', '').toLowerCase()})`, key: `constraint:${name}`, fix: 'constraint', schema: rel?.schema, table: rel?.name });
        }
      }
      return out;
    }
    default:
      return [];
  }
}

/** Keys of objects dropped with IF EXISTS by this statement (`schema:x` and `table:x` clear their contents too). */
function droppedIfExists(statement: SqlStatement): string[] {
  const node = statement.node;
  if (statement.kind === 'DropStmt' && bool(node, 'missing_ok')) {
    const kind = str(node, 'removeType').replace(/^OBJECT_/, '').toLowerCase();
    const mapped = kind === 'matview' ? 'materialized view' : kind === 'domain' ? 'type' : kind === 'procedure' || kind === 'routine' ? 'function' : kind;
    return list(node, 'objects').flatMap((o) => {
      const parts = nameParts(o);
      const keys = [`${mapped}:${last(parts)}`];
      if (mapped === 'schema' && str(node, 'behavior') === 'DROP_CASCADE') keys.push(`cascade-schema:${last(parts)}`);
      if (mapped === 'table') keys.push(`cascade-table:${last(parts)}`);
      return keys;
    });
  }
  if (statement.kind === 'AlterTableStmt') {
    return list(node, 'cmds')
      .map((v) => asKind(v, 'AlterTableCmd'))
      .filter((cmd) => str(cmd, 'subtype') === 'AT_DropConstraint' && bool(cmd, 'missing_ok'))
      .map((cmd) => `constraint:${str(cmd, 'name')}`);
  }
  return [];
}

/**
 * A constraint added inside a DO block after the block builds and EXECUTEs a
 * `DROP CONSTRAINT` for the same table (the name is read from the catalog):
 * the drop cannot be seen statically, so the ADD is given the benefit of the doubt.
 */
function droppedDynamically(statement: SqlStatement, table: string | undefined): boolean {
  const container = statement.container;
  if (!container || !table) return false;
  const before = container.scope.source.text.slice(container.start.offset, statement.start.offset);
  return /\bDROP\s+CONSTRAINT\b/i.test(before) && before.includes(table) && /\bEXECUTE\s+(?!')/i.test(before);
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
    const dropped = new Set<string>();
    for (const statement of flatten(file.parsed.statements)) {
      for (const key of droppedIfExists(statement)) dropped.add(key);
      for (const created of unguardedCreations(statement)) {
        if (dropped.has(created.key)) continue;
        if (created.schema && dropped.has(`cascade-schema:${created.schema}`)) continue;
        if (created.table && created.kind !== 'table' && dropped.has(`cascade-table:${created.table}`)) continue;
        if (created.kind === 'constraint' && droppedDynamically(statement, created.table)) continue;
        if (protectingGuard(statement.guards, created.name)) continue;
        const verb = ['column', 'constraint', 'enum value'].includes(created.kind) ? 'ADD' : 'CREATE';
        const what = `${verb} ${created.kind.replace('enum value', 'value').toUpperCase()} ${created.name}`;
        findings.push({ ...atStatement(statement), messageId: statement.depth > 0 ? 'runsAgainInDo' : 'runsAgain', data: { statement: what }, helpId: created.fix });
      }
    }
    return findings;
  },
};

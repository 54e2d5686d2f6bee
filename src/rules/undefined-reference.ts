/**
 * undefined-reference: a foreign key, trigger or policy that names a table or
 * function no earlier migration defines (and that is not in an external
 * schema such as Supabase's auth, nor made by the replay's set-up SQL, nor
 * built into Postgres).
 */

import type { ObjectName, SourceRef } from '../model/types.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

const builtinTriggerFunctions = new Set(['suppress_redundant_updates_trigger', 'tsvector_update_trigger', 'tsvector_update_trigger_column', 'lo_manage']);

export const undefinedReference: ProjectRule = {
  meta: {
    id: 'undefined-reference',
    defaultSeverity: 'error',
    description: 'Foreign keys, triggers and policies refer only to objects an earlier migration defines.',
    help: 'Create the object in an earlier migration, fix the name, or list its schema in `externalSchemas` if it exists outside the migrations.',
    docs: 'docs/rules/undefined-reference.md',
    messages: {
      undefinedTable: '{{referrer}} refers to {{target}}, which no migration defines',
      tableDefinedLater: '{{referrer}} refers to {{target}}, which is only defined later ({{definedAt}})',
      undefinedFunction: 'trigger {{trigger}} executes {{function}}(), which no migration defines',
      functionDefinedLater: 'trigger {{trigger}} executes {{function}}(), which is only defined later ({{definedAt}})',
    },
    fixable: false,
  },
  check({ model, config, catalog }) {
    const order = new Map(model.migrations.map((m) => [m.file, m.order]));
    const before = (a: SourceRef, b: SourceRef) => {
      const oa = order.get(a.file) ?? Infinity;
      const ob = order.get(b.file) ?? Infinity;
      return oa < ob || (oa === ob && a.line <= b.line);
    };
    // Outside the migrations: an external schema, Postgres' own, or what the replay's set-up SQL makes (replay.setup, the Supabase shim).
    const external = (o: ObjectName) => config.externalSchemas.includes(o.schema) || o.schema === 'pg_catalog' || o.schema === 'information_schema' || catalog.externalNames.has(`${o.schema}.${o.name}`);
    const tables = new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t.source]));
    for (const v of model.views) tables.set(`${v.schema}.${v.name}`, v.source);
    // The first definition of each function name (overloads share it).
    const functions = new Map<string, SourceRef>();
    for (const f of model.functions) if (!functions.has(`${f.schema}.${f.name}`)) functions.set(`${f.schema}.${f.name}`, f.source);
    const findings: RuleFinding[] = [];
    const requireTable = (target: ObjectName, at: SourceRef, what: string) => {
      if (external(target)) return;
      const defined = tables.get(`${target.schema}.${target.name}`);
      const data = { referrer: what, target: `${target.schema}.${target.name}` };
      if (!defined) findings.push({ ...atSource(at), messageId: 'undefinedTable', data });
      else if (!before(defined, at)) findings.push({ ...atSource(at), messageId: 'tableDefinedLater', data: { ...data, definedAt: `${defined.file}:${defined.line}` } });
    };
    for (const table of model.tables) {
      for (const c of table.constraints) if (c.type === 'foreign key' && c.references) requireTable(c.references, c.source, `foreign key ${c.name}`);
    }
    for (const trigger of model.triggers) {
      requireTable(trigger.table, trigger.source, `trigger ${trigger.name}`);
      const fn = trigger.function;
      if (external(fn) || builtinTriggerFunctions.has(fn.name)) continue;
      const defined = functions.get(`${fn.schema}.${fn.name}`);
      const data = { trigger: trigger.name, function: `${fn.schema}.${fn.name}` };
      if (!defined) findings.push({ ...atSource(trigger.source), messageId: 'undefinedFunction', data });
      else if (!before(defined, trigger.source)) findings.push({ ...atSource(trigger.source), messageId: 'functionDefinedLater', data: { ...data, definedAt: `${defined.file}:${defined.line}` } });
    }
    for (const policy of model.policies) requireTable(policy.table, policy.source, `policy ${policy.name}`);
    return findings;
  },
};


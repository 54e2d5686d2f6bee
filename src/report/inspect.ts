/**
 * Rendering the model for `pgscribe inspect`: a readable summary (pretty) or
 * the whole model as one stably ordered JSON document.
 */

import type { Model, TableDef } from '../model/types.js';
import type { Finding } from './findings.js';
import { counted } from '../text.js';

export function inspectJson(model: Model, findings: Finding[], version: string): string {
  const { searchPath: _searchPath, dropped: _dropped, ...rest } = model;
  return `${JSON.stringify({ tool: 'pgscribe', version, ...rest, findings }, null, 2)}\n`;
}

const at = (s: { source: { file: string; line: number } }): string => `${s.source.file}:${s.source.line}`;

function tableLine(t: TableDef): string {
  const bits = [counted(t.columns.length, 'column')];
  if (t.partitionKey) bits.push(`partitioned by ${t.partitionKey.strategy} (${t.partitionKey.columns.join(', ')}), ${counted(t.partitions.length, 'partition')}`);
  if (t.partitionOf) bits.push(`partition of ${t.partitionOf.schema}.${t.partitionOf.name} ${t.partitionOf.bound.text}`);
  if (t.rls.enabled) bits.push(t.rls.forced ? 'RLS forced' : 'RLS');
  return `    ${t.name} (${bits.join('; ')})  ${at(t)}`;
}

export function inspectPretty(model: Model, findings: Finding[]): string {
  const lines: string[] = [];
  const count = counted;
  lines.push(
    `${count(model.migrations.length, 'migration')}, ${count(model.seeds.length, 'seed')}: ${count(model.schemas.length, 'schema')}, ${count(model.tables.length, 'table')}, ${count(model.functions.length, 'function')}, ${count(model.triggers.length, 'trigger')}, ${count(model.policies.length, 'policy')}, ${count(model.indexes.length, 'index')}`,
    '',
  );
  const schemaNames = [
    ...new Set([model.schemas, model.tables, model.views, model.functions, model.triggers, model.policies].flatMap((list) => list.map((o) => ('schema' in o ? o.schema : o.name)))),
  ].sort();
  for (const schema of schemaNames) {
    const def = model.schemas.find((s) => s.name === schema);
    lines.push(`schema ${schema}${def?.comment ? ` — ${def.comment}` : ''}${def ? `  ${at(def)}` : ''}`);
    const tables = model.tables.filter((t) => t.schema === schema);
    if (tables.length > 0) lines.push('  tables:', ...tables.map(tableLine));
    const views = model.views.filter((v) => v.schema === schema);
    if (views.length > 0) lines.push('  views:', ...views.map((v) => `    ${v.name}${v.materialized ? ' (materialized)' : ''}  ${at(v)}`));
    const functions = model.functions.filter((f) => f.schema === schema);
    if (functions.length > 0) lines.push('  functions:', ...functions.map((f) => `    ${f.signature}${f.securityDefiner ? ' SECURITY DEFINER' : ''}  ${at(f)}`));
    const triggers = model.triggers.filter((t) => t.schema === schema);
    if (triggers.length > 0) {
      lines.push('  triggers:', ...triggers.map((t) => `    ${t.name} on ${t.table.name}: ${t.timing} ${t.events.join(' or ')} for each ${t.level} → ${t.function.schema}.${t.function.name}()${t.guarded ? '' : ' (unguarded)'}  ${at(t)}`));
    }
    const policies = model.policies.filter((p) => p.schema === schema);
    if (policies.length > 0) {
      lines.push('  policies:', ...policies.map((p) => `    ${p.name} on ${p.table.name}: ${p.command} to ${p.roles.join(', ')}${p.via ? ` (via ${p.via})` : ''}  ${at(p)}`));
    }
    lines.push('');
  }
  lines.push('migrations:');
  for (const m of model.migrations) {
    const creates = Object.entries(m.creates).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`  ${m.order}. ${m.file} — ${m.statements} statements${creates ? `; creates ${creates}` : ''}`);
  }
  if (model.seeds.length > 0) {
    lines.push('', 'seeds:');
    for (const s of model.seeds) {
      const guard = s.guard ? `; guard ${s.guard.setting} ${s.guard.mode === 'allow' ? 'in' : 'not in'} (${s.guard.values.join(', ')})${s.guard.raises ? '' : ' — does not raise'}` : '';
      lines.push(`  ${s.file} [${s.class}] — ${s.targets.length} tables${guard}`);
    }
  }
  if (findings.length > 0) {
    lines.push('', 'syntax errors:');
    for (const f of findings) lines.push(`  ${f.file}:${f.line}:${f.column} ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

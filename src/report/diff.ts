/**
 * Rendering `pgscribe diff`: what a change does to the database, security
 * changes first, then every other change object by object with file:line,
 * the findings it brings and takes away, and the generated docs it rewrites.
 * Pretty for a terminal, Markdown for a pull-request comment or
 * $GITHUB_STEP_SUMMARY (long lists folded in <details>, a Mermaid diagram of
 * the changed tables' neighbourhood), JSON for tools.
 */

import { erDiagram } from '../docs/view.js';
import type { ModelChange } from '../model/diff.js';
import { lookup, qualify } from '../model/lookup.js';
import type { Model, TableDef } from '../model/types.js';
import { counted } from '../text.js';
import type { Finding } from './findings.js';

/** A generated docs section or reference page that the change rewrites. */
export interface DocsChange {
  file: string;
  /** The section, for a file with generated sections. */
  section?: string;
  action: 'added' | 'removed' | 'changed';
}

/** What `diff` found (changes.ts makes it): the base it compared with, the model's changes, the findings the change brings and takes away, the docs it rewrites. */
export interface DiffReport {
  base: { ref: string; commit: string };
  changes: ModelChange[];
  findings: { introduced: Finding[]; removed: Finding[] };
  docs: DocsChange[];
}

const sign: Record<ModelChange['action'], string> = { added: '+', removed: '-', changed: '~', renamed: '>' };
const where = (c: ModelChange): string => (c.source ? `${c.source.file}:${c.source.line}` : '');
const short = (commit: string): string => commit.slice(0, 12);
const findingLine = (f: Finding): string => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.rule})`;
const pageAction: Record<DocsChange['action'], string> = { changed: 'page changes', added: 'new page', removed: 'page removed' };
const docsLine = (d: DocsChange): string => (d.section ? `${d.file}: section ${d.section}` : `${d.file} (${pageAction[d.action]})`);

function headline(report: DiffReport): string {
  const security = report.changes.filter((c) => c.security).length;
  const bits = [counted(report.changes.length, 'change'), ...(security > 0 ? [`${security} touching security`] : [])];
  return `${report.base.ref} (${short(report.base.commit)}) → working tree: ${bits.join(', ')}`;
}

function prettyChange(c: ModelChange): string[] {
  const lines = [`  ${sign[c.action]} ${c.kind} ${c.object}${c.security ? ` — ${c.security}` : ''}${c.source ? `  ${where(c)}` : ''}`];
  for (const d of c.details) lines.push(`      ${d}`);
  return lines;
}

export function diffPretty(report: DiffReport): string {
  const lines = [`pgscribe diff: ${headline(report)}`];
  const security = report.changes.filter((c) => c.security);
  const others = report.changes.filter((c) => !c.security);
  if (security.length > 0) lines.push('', 'Security', ...security.flatMap(prettyChange));
  if (others.length > 0) lines.push('', 'Changes', ...others.flatMap(prettyChange));
  if (report.changes.length === 0) lines.push('', 'No database object changes.');
  const { introduced, removed } = report.findings;
  if (introduced.length > 0) lines.push('', `Findings the change introduces (${introduced.length})`, ...introduced.map((f) => `  + ${findingLine(f)}`));
  if (removed.length > 0) lines.push('', `Findings the change removes (${removed.length})`, ...removed.map((f) => `  - ${findingLine(f)}`));
  if (report.docs.length > 0) lines.push('', `Generated docs that change (${report.docs.length})`, ...report.docs.map((d) => `  ${docsLine(d)}`));
  return `${lines.join('\n')}\n`;
}

export function diffJson(report: DiffReport, version: string): string {
  return `${JSON.stringify({ tool: 'pgscribe', version, ...report }, null, 2)}\n`;
}

/** Markdown table cells: pipes escaped, line breaks as <br>. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const code = (text: string): string => (text === '' ? '' : `\`${text.replace(/`/g, 'ˋ')}\``);

/** A list longer than this is folded into <details>. */
const foldAfter = 15;

function folded(summary: string, body: string[], count: number): string[] {
  if (count <= foldAfter) return body;
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function changeTable(changes: ModelChange[], withWhy: boolean): string[] {
  const rows = [withWhy ? '| | Object | Why | What | Where |' : '| | Object | What | Where |', withWhy ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |'];
  for (const c of changes) {
    const what = cell(c.details.join('\n'));
    const object = `${c.kind} ${code(c.object)}`;
    rows.push(withWhy ? `| ${c.action} | ${object} | ${cell(c.security ?? '')} | ${what} | ${code(where(c))} |` : `| ${c.action} | ${object} | ${what} | ${code(where(c))} |`);
  }
  return rows;
}

function expressionDiffs(changes: ModelChange[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    for (const e of c.expressions ?? []) {
      out.push(`<details><summary>${c.kind} ${cell(c.object)}: ${e.name}</summary>`, '', '```diff');
      if (e.before !== undefined) out.push(...e.before.split('\n').map((l) => `- ${l}`));
      if (e.after !== undefined) out.push(...e.after.split('\n').map((l) => `+ ${l}`));
      out.push('```', '', '</details>', '');
    }
  }
  return out;
}

/** The tables the change touches (added or changed, their columns, constraints, RLS, triggers, policies), and the tables they reference or are referenced by. */
function touchedTables(model: Model, changes: ModelChange[]): TableDef[] {
  const { table, referencing, position } = lookup(model);
  const byName = new Map(model.tables.map((t) => [qualify(t), t]));
  const found = new Set<TableDef>();
  for (const c of changes) {
    if (c.action === 'removed') continue;
    const name = c.kind === 'table' || c.kind === 'rls' ? c.object : c.kind === 'column' ? c.object.slice(0, c.object.lastIndexOf('.')) : /\son\s(\S+)$/.exec(c.object)?.[1];
    const t = name ? byName.get(name) : undefined;
    if (t) found.add(t);
  }
  for (const t of [...found]) {
    for (const c of t.constraints) {
      const target = c.type === 'foreign key' && c.references ? table(c.references) : undefined;
      if (target) found.add(target);
    }
    for (const r of referencing(t)) found.add(r.table);
  }
  return [...found].sort((a, b) => position(a) - position(b));
}

export function diffMarkdown(report: DiffReport, model: Model): string {
  const lines = [`## Database changes: ${cell(report.base.ref)} (\`${short(report.base.commit)}\`) → this branch`, ''];
  const security = report.changes.filter((c) => c.security);
  const others = report.changes.filter((c) => !c.security);
  const { introduced, removed } = report.findings;
  lines.push(`**${counted(report.changes.length, 'change')}** · ${security.length} touching security · findings +${introduced.length} / −${removed.length} · ${counted(report.docs.length, 'generated docs section or page', 'generated docs sections or pages')} change`, '');
  if (security.length > 0) lines.push('### Security', '', ...folded(`${security.length} security changes`, changeTable(security, true), security.length), '', ...expressionDiffs(security));
  if (others.length > 0) lines.push('### Changes', '', ...folded(`${others.length} changes`, changeTable(others, false), others.length), '', ...expressionDiffs(others));
  if (report.changes.length === 0) lines.push('No database object changes.', '');
  const tables = touchedTables(model, report.changes);
  if (tables.length > 0) lines.push('<details><summary>Diagram of the changed tables and their neighbours</summary>', '', '```mermaid', erDiagram(model, tables, true), '```', '', '</details>', '');
  const findingRows = (list: Finding[]) => ['| Where | Severity | Rule | Message |', '| --- | --- | --- | --- |', ...list.map((f) => `| ${code(`${f.file}:${f.line}`)} | ${f.severity} | ${code(f.rule)} | ${cell(f.message)} |`)];
  if (introduced.length > 0) lines.push(`### Findings the change introduces (${introduced.length})`, '', ...folded(`${introduced.length} findings`, findingRows(introduced), introduced.length), '');
  if (removed.length > 0) lines.push(`### Findings the change removes (${removed.length})`, '', ...folded(`${removed.length} findings`, findingRows(removed), removed.length), '');
  if (report.docs.length > 0) lines.push(`### Generated docs that change (${report.docs.length})`, '', ...folded(`${report.docs.length} files`, report.docs.map((d) => `- ${code(d.file)}${d.section ? `: section ${code(d.section)}` : ` (${pageAction[d.action]})`}`), report.docs.length), '');
  lines.push('<!-- pgscribe:diff -->');
  return `${lines.join('\n')}\n`;
}

/**
 * Running the rules: severity from config (or the rule's default), findings
 * as data, suppressions applied, syntax errors included (always errors).
 * File rules run while the project loads (the pipeline visits each file,
 * see pipeline.ts); project rules run here, on the built model.
 */

import { type LockFile, readLock } from '../lock.js';
import type { Config } from '../config/schema.js';
import type { LoadedFile, Project } from '../project.js';
import { type Finding, sortFindings } from '../report/findings.js';
import { findingOf } from './messages.js';
import { rules, syntaxErrorRule, unusedSuppressionRule } from './registry.js';
import type { FileRuleContext, Rule, RuleContext, RuleFinding } from './types.js';
import { applySuppressions, readSuppressions } from './suppressions.js';

export interface LintOptions {
  /** "Today" for date-based rules. */
  now?: Date;
  /** Only findings in these root-relative files. */
  files?: string[];
  /** Baseline findings (in locked migrations) stay errors. */
  strict?: boolean;
}

/** Rules whose findings are about the lock itself, never baselined. */
const lockRules = new Set(['migration-edited', 'migration-unlocked', 'migration-naming', 'syntax-error', 'unused-suppression']);

export function severityOf(project: Pick<Project, 'config'>, id: string, fallback: 'error' | 'warn'): 'error' | 'warn' | 'off' {
  return project.config.rules[id] ?? fallback;
}

/** Findings of the rules that are on, at their configured severity, with their text made from the rules' templates. */
function findingsOf(config: Config, run: (rule: Rule) => RuleFinding[] | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = severityOf({ config }, rule.meta.id, rule.meta.defaultSeverity);
    if (severity === 'off') continue;
    for (const f of run(rule) ?? []) findings.push(findingOf(rule.meta, f, severity === 'error' ? 'error' : 'warning'));
  }
  return findings;
}

/** The `syntax-error` findings of the project's files that do not parse: always errors, never suppressed. */
export function syntaxFindings(project: Pick<Project, 'migrations' | 'seeds'>, options: { bodies?: boolean } = {}): Finding[] {
  return [...project.migrations, ...project.seeds].flatMap((f) => [
    ...f.parsed.syntaxErrors.map((e) => findingOf(syntaxErrorRule, { file: f.data.file, ...pointAt(e.position), messageId: 'parse', data: { message: e.message } }, 'error')),
    ...(options.bodies === false ? [] : (f.parsed.bodyErrors ?? []).map((e) => findingOf(syntaxErrorRule, { file: f.data.file, ...pointAt(e.position), messageId: 'body', data: { message: e.message, container: e.container } }, 'error'))),
  ]);
}

const pointAt = (p: { line: number; column: number }) => ({ line: p.line, column: p.column, endLine: p.line, endColumn: p.column });

/** The file rules' findings on one file, while its syntax trees are there (called by loadProject). */
export function checkFile(file: LoadedFile, context: FileRuleContext): Finding[] {
  return findingsOf(context.config, (rule) => ('checkFile' in rule ? rule.checkFile(file, context) : undefined));
}

/**
 * A finding inside a locked, unedited migration cannot be fixed there (the fix
 * is a new migration): it becomes a baseline warning naming that follow-up,
 * unless --strict.
 */
export function applyBaseline(project: Project, lock: LockFile, findings: Finding[], strict: boolean): void {
  if (strict) return;
  const hashes = new Map(project.migrations.map((m) => [m.data.file, m.data.hash]));
  const locked = new Set(lock.entries.filter((e) => hashes.get(e.file) === e.hash).map((e) => e.file));
  for (const f of findings) {
    if (!locked.has(f.file) || lockRules.has(f.rule) || f.severity !== 'error') continue;
    f.severity = 'warning';
    f.baseline = { followUp: `${f.file} is locked (applied), so fix it in a new migration; --strict makes this an error.` };
  }
}

/** The project's migration lock: the one it was loaded with (in memory), else its lock file. */
export function lockOf(project: Project): LockFile {
  return project.lock ?? readLock(project.root, project.config.lockFile);
}

export function lintProject(project: Project, options: LintOptions = {}): Finding[] {
  const context: RuleContext = {
    model: project.model,
    catalog: project.catalog,
    config: project.config,
    migrations: project.migrations,
    seeds: project.seeds,
    now: options.now ?? new Date(),
    lock: lockOf(project),
  };
  const findings: Finding[] = [
    ...syntaxFindings(project),
    // Copies: the baseline and suppressions below mark findings, and a project can be linted twice.
    ...project.fileRuleFindings.map((f) => ({ ...f })),
    ...findingsOf(project.config, (rule) => ('check' in rule ? rule.check(context) : undefined)),
  ];
  applyBaseline(project, context.lock, findings, options.strict ?? false);
  const suppressions = readSuppressions([...project.migrations, ...project.seeds]);
  // Suppressions mark the findings they cover; the unused ones are findings of their own, at the configured severity.
  const unused = applySuppressions(findings, suppressions, new Set(rules.map((r) => r.meta.id)));
  const unusedSeverity = severityOf(project, unusedSuppressionRule.id, unusedSuppressionRule.defaultSeverity);
  if (unusedSeverity !== 'off') for (const f of unused) findings.push(findingOf(unusedSuppressionRule, f, unusedSeverity === 'error' ? 'error' : 'warning'));
  const selected = options.files ? findings.filter((f) => options.files!.includes(f.file)) : findings;
  return sortFindings(selected);
}

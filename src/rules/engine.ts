/**
 * Running the rules: severity from config (or the rule's default), findings
 * as data, suppressions applied, syntax errors included (always errors).
 */

import type { Project } from '../project.js';
import { type Finding, sortFindings } from '../report/findings.js';
import { rules } from './registry.js';
import { applySuppressions, readSuppressions } from './suppressions.js';

export interface LintOptions {
  /** "Today" for date-based rules. */
  now?: Date;
  /** Only findings in these root-relative files. */
  files?: string[];
}

export function severityOf(project: Project, id: string, fallback: 'error' | 'warn'): 'error' | 'warn' | 'off' {
  return project.config.rules[id] ?? fallback;
}

export function lintProject(project: Project, options: LintOptions = {}): Finding[] {
  const context = {
    model: project.model,
    catalog: project.catalog,
    config: project.config,
    migrations: project.migrations,
    seeds: project.seeds,
    now: options.now ?? new Date(),
    root: project.root,
  };
  const findings: Finding[] = [...project.syntaxFindings];
  for (const rule of rules) {
    const severity = severityOf(project, rule.id, rule.defaultSeverity);
    if (severity === 'off') continue;
    for (const f of rule.check(context)) {
      findings.push({ rule: rule.id, severity: severity === 'error' ? 'error' : 'warning', ...f, help: f.help ?? rule.help });
    }
  }
  const suppressions = readSuppressions([...project.migrations, ...project.seeds]);
  findings.push(...applySuppressions(findings, suppressions, new Set(rules.map((r) => r.id))));
  const selected = options.files ? findings.filter((f) => options.files!.includes(f.file)) : findings;
  return sortFindings(selected);
}

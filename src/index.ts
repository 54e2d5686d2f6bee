/**
 * pgscribe as a library: the same operations as the CLI, returning results.
 * Nothing here prints or exits; failures to do the job throw PgscribeError.
 *
 *   import { loadProject, lint, generate, check, verify } from 'pgscribe';
 *   const project = await loadProject({ root: '.' });
 *   const findings = lint(project);
 */

import { diffsOf, driftOf, writePlan, type Drift } from './docs/generate.js';
import { loadProject, planProjectDocs } from './pipeline.js';
import type { LoadOptions, Project } from './project.js';
import type { Finding } from './report/findings.js';
import { verify as replay, type VerifyOptions, type VerifyResult } from './replay/verify.js';
import { lintProject, type LintOptions, syntaxFindings } from './lint/engine.js';

export { loadProject, PgscribeError };
export type { Drift, Finding, LintOptions, LoadOptions, Project, VerifyOptions, VerifyResult };
export type { Model } from './model/types.js';
export type { Config } from './config/schema.js';
export { rules } from './lint/registry.js';
import { PgscribeError } from './errors.js';

/** Guardrail findings (syntax errors included), sorted by file and line. */
export function lint(project: Project, options: LintOptions = {}): Finding[] {
  return lintProject(project, options);
}

/**
 * Writes the generated sections and reference pages; returns the files
 * changed. Refuses (nothing written) while a file has a syntax error: the docs
 * would describe less than the migrations do.
 */
export function generate(project: Project): string[] {
  const broken = syntaxFindings(project)[0];
  if (broken) throw new PgscribeError('usage', `nothing written: the file does not parse (${broken.message})`, { file: broken.file, line: broken.line });
  return writePlan(project.root, planProjectDocs(project));
}

export interface CheckResult {
  findings: Finding[];
  drift: Drift[];
  /** Unified diffs of the stale sections and pages. */
  diffs: string[];
  /** What changed in the model since the docs were generated. */
  changes: string[];
  /** True when nothing is stale and no finding is an unsuppressed error. */
  ok: boolean;
}

/** Drift + guardrails, writing nothing. */
export function check(project: Project, options: LintOptions = {}): CheckResult {
  const plan = planProjectDocs(project);
  const drift = driftOf(plan);
  const findings = lintProject(project, options);
  return {
    findings,
    drift,
    diffs: diffsOf(plan),
    changes: plan.summary,
    ok: drift.length === 0 && !findings.some((f) => f.severity === 'error' && !f.suppressed),
  };
}

/** Replays the project on embedded Postgres (or `databaseUrl`) and cross-checks the model. */
export function verify(project: Project, options: VerifyOptions = {}): Promise<VerifyResult> {
  return replay(project, options);
}

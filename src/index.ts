/**
 * pgscribe as a library: the same operations as the CLI, returning results.
 * Nothing here prints or exits; failures to do the job throw PgscribeError.
 *
 *   import { loadProject, lint, generate, check, verify } from 'pgscribe';
 *   const project = await loadProject({ root: '.' });
 *   const findings = lint(project);
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DiffResult, diffSince } from './changes.js';
import { type FixOptions, type FixResult, fixProject } from './fix.js';
import { diffsOf, driftOf, removeStaleTempFiles, writePlan, type Drift } from './docs/generate.js';
import { applyBaseline, lintProject, type LintOptions, lockOf, severityOf, syntaxFindings } from './lint/engine.js';
import { type LockResult, updateLock } from './lock.js';
import { secondRunOf } from './model/second-run.js';
import type { Model } from './model/types.js';
import { loadProject, planProjectDocs } from './pipeline.js';
import type { LoadOptions, Project } from './project.js';
import { dbml, tblsSchema } from './report/export.js';
import { failsRun, type Finding } from './report/findings.js';
import { inspectJson } from './report/inspect.js';
import { version } from './package.js';
import { verify as replay, type VerifyOptions, type VerifyResult } from './replay/verify.js';

export { loadProject, PgscribeError };
export { init } from './init.js';
export { migrate, seed } from './replay/apply.js';
export type { DiffResult, Drift, Finding, FixOptions, FixResult, LintOptions, LoadOptions, Project, VerifyOptions, VerifyResult };
export type { Model };
export type { Config } from './config/schema.js';
export { rules } from './lint/registry.js';
export { diskParseCache, type ParseCache } from './sql/parse-cache.js';
import { PgscribeError } from './errors.js';

/** Guardrail findings (syntax errors included), sorted by file and line. */
export function lint(project: Project, options: LintOptions = {}): Finding[] {
  return lintProject(project, options);
}

/** A migration statement whose second run the model cannot predict (rerunnable-ddl does not judge it). */
export interface UndecidedStatement {
  file: string;
  line: number;
  why: string;
}

/** The statements rerunnable-ddl leaves undecided (none when the rule is off). */
export function undecided(project: Project): UndecidedStatement[] {
  if (severityOf(project, 'rerunnable-ddl', 'error') === 'off') return [];
  return secondRunOf(project.catalog).undecided.map((s) => ({ file: s.file, line: s.line, why: s.undecided ?? '' }));
}

/** The model the migrations and seeds build, and the syntax errors that kept part of it unread. */
export function inspect(project: Project): { model: Model; findings: Finding[] } {
  return { model: project.model, findings: syntaxFindings(project, { bodies: false }) };
}

/**
 * What the working tree changes in the database since `base` (a git ref;
 * default: the merge base with the default branch): the model's changes
 * object by object (security changes first), the findings the change
 * introduces and removes, the generated docs it rewrites. Reads git; writes nothing.
 */
export function diff(project: Project, options: LintOptions & { base?: string } = {}): Promise<DiffResult> {
  const { base, ...lintOptions } = options;
  return diffSince(project, base, lintOptions);
}

/**
 * Fixes the findings that have one safe fix (rerunnable-ddl, call-on-function,
 * seed-not-idempotent) in unlocked migrations and seeds, and proves the fix by
 * replay before writing anything (see fix.ts). With `dryRun`, writes nothing.
 */
export function fix(project: Project, options: FixOptions = {}): Promise<FixResult> {
  return fixProject(project, options);
}

export type ExportFormat = 'tbls' | 'dbml' | 'json';

/**
 * The model for other tools: tbls' schema.json (`tbls`), DBML (`dbml`), or the
 * model itself (`json`, as `inspect --format json` prints it). Text, ending in a newline.
 */
export function exportModel(project: Project, format: ExportFormat): string {
  const model = project.model;
  if (format === 'dbml') return dbml(model);
  if (format === 'json') return inspectJson(model, syntaxFindings(project, { bodies: false }), version);
  return `${JSON.stringify(tblsSchema(model, projectName(project.root), version), null, 2)}\n`;
}

/** The project's name: package.json's `name` at the root, else the root directory's name. */
function projectName(root: string): string {
  try {
    const name: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).name;
    if (typeof name === 'string' && name !== '') return name;
  } catch {
    // no package.json, or not JSON: the directory names the project
  }
  return path.basename(path.resolve(root));
}

export interface GenerateOptions {
  /** First remove the temp files that interrupted runs left beside the docs. */
  removeStaleTemps?: boolean;
}

export interface GenerateResult {
  /** The files written (root-relative). */
  written: string[];
  /** Temp files of interrupted runs that were removed. */
  removedTemps: string[];
  /** Set when nothing was written because files do not parse: their syntax-error findings. */
  refused?: Finding[];
}

/**
 * Writes the generated sections and reference pages. Writes nothing while a
 * file has a syntax error (the docs would describe less than the migrations
 * do): `refused` then holds the syntax errors.
 */
export function generateDocs(project: Project, options: GenerateOptions = {}): GenerateResult {
  // A body the PL/pgSQL parser rejects leaves the file's statements in the model: the docs are whole.
  const syntax = syntaxFindings(project, { bodies: false });
  if (syntax.length > 0) return { written: [], removedTemps: [], refused: syntax };
  const plan = planProjectDocs(project);
  const removedTemps = options.removeStaleTemps ? removeStaleTempFiles(project, plan) : [];
  return { written: writePlan(project.root, plan), removedTemps };
}

/**
 * Writes the generated sections and reference pages; returns the files
 * changed. Refuses (throws, nothing written) while a file has a syntax error.
 */
export function generate(project: Project): string[] {
  const result = generateDocs(project);
  const broken = result.refused?.[0];
  if (broken) throw new PgscribeError('usage', `nothing written: the file does not parse (${broken.message})`, { file: broken.file, line: broken.line });
  return result.written;
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
  /** Temp files of interrupted runs that were removed (with `removeStaleTemps`). */
  removedTemps: string[];
}

/** Drift + guardrails, writing nothing (but, with `removeStaleTemps`, removing what interrupted runs left). */
export function check(project: Project, options: LintOptions & GenerateOptions = {}): CheckResult {
  const plan = planProjectDocs(project);
  const removedTemps = options.removeStaleTemps ? removeStaleTempFiles(project, plan) : [];
  const drift = driftOf(plan);
  const findings = lintProject(project, options);
  return { findings, drift, diffs: diffsOf(plan), changes: plan.summary, ok: drift.length === 0 && !failsRun(findings), removedTemps };
}

export interface ReplayOptions extends VerifyOptions {
  /** Replay findings in locked migrations stay errors (else they are baseline warnings, as in lint). */
  strict?: boolean;
}

/**
 * Replays the project on embedded Postgres (or `databaseUrl`) and cross-checks
 * the model. The findings include the syntax errors (those files were not
 * run), and a finding in a locked migration is a baseline warning unless
 * `strict`, as lint's are.
 */
export async function verify(project: Project, options: ReplayOptions = {}): Promise<VerifyResult> {
  const result = await replay(project, options);
  const findings = [...syntaxFindings(project), ...result.findings];
  applyBaseline(project, lockOf(project), findings, options.strict ?? false);
  return { ...result, findings };
}

/** Adds new migrations to the lock, and re-locks the `accept`ed edited ones. */
export function lock(project: Project, accept: string[] = []): LockResult {
  return updateLock(project, accept);
}

/**
 * Rendering `pgscribe fix`: the statements it fixed (or would fix), the proof,
 * what it wrote and re-locked, the findings in locked migrations it left
 * alone, and how many findings have no safe fix; with --dry-run, the diffs.
 */

import { counted } from '../text.js';
import type { Finding } from './findings.js';

/** One fixed statement. */
export interface FixedStatement {
  file: string;
  line: number;
  endLine: number;
  rule: string;
  description: string;
  /** The statement's lines before and after. */
  before: string;
  after: string;
}

/** What `fix` did (fix.ts makes it). */
export interface FixReport {
  fixed: FixedStatement[];
  /** Statements whose fix was withdrawn, and why: it does not make them re-run (the rule or the replay shows it), or it would change the first pass. */
  withdrawn: Array<{ file: string; line: number; why: string }>;
  /** Findings in locked migrations that have a fix but were not edited (without acceptLocked). */
  locked: Finding[];
  /** Findings of the fixable rules left in the files fix may edit: no safe fix, or still failing. */
  remaining: Finding[];
  proof: {
    /** False when the replay was skipped (`verify: false`). */
    replayed: boolean;
    engine?: string;
    /** Why the fix is refused: the statements that fail the proof, or the model's differences. */
    failures: string[];
    /** Statements that fail on the replay's second pass, before and after the fix (when replayed). */
    rerunFailures?: { before: number; after: number };
  };
  /** Unified diffs of the changed files. */
  diffs: string[];
  written: string[];
  relocked: string[];
}

export function fixPretty(result: FixReport, options: { dryRun: boolean; verify: boolean }): string {
  const lines: string[] = [];
  if (options.dryRun) for (const d of result.diffs) lines.push(d.replace(/\n$/, ''));
  const files = new Set(result.fixed.map((f) => f.file)).size;
  if (result.fixed.length === 0) lines.push('pgscribe fix: nothing to fix');
  else {
    lines.push(`pgscribe fix: ${counted(result.fixed.length, 'statement')} in ${counted(files, 'file')}${options.dryRun ? ' would be fixed' : ''}`);
    for (const f of result.fixed) lines.push(`  ${f.file}:${f.line} ${f.description} (${f.rule})`);
  }
  if (result.proof.failures.length > 0) {
    lines.push(`not written: the fix fails its proof${result.proof.engine ? ` (replayed on ${result.proof.engine})` : ''}:`, ...result.proof.failures.map((f) => `  ${f}`));
  } else if (result.fixed.length > 0) {
    const rerun = result.proof.rerunFailures;
    if (result.proof.replayed) lines.push(`proven on ${result.proof.engine}: the first pass applies as before, no fixed statement fails on the second pass (statements failing there: ${rerun?.before} before, ${rerun?.after} after), and the model keeps every object`);
    else lines.push(options.verify ? 'the model keeps every object' : 'not proven by replay (--no-verify): the model keeps every object; run pgscribe verify');
  }
  if (result.withdrawn.length > 0) {
    lines.push(`withdrawn: ${counted(result.withdrawn.length, 'fix', 'fixes')} that would not make the statement re-run (or would change the first run), left as written:`);
    for (const w of result.withdrawn) lines.push(`  ${w.file}:${w.line} ${w.why}`);
  }
  if (result.written.length > 0) lines.push(`wrote ${counted(result.written.length, 'file')}: ${result.written.join(', ')}`);
  if (result.relocked.length > 0) lines.push(`re-locked ${counted(result.relocked.length, 'migration')}: ${result.relocked.join(', ')}`);
  if (result.locked.length > 0) {
    lines.push(`left alone: ${counted(result.locked.length, 'finding')} in locked migrations (pgscribe fix --accept-locked edits and re-locks them):`);
    for (const f of result.locked) lines.push(`  ${f.file}:${f.line} ${f.fix?.description ?? ''} (${f.rule})${f.baseline ? `; follow-up: ${f.baseline.followUp}` : ''}`);
  }
  const unfixed = result.remaining.filter((f) => !f.baseline);
  if (unfixed.length > 0) lines.push(`${counted(unfixed.length, 'finding')} of the fixable rules remain${unfixed.some((f) => !f.fix) ? ' with no safe fix' : ''}: pgscribe lint lists them`);
  return `${lines.join('\n')}\n`;
}

export function fixJson(result: FixReport, version: string, dryRun: boolean): string {
  const { fixed, withdrawn, locked, remaining, proof, written, relocked } = result;
  return `${JSON.stringify({ tool: 'pgscribe', version, dryRun, fixed, withdrawn, proof, written, relocked, locked, remaining }, null, 2)}\n`;
}

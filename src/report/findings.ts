/**
 * Findings are data: a rule id and message id, a severity, a place, and the
 * message and help made from the rule's templates (lint/messages.ts).
 * Reporters turn them into text; the exit code is decided from them in one
 * place.
 */

export type FindingSeverity = 'error' | 'warning';

/**
 * One edit of a file's text: at a 1-based line and column (UTF-16 units,
 * as findings count them), `length` units of that line replaced by `text`
 * (which holds no line break, so every other line keeps its bytes and its
 * line ending).
 */
export interface TextEdit {
  line: number;
  column: number;
  length: number;
  text: string;
}

/** The one safe fix of a finding, as `pgscribe fix` applies it: what it does, and its edits (in one statement). */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: string;
  /** Which of the rule's messages (its `meta.messages` key): stable across wording changes, for tools. */
  messageId: string;
  severity: FindingSeverity;
  /** Root-relative path. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  help: string;
  /** Present when a `-- pgscribe-ignore` comment suppressed the finding. */
  suppressed?: { reason: string };
  /** Present for a finding in a locked migration: it cannot be fixed there, so it is a warning naming the follow-up to write. */
  baseline?: { followUp: string };
  /** Present when the finding has one safe fix (`pgscribe fix` applies it). */
  fix?: Fix;
}

export function summarise(findings: Finding[], files: number): { errors: number; warnings: number; files: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings, files };
}

/** Stable order: file, line, column, rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** True when a finding should fail the run (an unsuppressed error). */
export function isFailure(f: Finding): boolean {
  return f.severity === 'error' && !f.suppressed;
}

export interface FailOptions {
  /** `warn`: unsuppressed warnings fail the run too (default `error`). */
  failOn?: 'warn' | 'error';
  /** More unsuppressed warnings than this fail the run (ESLint's --max-warnings). */
  maxWarnings?: number;
}

/** Whether these findings fail the run (exit 1): an unsuppressed error, or warnings past what the options allow. */
export function failsRun(findings: Finding[], options: FailOptions = {}): boolean {
  if (findings.some(isFailure)) return true;
  const warnings = findings.filter((f) => f.severity === 'warning' && !f.suppressed).length;
  if (options.failOn === 'warn' && warnings > 0) return true;
  return options.maxWarnings !== undefined && warnings > options.maxWarnings;
}

/**
 * Suppression comments:
 *   -- pgscribe-ignore rule-id[, rule-id] -- reason      (the next statement)
 *   -- pgscribe-ignore-file rule-id[, rule-id] -- reason (the whole file)
 * Suppressed findings stay in the output, marked with their reason; a
 * suppression that suppresses nothing is itself a warning.
 */

import type { LoadedFile } from '../project.js';
import type { Finding } from '../report/findings.js';
import type { RuleFinding } from './types.js';

export interface Suppression {
  file: string;
  line: number;
  column: number;
  rules: string[];
  reason: string;
  /** Lines covered (inclusive); the whole file for -file suppressions. */
  from: number;
  to: number;
  used: Set<string>;
}

const pattern = /^--\s*pgscribe-ignore(-file)?\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:--\s*(.*))?$/;

export function readSuppressions(files: LoadedFile[]): Suppression[] {
  const out: Suppression[] = [];
  for (const file of files) {
    const statements = file.parsed.statements;
    for (const comment of file.parsed.comments) {
      const match = pattern.exec(comment.text.trim());
      if (!match) continue;
      const wholeFile = match[1] !== undefined;
      const next = statements.find((s) => s.start.line > comment.start.line || (s.start.line === comment.start.line && s.start.column > comment.start.column));
      out.push({
        file: file.data.file,
        line: comment.start.line,
        column: comment.start.column,
        rules: match[2].split(',').map((r) => r.trim()),
        reason: (match[3] ?? '').trim(),
        from: wholeFile ? 1 : (next?.start.line ?? comment.start.line + 1),
        to: wholeFile ? Number.MAX_SAFE_INTEGER : (next?.end.line ?? comment.start.line + 1),
        used: new Set(),
      });
    }
  }
  return out;
}

/** Marks suppressed findings and returns the unused-suppression reports (unused or unknown rules, no reason). */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], knownRules: Set<string>): RuleFinding[] {
  for (const finding of findings) {
    if (finding.rule === 'syntax-error') continue;
    const match = suppressions.find((s) => s.file === finding.file && s.rules.includes(finding.rule) && finding.line >= s.from && finding.line <= s.to);
    if (!match) continue;
    match.used.add(finding.rule);
    finding.suppressed = { reason: match.reason };
  }
  const extra: RuleFinding[] = [];
  const report = (s: Suppression, messageId: 'suppressesNothing' | 'unknownRule' | 'noReason', rule?: string) =>
    extra.push({ file: s.file, line: s.line, column: s.column, endLine: s.line, endColumn: s.column, messageId, helpId: messageId, ...(rule === undefined ? {} : { data: { rule } }) });
  for (const s of suppressions) {
    for (const rule of s.rules) {
      if (s.used.has(rule)) continue;
      report(s, knownRules.has(rule) ? 'suppressesNothing' : 'unknownRule', rule);
    }
    if (!s.reason) report(s, 'noReason');
  }
  return extra;
}

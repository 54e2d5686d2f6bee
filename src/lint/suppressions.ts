/**
 * Suppression comments:
 *   -- pgscribe-ignore rule-id[, rule-id] -- reason      (the next statement)
 *   -- pgscribe-ignore-file rule-id[, rule-id] -- reason (the whole file)
 * Suppressed findings stay in the output, marked with their reason; a
 * suppression that suppresses nothing is itself a warning.
 */

import type { LoadedFile } from '../project.js';
import type { Finding } from '../report/findings.js';

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

/** Marks suppressed findings and returns warnings for unused or unknown suppressions. */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], knownRules: Set<string>): Finding[] {
  for (const finding of findings) {
    if (finding.rule === 'syntax-error') continue;
    const match = suppressions.find((s) => s.file === finding.file && s.rules.includes(finding.rule) && finding.line >= s.from && finding.line <= s.to);
    if (!match) continue;
    match.used.add(finding.rule);
    finding.suppressed = { reason: match.reason };
  }
  const extra: Finding[] = [];
  const warn = (s: Suppression, message: string, help: string) =>
    extra.push({ rule: 'unused-suppression', severity: 'warning', file: s.file, line: s.line, column: s.column, endLine: s.line, endColumn: s.column, message, help });
  for (const s of suppressions) {
    for (const rule of s.rules) {
      if (s.used.has(rule)) continue;
      if (knownRules.has(rule)) warn(s, `pgscribe-ignore ${rule} suppresses nothing here`, 'Remove the comment, or move it to the line before the statement it is about.');
      else warn(s, `pgscribe-ignore names an unknown rule "${rule}"`, 'Use a rule id from docs/rules/.');
    }
    if (!s.reason) warn(s, 'pgscribe-ignore without a reason', 'Say why after a second "--": -- pgscribe-ignore rule-id -- reason.');
  }
  return extra;
}

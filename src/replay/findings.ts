/** Findings of replay (`replay-*` rules): Postgres itself is the check. */

import type { Finding } from '../report/findings.js';
import { replayRules } from '../lint/registry.js';

/** The help text of each replay rule, from the rule registry (one text per rule). */
export const ruleHelp: Record<string, string> = Object.fromEntries(replayRules.map((r) => [r.id, r.help]));

export function replayFinding(rule: string, file: string, line: number, column: number, message: string, help?: string): Finding {
  return { rule, severity: 'error', file, line, column, endLine: line, endColumn: column, message, help: help ?? ruleHelp[rule] };
}


/** Findings of replay (`replay-*` rules, and `migration-edited` when a database holds another content): Postgres itself is the check, so each is an error. */

import type { Finding } from '../report/findings.js';
import { findingOf } from '../lint/messages.js';
import { ruleMetaById } from '../lint/registry.js';
import type { MessageData } from '../lint/types.js';

/** What a replay finding says: one of its rule's messages with the data for it, and optionally one of its helps. */
export interface ReplayMessage {
  messageId: string;
  data?: MessageData;
  helpId?: string;
}

export function replayFinding(rule: string, file: string, line: number, column: number, message: ReplayMessage): Finding {
  const meta = ruleMetaById(rule);
  if (!meta) throw new Error(`replay finding of an unknown rule ${rule}`);
  return findingOf(meta, { file, line, column, endLine: line, endColumn: column, ...message }, 'error');
}

/** What a statement that Postgres refused says: its message (and SQLSTATE). */
export function refusal(error: { message: string; code?: string; hint?: string }): ReplayMessage {
  // 55P04 unsafe_new_enum_value_usage: a rule of Postgres' transactions, not a broken statement.
  if (error.code === '55P04') return { messageId: 'unsafeNewEnumValue', helpId: 'unsafeNewEnumValue', data: { error: error.message } };
  const message: ReplayMessage = error.code ? { messageId: 'failedWithCode', data: { error: error.message, code: error.code } } : { messageId: 'failed', data: { error: error.message } };
  if (error.hint) return { ...message, helpId: 'postgresHint', data: { ...message.data, hint: error.hint } };
  return message;
}

/**
 * Where finding text is made, and the only place: a rule's message (or help)
 * template interpolated with the finding's data, as ESLint's `interpolate`
 * does. `{{ name }}` becomes `String(data.name)`; a placeholder without data
 * stays as written; substituted values are not scanned again.
 */

import type { Finding } from '../report/findings.js';
import type { MessageData, RuleFinding, RuleMeta } from './types.js';

const placeholder = /\{\{([^{}]+?)\}\}/g;

export function interpolate(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  return template.replace(placeholder, (whole, name: string) => {
    const key = name.trim();
    return Object.hasOwn(data, key) ? String(data[key]) : whole;
  });
}

/** The finding a report of `meta`'s rule makes, at the given severity; an unknown message or help id is a bug in the rule and throws. */
export function findingOf(meta: RuleMeta, report: RuleFinding, severity: Finding['severity']): Finding {
  const template = Object.hasOwn(meta.messages, report.messageId) ? meta.messages[report.messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${meta.id} reported an unknown message id "${report.messageId}"`);
  let help = meta.help;
  if (report.helpId !== undefined) {
    const helpTemplate = meta.helps && Object.hasOwn(meta.helps, report.helpId) ? meta.helps[report.helpId] : undefined;
    if (helpTemplate === undefined) throw new Error(`rule ${meta.id} reported an unknown help id "${report.helpId}"`);
    help = interpolate(helpTemplate, report.data);
  }
  const { file, line, column, endLine, endColumn } = report;
  const finding: Finding = { rule: meta.id, messageId: report.messageId, severity, file, line, column, endLine, endColumn, message: interpolate(template, report.data), help };
  if (report.fix) finding.fix = report.fix;
  return finding;
}

/** The `## Messages` section of a rule's page: each message id with its template (a test keeps the pages equal to it). */
export function messagesSection(meta: RuleMeta): string {
  const cell = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
  const rows = Object.entries(meta.messages).map(([id, template]) => `| \`${id}\` | ${cell(template)} |`);
  return ['## Messages', '', 'Each finding names one of these in `messageId` (JSON), `properties.messageId` (SARIF) and its annotation title (GitHub); `{{…}}` is filled in from the finding.', '', '| id | message |', '|---|---|', ...rows, ''].join('\n');
}

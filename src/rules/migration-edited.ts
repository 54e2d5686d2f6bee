/**
 * migration-edited: a locked migration whose content changed (or that was
 * deleted). Applied migrations are history; the fix is a new migration.
 */

import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const migrationEdited: ProjectRule = {
  meta: {
    id: 'migration-edited',
    defaultSeverity: 'error',
    description: 'Locked (applied) migrations are never edited or removed.',
    help: 'Revert the edit and put the change in a new migration. If the edit is intended (e.g. a comment), re-lock it with `pgscribe lock --accept FILE` so a reviewer sees it.',
    docs: 'docs/rules/migration-edited.md',
    messages: {
      missing: 'locked migration {{file}} is missing',
      changed: '{{file}} changed after it was locked ({{lockedAt}})',
      appliedWithOtherContent: '{{file}} was applied to {{target}} with another content (sha256 {{hash}}…); refusing to continue',
    },
    helps: {
      appliedWithOtherContent: 'Put the change in a new migration; an applied migration is never edited.',
    },
    fixable: false,
  },
  check({ lock, config, migrations }) {
    const current = new Map(migrations.map((m) => [m.data.file, m.data.hash]));
    const findings: RuleFinding[] = [];
    for (const entry of lock.entries) {
      const hash = current.get(entry.file);
      if (hash === undefined) {
        findings.push({ ...atSource({ file: config.lockFile, line: entry.line }), messageId: 'missing', data: { file: entry.file } });
      } else if (hash !== entry.hash) {
        findings.push({ ...atSource({ file: entry.file, line: 1 }), messageId: 'changed', data: { file: entry.file, lockedAt: `${config.lockFile}:${entry.line}` } });
      }
    }
    return findings;
  },
};

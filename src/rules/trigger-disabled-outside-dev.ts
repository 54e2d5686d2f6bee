/**
 * trigger-disabled-outside-dev: DISABLE TRIGGER (or session_replication_role
 * = replica) in a migration or a system seed silently switches off audit
 * and integrity triggers. Only documented dev-only steps may do that.
 */

import type { TriggerToggle } from '../model/types.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

function finding(toggle: TriggerToggle, where: 'Migration' | 'SystemSeed'): RuleFinding {
  if (toggle.trigger === 'session_replication_role') return { ...atSource(toggle.source), messageId: `replicationRoleIn${where}` };
  return { ...atSource(toggle.source), messageId: `disabledIn${where}`, data: { trigger: toggle.trigger, table: `${toggle.schema}.${toggle.table}` } };
}

export const triggerDisabledOutsideDev: ProjectRule = {
  meta: {
    id: 'trigger-disabled-outside-dev',
    defaultSeverity: 'error',
    description: 'Triggers (audit above all) are never disabled in migrations or system seeds.',
    help: 'Remove it; if a dev seed needs triggers off, do it in a documented dev-only step, never in shared code.',
    docs: 'docs/rules/trigger-disabled-outside-dev.md',
    messages: {
      disabledInMigration: 'DISABLE TRIGGER {{trigger}} on {{table}} in a migration',
      disabledInSystemSeed: 'DISABLE TRIGGER {{trigger}} on {{table}} in a system seed',
      replicationRoleInMigration: 'SET session_replication_role = replica disables every trigger in a migration',
      replicationRoleInSystemSeed: 'SET session_replication_role = replica disables every trigger in a system seed',
    },
    fixable: false,
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const toggle of model.triggerToggles) if (toggle.action === 'disable') findings.push(finding(toggle, 'Migration'));
    for (const seed of model.seeds) {
      if (seed.class === 'dev') continue;
      for (const toggle of seed.triggerToggles) if (toggle.action === 'disable') findings.push(finding(toggle, 'SystemSeed'));
    }
    return findings;
  },
};

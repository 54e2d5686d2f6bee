/**
 * trigger-disabled-outside-dev: DISABLE TRIGGER (or session_replication_role
 * = replica) in a migration or a system seed silently switches off audit
 * and integrity triggers. Only documented dev-only steps may do that.
 */

import type { TriggerToggle } from '../model/types.js';
import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

function finding(toggle: TriggerToggle, where: string): RuleFinding {
  const what = toggle.trigger === 'session_replication_role' ? 'SET session_replication_role = replica disables every trigger' : `DISABLE TRIGGER ${toggle.trigger} on ${toggle.schema}.${toggle.table}`;
  return atSource(toggle.source, `${what} in ${where}`);
}

export const triggerDisabledOutsideDev: ProjectRule = {
  id: 'trigger-disabled-outside-dev',
  defaultSeverity: 'error',
  description: 'Triggers (audit above all) are never disabled in migrations or system seeds.',
  help: 'Remove it; if a dev seed needs triggers off, do it in a documented dev-only step, never in shared code.',
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const toggle of model.triggerToggles) if (toggle.action === 'disable') findings.push(finding(toggle, 'a migration'));
    for (const seed of model.seeds) {
      if (seed.class === 'dev') continue;
      for (const toggle of seed.triggerToggles) if (toggle.action === 'disable') findings.push(finding(toggle, 'a system seed'));
    }
    return findings;
  },
};

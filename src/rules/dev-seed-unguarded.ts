/**
 * dev-seed-unguarded: a dev/test-only seed must start with a guard that
 * raises unless the environment setting is one of the allowed environments.
 * A guard that only warns, comes after data is written, checks another
 * setting, or allows other values is not a guard.
 */

import { atSource, type MessageData, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const devSeedUnguarded: ProjectRule = {
  meta: {
    id: 'dev-seed-unguarded',
    defaultSeverity: 'error',
    description: 'Dev seeds must refuse to run outside the allowed environments.',
    help: "Start the seed with: DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION '…'; END IF; END $$;",
    docs: 'docs/rules/dev-seed-unguarded.md',
    messages: {
      noGuard: 'dev seed has no guard on {{setting}}: it would run in production',
      onlyWarns: 'the guard only warns: it must RAISE EXCEPTION to stop the seed',
      notLeading: 'the guard comes after data is written: move it to the top of the file',
      otherSetting: 'the guard checks {{setting}}, expected {{expected}}',
      denyList: 'the guard only refuses {{refused}}: allow-list {{allowed}} instead',
      allowsMore: 'the guard also allows {{extra}}; allowed environments are {{allowed}}',
    },
    fixable: false,
  },
  check({ model, config }) {
    const findings: RuleFinding[] = [];
    const allowed = config.allowedEnvironments;
    for (const seed of model.seeds) {
      if (seed.class !== 'dev') continue;
      const guard = seed.guard;
      const at = (line: number, messageId: string, data?: MessageData): RuleFinding => ({ ...atSource({ file: seed.file, line }), messageId, data });
      if (!guard) {
        findings.push(at(1, 'noGuard', { setting: config.environmentSetting }));
        continue;
      }
      const line = guard.source.line;
      if (!guard.raises) findings.push(at(line, 'onlyWarns'));
      if (!guard.leading) findings.push(at(line, 'notLeading'));
      if (guard.setting !== config.environmentSetting) findings.push(at(line, 'otherSetting', { setting: guard.setting, expected: config.environmentSetting }));
      if (guard.mode === 'deny') findings.push(at(line, 'denyList', { refused: guard.values.join(', '), allowed: allowed.join(', ') }));
      else {
        const extra = guard.values.filter((v) => !allowed.includes(v));
        if (extra.length > 0) findings.push(at(line, 'allowsMore', { extra: extra.join(', '), allowed: allowed.join(', ') }));
      }
    }
    return findings;
  },
};

/**
 * dev-seed-unguarded: a dev/test-only seed must start with a guard that
 * raises unless the environment setting is one of the allowed environments.
 * A guard that only warns, comes after data is written, checks another
 * setting, or allows other values is not a guard.
 */

import { atSource, type ProjectRule, type RuleFinding } from '../lint/types.js';

export const devSeedUnguarded: ProjectRule = {
  id: 'dev-seed-unguarded',
  defaultSeverity: 'error',
  description: 'Dev seeds must refuse to run outside the allowed environments.',
  help: "Start the seed with: DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION '…'; END IF; END $$;",
  check({ model, config }) {
    const findings: RuleFinding[] = [];
    const allowed = config.allowedEnvironments;
    for (const seed of model.seeds) {
      if (seed.class !== 'dev') continue;
      const guard = seed.guard;
      const at = (line: number, message: string): RuleFinding => atSource({ file: seed.file, line }, message);
      if (!guard) {
        findings.push(at(1, `dev seed has no guard on ${config.environmentSetting}: it would run in production`));
        continue;
      }
      const line = guard.source.line;
      if (!guard.raises) findings.push(at(line, 'the guard only warns: it must RAISE EXCEPTION to stop the seed'));
      if (!guard.leading) findings.push(at(line, 'the guard comes after data is written: move it to the top of the file'));
      if (guard.setting !== config.environmentSetting) findings.push(at(line, `the guard checks ${guard.setting}, expected ${config.environmentSetting}`));
      if (guard.mode === 'deny') findings.push(at(line, `the guard only refuses ${guard.values.join(', ')}: allow-list ${allowed.join(', ')} instead`));
      else {
        const extra = guard.values.filter((v) => !allowed.includes(v));
        if (extra.length > 0) findings.push(at(line, `the guard also allows ${extra.join(', ')}; allowed environments are ${allowed.join(', ')}`));
      }
    }
    return findings;
  },
};

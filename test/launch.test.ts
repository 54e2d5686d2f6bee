/**
 * The built launcher: the bundled CLI is compiled from the code cache the
 * build wrote (not rejected), and commands that import the replay engines
 * lazily still work from cached code. `npm test` builds first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const launch = path.join(repoRoot, 'dist', 'cli', 'launch.js');
const bin = path.join(repoRoot, 'bin', 'pgscribe.js');

describe('launcher', () => {
  it('compiles the bundle from the build\'s code cache', async () => {
    expect(existsSync(path.join(repoRoot, 'dist', 'cli', 'pgscribe.cjs.cache'))).toBe(true);
    const probe = `import { loadCli, setEngineFlags } from ${JSON.stringify(launch)}; setEngineFlags(); const cli = loadCli(); console.log(JSON.stringify({ vm: cli.script !== undefined, rejected: cli.cacheRejected }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ vm: true, rejected: false });
  });

  it('replays from cached code (PGlite is imported lazily through the launcher)', () => {
    const verify = execFileSync(process.execPath, [bin, '--root', repoRoot, 'verify', '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(verify).summary.errors).toBe(0);
  });
});

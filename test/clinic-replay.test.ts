/**
 * verify on this repository: the clinic database applies, applies again with
 * zero re-run failures, its seeds are idempotent, the dev seed refuses
 * production, and Postgres builds exactly what the model says — on PGlite
 * and, when PGSCRIBE_TEST_DATABASE_URL names a server (CI does), on it too.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/pipeline.js';
import { verify } from '../src/replay/verify.js';
import { repoRoot } from './helpers.js';

const serverUrl = process.env.PGSCRIBE_TEST_DATABASE_URL;
if (!serverUrl) console.warn('real-server replay tests skipped: PGSCRIBE_TEST_DATABASE_URL is not set (.ci/run sets it)');

describe('verify the clinic database', () => {
  it('on PGlite: 11/11 applied, 0 re-run failures, 0 findings', async () => {
    const result = await verify(await loadProject({ root: repoRoot }));
    expect(result.findings).toEqual([]);
    expect(result.migrations).toEqual({ applied: 11, total: 11, rerunFailures: 0, notRun: 0, leftOut: [] });
    expect(result.engine).toBe('pglite');
  }, 120_000);

  it.skipIf(!serverUrl)('on a real server: the same, in a scratch database', async () => {
    const result = await verify(await loadProject({ root: repoRoot }), { databaseUrl: serverUrl });
    expect(result.findings).toEqual([]);
    expect(result.migrations).toEqual({ applied: 11, total: 11, rerunFailures: 0, notRun: 0, leftOut: [] });
    expect(result.engine).toBe('postgres');
  }, 120_000);
});

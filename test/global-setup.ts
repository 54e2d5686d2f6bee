/**
 * The whole test run writes its throwaway projects under one temp directory
 * of its own (TMPDIR, TMP and TEMP point there, for the test processes and
 * every pgscribe they start), removed when the run ends, so runs leave
 * nothing behind in the system's temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-tests-'));
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// tbls' external driver: `tbls doc pgscribe://path/to/repo` runs this with TBLS_DSN set and
// reads tbls' schema.json from stdout (see dist/cli/tbls-driver.js).
import { driverArguments } from '../dist/cli/tbls-driver.js';
import { loadCli, setEngineFlags } from '../dist/cli/launch.js';

const dsn = driverArguments(process.env.TBLS_DSN);
if ('error' in dsn) {
  process.stderr.write(`${dsn.error}\n`);
  process.exitCode = 2;
} else {
  setEngineFlags();
  process.exitCode = await loadCli().main(dsn.args);
}

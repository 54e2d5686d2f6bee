/**
 * tbls' external-driver protocol for the `tbls-driver-pgscribe` bin: tbls
 * runs `tbls-driver-NAME` for a `NAME://…` DSN, passes the DSN in the
 * environment variable TBLS_DSN and reads schema.json from its stdout. The
 * path after `pgscribe://` is the project's root (`pgscribe://.`,
 * `pgscribe://path/to/repo`, `pgscribe:///abs/path`); the bin then runs
 * `pgscribe --root PATH export --format tbls`.
 */

const scheme = 'pgscribe://';

/** The CLI arguments for a DSN, or the one line that says why there are none. */
export function driverArguments(dsn: string | undefined): { args: string[] } | { error: string } {
  if (!dsn) return { error: 'tbls-driver-pgscribe: TBLS_DSN is not set (tbls sets it: tbls doc pgscribe://path/to/repo)' };
  if (!dsn.startsWith(scheme)) return { error: `tbls-driver-pgscribe: TBLS_DSN must start with ${scheme}, found "${dsn}"` };
  const rest = dsn.slice(scheme.length).replace(/[?#].*$/, '');
  let root: string;
  try {
    root = decodeURIComponent(rest) || '.';
  } catch {
    return { error: `tbls-driver-pgscribe: TBLS_DSN has a malformed %-escape: "${dsn}"` };
  }
  return { args: ['--root', root, 'export', '--format', 'tbls'] };
}

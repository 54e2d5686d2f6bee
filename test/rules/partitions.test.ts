import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/lint/engine.js';
import { instant } from '../../src/lint/partition-bounds.js';
import { projectOf } from '../helpers.js';
import { findingsOf, places } from './helpers.js';

const audit = `CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.audit_logs (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
CREATE TABLE IF NOT EXISTS audit.audit_logs_2026 PARTITION OF audit.audit_logs FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');`;

describe('partition rules', () => {
  it('reads bound literals as instants', () => {
    expect(instant("'2024-01-01'")).toBe(Date.UTC(2024, 0, 1));
    expect(instant("'2024-03-01 09:00:00+00'")).toBe(Date.UTC(2024, 2, 1, 9));
    expect(instant('2024-03-01 09:00:00+02')).toBe(Date.UTC(2024, 2, 1, 7));
    expect(instant('MAXVALUE')).toBe(Infinity);
  });

  it('partition-horizon depends on --now and the horizon, and a DEFAULT partition satisfies it', async () => {
    const at = async (now: string, sql = audit) => lintProject(await projectOf([sql]), { now: new Date(`${now}T00:00:00Z`) }).filter((f) => f.rule === 'partition-horizon');
    expect(await at('2026-06-01')).toEqual([]);
    const late = await at('2026-12-15');
    expect(late.map((f) => [f.line, f.message])).toEqual([[2, 'no partition of audit.audit_logs covers 2027-01-14 (today + 30 days) and it has no DEFAULT partition: audit writes will fail']]);
    expect((await at('2028-01-01')).map((f) => f.message)[0]).toContain('covers 2028-01-01 (today)');
    expect(await at('2028-01-01', `${audit}\nCREATE TABLE IF NOT EXISTS audit.audit_logs_default PARTITION OF audit.audit_logs DEFAULT;`)).toEqual([]);
  });

  it('seed-outside-partitions points at the seed statement with the stray timestamp', async () => {
    const findings = await findingsOf('seed-outside-partitions', [audit], {
      '002_dev_seed.sql': `DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;
INSERT INTO audit.audit_logs (id, created_at) VALUES (1, '2026-05-01 00:00:00+00');
INSERT INTO audit.audit_logs (id, created_at) VALUES (2, '2024-05-01 00:00:00+00');`,
    });
    expect(places(findings)).toEqual([['002_dev_seed.sql', 3]]);
  });
});

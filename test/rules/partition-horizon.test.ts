import { ruleTester } from '../rule-tester.js';

const audit = `CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.audit_logs (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
CREATE TABLE IF NOT EXISTS audit.audit_logs_2026 PARTITION OF audit.audit_logs FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');`;

ruleTester.run('partition-horizon', {
  valid: [
    { sql: audit, now: '2026-06-01' },
    { name: 'a DEFAULT partition', sql: `${audit}\nCREATE TABLE IF NOT EXISTS audit.audit_logs_default PARTITION OF audit.audit_logs DEFAULT;`, now: '2030-01-01' },
    { name: 'no audit table', sql: 'CREATE SCHEMA IF NOT EXISTS app;' },
  ],
  invalid: [
    { name: 'today + 30 days past the last partition', sql: audit, now: '2026-12-15', errors: [{ messageId: 'noPartition', line: 2, message: 'no partition of audit.audit_logs covers 2027-01-14 (today + 30 days) and it has no DEFAULT partition: audit writes will fail' }] },
    { name: 'today past every partition', sql: audit, now: '2028-01-01', errors: [{ messageId: 'noPartition', line: 2, message: /covers 2028-01-01 \(today\)/ }] },
  ],
});

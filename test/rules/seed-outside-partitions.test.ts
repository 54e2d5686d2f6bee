import { ruleTester } from '../rule-tester.js';

const audit = `CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.audit_logs (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
CREATE TABLE IF NOT EXISTS audit.audit_logs_2026 PARTITION OF audit.audit_logs FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');`;
const guard = "DO $$ BEGIN IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN RAISE EXCEPTION 'no'; END IF; END $$;\n";

ruleTester.run('seed-outside-partitions', {
  valid: [{ sql: audit, seeds: { '002_dev_seed.sql': `${guard}INSERT INTO audit.audit_logs (id, created_at) VALUES (1, '2026-05-01 00:00:00+00');` } }],
  invalid: [
    {
      sql: audit,
      seeds: { '002_dev_seed.sql': `${guard}INSERT INTO audit.audit_logs (id, created_at) VALUES (1, '2026-05-01 00:00:00+00');\n-- un horodatage hors partition ✗\nINSERT INTO audit.audit_logs (id, created_at) VALUES (2, '2024-05-01 00:00:00+00');` },
      errors: [{ messageId: 'outsidePartitions', file: 'database/seeds/002_dev_seed.sql', line: 4, message: /^'?2024-05-01 00:00:00\+00'? in audit\.audit_logs\.created_at is outside every partition of audit\.audit_logs$/ }],
    },
  ],
});

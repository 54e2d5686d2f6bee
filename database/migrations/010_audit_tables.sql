-- 010 — the audit trail: audit.audit_logs, range-partitioned by created_at,
-- fed by AFTER triggers on the clinic tables that hold personal data.
-- Partitions cover 2024 (the dev seed's fixed timestamps) through 2027, and a
-- DEFAULT partition catches anything outside them so an insert never fails.

CREATE TABLE IF NOT EXISTS audit.audit_logs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  table_schema text NOT NULL,
  table_name text NOT NULL,
  operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  row_id text,
  old_data jsonb,
  new_data jsonb,
  changed_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

COMMENT ON TABLE audit.audit_logs IS 'Append-only log of every change to audited clinic tables.';

CREATE TABLE IF NOT EXISTS audit.audit_logs_2024 PARTITION OF audit.audit_logs
  FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS audit.audit_logs_2025 PARTITION OF audit.audit_logs
  FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS audit.audit_logs_2026 PARTITION OF audit.audit_logs
  FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS audit.audit_logs_2027 PARTITION OF audit.audit_logs
  FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS audit.audit_logs_default PARTITION OF audit.audit_logs DEFAULT;

COMMENT ON TABLE audit.audit_logs_2024 IS 'Audit rows of 2024 (includes the dev seed''s fixed timestamps).';
COMMENT ON TABLE audit.audit_logs_2025 IS 'Audit rows of 2025.';
COMMENT ON TABLE audit.audit_logs_2026 IS 'Audit rows of 2026.';
COMMENT ON TABLE audit.audit_logs_2027 IS 'Audit rows of 2027.';
COMMENT ON TABLE audit.audit_logs_default IS 'Audit rows outside every yearly partition; should stay empty.';

CREATE INDEX IF NOT EXISTS audit_logs_table_row_idx ON audit.audit_logs (table_schema, table_name, row_id);

-- Writes one audit row per changed row. SECURITY DEFINER so clients need no
-- INSERT right on audit.audit_logs; search_path pinned so it cannot be hijacked.
CREATE OR REPLACE FUNCTION audit.log_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  INSERT INTO audit.audit_logs (table_schema, table_name, operation, row_id, old_data, new_data, changed_by)
  VALUES (
    TG_TABLE_SCHEMA,
    TG_TABLE_NAME,
    TG_OP,
    CASE WHEN TG_OP = 'DELETE' THEN OLD.id::text ELSE NEW.id::text END,
    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END,
    nullif(current_setting('app.current_user_id', true), '')::uuid
  );
  RETURN NULL;
END;
$$;

COMMENT ON FUNCTION audit.log_change() IS 'Audit trigger function: appends the old and new row to audit.audit_logs.';

CREATE OR REPLACE TRIGGER audit_clinics AFTER INSERT OR UPDATE OR DELETE ON clinic.clinics
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_users AFTER INSERT OR UPDATE OR DELETE ON clinic.users
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_doctors AFTER INSERT OR UPDATE OR DELETE ON clinic.doctors
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_patients AFTER INSERT OR UPDATE OR DELETE ON clinic.patients
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_appointments AFTER INSERT OR UPDATE OR DELETE ON clinic.appointments
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_medical_records AFTER INSERT OR UPDATE OR DELETE ON clinic.medical_records
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_prescriptions AFTER INSERT OR UPDATE OR DELETE ON clinic.prescriptions
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE OR REPLACE TRIGGER audit_payments AFTER INSERT OR UPDATE OR DELETE ON clinic.payments
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();

-- DEV/TEST ONLY sample data. Never run in production.
-- The guard below raises unless app.environment is development or test:
--   SET app.environment = 'development';  -- then run this file
-- Timestamps are fixed (2024) so the data is the same on every run and falls
-- inside audit.audit_logs' partitions; emails use the reserved example.com
-- domain and phone numbers the reserved 555-01xx range.

DO $$
BEGIN
  IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN
    RAISE EXCEPTION 'dev seed refused: app.environment is "%", expected development or test',
      coalesce(current_setting('app.environment', true), '');
  END IF;
END
$$;

INSERT INTO clinic.clinics (id, name, registration_number, timezone, address, phone, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000001', 'Example Family Clinic', 'DEV-0001', 'UTC', '1 Example Street', '+1-555-0100', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.users (id, clinic_id, email, full_name, role, phone, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000101', '00000000-0000-4000-8000-000000000001', 'admin@example.com', 'Ada Admin', 'admin', '+1-555-0101', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00'),
  ('00000000-0000-4000-8000-000000000102', '00000000-0000-4000-8000-000000000001', 'dr.grey@example.com', 'Dr. Grey', 'doctor', '+1-555-0102', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00'),
  ('00000000-0000-4000-8000-000000000103', '00000000-0000-4000-8000-000000000001', 'nurse.joy@example.com', 'Nurse Joy', 'nurse', '+1-555-0103', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00'),
  ('00000000-0000-4000-8000-000000000104', '00000000-0000-4000-8000-000000000001', 'pat.sample@example.com', 'Pat Sample', 'patient', '+1-555-0104', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.doctors (id, clinic_id, user_id, license_number, specialty, consultation_minutes, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000201', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000102', 'DEV-LIC-0001', 'General practice', 20, '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.staff (id, clinic_id, user_id, job_title, employed_since, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000301', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000103', 'Nurse', '2024-01-15', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.patients (id, clinic_id, user_id, full_name, date_of_birth, gender, phone, email, preferred_doctor_id, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000401', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000104', 'Pat Sample', '1990-05-17', 'unknown', '+1-555-0104', 'pat.sample@example.com', '00000000-0000-4000-8000-000000000201', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00'),
  ('00000000-0000-4000-8000-000000000402', '00000000-0000-4000-8000-000000000001', NULL, 'Sam Placeholder', '1985-11-02', 'unknown', '+1-555-0105', 'sam.placeholder@example.com', NULL, '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.appointments (id, clinic_id, patient_id, doctor_id, starts_at, ends_at, status, reason, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000501', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000401', '00000000-0000-4000-8000-000000000201', '2024-03-04 09:00:00+00', '2024-03-04 09:20:00+00', 'completed', 'Annual check-up', '2024-03-01 09:00:00+00', '2024-03-04 09:20:00+00'),
  ('00000000-0000-4000-8000-000000000502', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000402', '00000000-0000-4000-8000-000000000201', '2024-03-04 09:20:00+00', '2024-03-04 09:40:00+00', 'scheduled', 'Follow-up', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.medical_records (id, clinic_id, patient_id, doctor_id, appointment_id, diagnosis, notes, recorded_at, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000601', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000401', '00000000-0000-4000-8000-000000000201', '00000000-0000-4000-8000-000000000501', 'Healthy', 'Synthetic record for development.', '2024-03-04 09:15:00+00', '2024-03-04 09:15:00+00', '2024-03-04 09:15:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO clinic.payments (id, clinic_id, patient_id, appointment_id, amount_cents, currency, method, status, paid_at, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000701', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000401', '00000000-0000-4000-8000-000000000501', 4500, 'USD', 'card', 'paid', '2024-03-04 09:25:00+00', '2024-03-04 09:25:00+00', '2024-03-04 09:25:00+00')
ON CONFLICT (id) DO NOTHING;

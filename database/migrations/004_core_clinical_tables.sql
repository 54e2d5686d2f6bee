-- 004 — patients, doctors and staff.

CREATE TABLE IF NOT EXISTS clinic.doctors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  user_id uuid NOT NULL UNIQUE REFERENCES clinic.users (id) ON DELETE CASCADE,
  license_number text NOT NULL UNIQUE,
  specialty text NOT NULL,
  consultation_minutes integer NOT NULL DEFAULT 15 CHECK (consultation_minutes BETWEEN 5 AND 240),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.doctors IS 'Doctors who see patients; one row per doctor user.';

CREATE TABLE IF NOT EXISTS clinic.patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  user_id uuid UNIQUE REFERENCES clinic.users (id) ON DELETE SET NULL,
  full_name text NOT NULL,
  date_of_birth date NOT NULL,
  gender text CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  phone text,
  email text,
  preferred_doctor_id uuid,
  emergency_contact jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.patients IS 'Patients of a clinic; personal health information lives here and in medical records.';

-- The preferred-doctor link is added separately, and only when missing.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conname = 'fk_patients_preferred_doctor' AND conrelid = 'clinic.patients'::regclass
  ) THEN
    ALTER TABLE clinic.patients
      ADD CONSTRAINT fk_patients_preferred_doctor
      FOREIGN KEY (preferred_doctor_id) REFERENCES clinic.doctors (id) ON DELETE SET NULL;
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS clinic.staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  user_id uuid NOT NULL UNIQUE REFERENCES clinic.users (id) ON DELETE CASCADE,
  job_title text NOT NULL,
  employed_since date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.staff IS 'Non-doctor staff: nurses, receptionists, administrators.';

CREATE INDEX IF NOT EXISTS doctors_clinic_id_idx ON clinic.doctors (clinic_id);
CREATE INDEX IF NOT EXISTS patients_clinic_id_idx ON clinic.patients (clinic_id);
CREATE INDEX IF NOT EXISTS patients_preferred_doctor_id_idx ON clinic.patients (preferred_doctor_id);
CREATE INDEX IF NOT EXISTS staff_clinic_id_idx ON clinic.staff (clinic_id);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_doctors_updated_at' AND tgrelid = 'clinic.doctors'::regclass) THEN
    CREATE TRIGGER update_doctors_updated_at
      BEFORE UPDATE ON clinic.doctors
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_patients_updated_at' AND tgrelid = 'clinic.patients'::regclass) THEN
    CREATE TRIGGER update_patients_updated_at
      BEFORE UPDATE ON clinic.patients
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_staff_updated_at' AND tgrelid = 'clinic.staff'::regclass) THEN
    CREATE TRIGGER update_staff_updated_at
      BEFORE UPDATE ON clinic.staff
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
END
$$;

-- 003 — clinics and the people who sign in.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'user_role' AND typnamespace = 'clinic'::regnamespace) THEN
    CREATE TYPE clinic.user_role AS ENUM ('admin', 'doctor', 'nurse', 'receptionist', 'patient');
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS clinic.clinics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  registration_number text NOT NULL UNIQUE,
  timezone text NOT NULL DEFAULT 'UTC',
  address text,
  phone text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.clinics IS 'A clinic (tenant); every clinical row belongs to one.';

CREATE TABLE IF NOT EXISTS clinic.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE,
  full_name text NOT NULL,
  role clinic.user_role NOT NULL DEFAULT 'patient',
  phone text,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_lowercase CHECK (email = lower(email))
);

COMMENT ON TABLE clinic.users IS 'Anyone who signs in: staff, doctors and patients.';
COMMENT ON COLUMN clinic.users.role IS 'What the user may do; patients see only their own records.';

CREATE INDEX IF NOT EXISTS users_clinic_id_idx ON clinic.users (clinic_id);

CREATE OR REPLACE TRIGGER update_clinics_updated_at
  BEFORE UPDATE ON clinic.clinics
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE OR REPLACE TRIGGER update_users_updated_at
  BEFORE UPDATE ON clinic.users
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

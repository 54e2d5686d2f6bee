-- 005 — appointments, bookable slots and the waiting-room queue.
-- Overlap prevention is a btree_gist exclusion constraint (extension in 001):
-- a doctor cannot have two live appointments whose times overlap.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'appointment_status' AND typnamespace = 'clinic'::regnamespace) THEN
    CREATE TYPE clinic.appointment_status AS ENUM ('scheduled', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show');
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS clinic.appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE CASCADE,
  doctor_id uuid NOT NULL REFERENCES clinic.doctors (id) ON DELETE RESTRICT,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- Immutable expression: timestamptz minus timestamptz is an interval.
  duration_minutes integer GENERATED ALWAYS AS ((extract(epoch FROM (ends_at - starts_at)) / 60)::integer) STORED,
  status clinic.appointment_status NOT NULL DEFAULT 'scheduled',
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT appointments_time_order CHECK (ends_at > starts_at),
  CONSTRAINT prevent_appointment_overlap EXCLUDE USING gist (
    doctor_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status <> 'cancelled')
);

COMMENT ON TABLE clinic.appointments IS 'A patient''s visit to a doctor; overlapping live appointments per doctor are rejected.';

CREATE TABLE IF NOT EXISTS booking.appointment_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  doctor_id uuid NOT NULL REFERENCES clinic.doctors (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  is_booked boolean NOT NULL DEFAULT false,
  appointment_id uuid REFERENCES clinic.appointments (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT appointment_slots_time_order CHECK (ends_at > starts_at),
  CONSTRAINT appointment_slots_unique_start UNIQUE (doctor_id, starts_at)
);

COMMENT ON TABLE booking.appointment_slots IS 'Slots a doctor offers for booking; a booked slot points at its appointment.';

CREATE TABLE IF NOT EXISTS booking.queue_management (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL UNIQUE REFERENCES clinic.appointments (id) ON DELETE CASCADE,
  queue_number integer NOT NULL CHECK (queue_number > 0),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'in_consultation', 'done', 'left')),
  checked_in_at timestamptz NOT NULL DEFAULT now(),
  called_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE booking.queue_management IS 'The waiting-room queue: one entry per checked-in appointment.';

CREATE INDEX IF NOT EXISTS appointments_clinic_id_idx ON clinic.appointments (clinic_id);
CREATE INDEX IF NOT EXISTS appointments_patient_id_idx ON clinic.appointments (patient_id);
CREATE INDEX IF NOT EXISTS appointments_doctor_id_starts_at_idx ON clinic.appointments (doctor_id, starts_at);
CREATE INDEX IF NOT EXISTS appointment_slots_clinic_id_idx ON booking.appointment_slots (clinic_id);
CREATE INDEX IF NOT EXISTS appointment_slots_appointment_id_idx ON booking.appointment_slots (appointment_id);
CREATE INDEX IF NOT EXISTS appointment_slots_open_idx ON booking.appointment_slots (doctor_id, starts_at) WHERE NOT is_booked;
CREATE INDEX IF NOT EXISTS queue_management_clinic_id_idx ON booking.queue_management (clinic_id);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_appointments_updated_at' AND tgrelid = 'clinic.appointments'::regclass) THEN
    CREATE TRIGGER update_appointments_updated_at
      BEFORE UPDATE ON clinic.appointments
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_appointment_slots_updated_at' AND tgrelid = 'booking.appointment_slots'::regclass) THEN
    CREATE TRIGGER update_appointment_slots_updated_at
      BEFORE UPDATE ON booking.appointment_slots
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_queue_management_updated_at' AND tgrelid = 'booking.queue_management'::regclass) THEN
    CREATE TRIGGER update_queue_management_updated_at
      BEFORE UPDATE ON booking.queue_management
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
END
$$;

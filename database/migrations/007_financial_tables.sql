-- 007 — payments and insurance claims.

CREATE TABLE IF NOT EXISTS clinic.payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE RESTRICT,
  appointment_id uuid REFERENCES clinic.appointments (id) ON DELETE SET NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  currency char(3) NOT NULL DEFAULT 'USD',
  method text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'insurance')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'refunded', 'failed')),
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.payments IS 'Money received from patients, in minor units (cents).';

CREATE TABLE IF NOT EXISTS clinic.insurance_claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE RESTRICT,
  payment_id uuid REFERENCES clinic.payments (id) ON DELETE SET NULL,
  insurer text NOT NULL,
  policy_number text NOT NULL,
  claimed_cents bigint NOT NULL CHECK (claimed_cents >= 0),
  approved_cents bigint CHECK (approved_cents >= 0),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected', 'paid')),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.insurance_claims IS 'Claims sent to insurers for a patient''s treatment.';

CREATE INDEX IF NOT EXISTS payments_clinic_id_idx ON clinic.payments (clinic_id);
CREATE INDEX IF NOT EXISTS payments_patient_id_idx ON clinic.payments (patient_id);
CREATE INDEX IF NOT EXISTS payments_appointment_id_idx ON clinic.payments (appointment_id);
CREATE INDEX IF NOT EXISTS insurance_claims_clinic_id_idx ON clinic.insurance_claims (clinic_id);
CREATE INDEX IF NOT EXISTS insurance_claims_patient_id_idx ON clinic.insurance_claims (patient_id);
CREATE INDEX IF NOT EXISTS insurance_claims_payment_id_idx ON clinic.insurance_claims (payment_id);

DROP TRIGGER IF EXISTS update_payments_updated_at ON clinic.payments;
CREATE TRIGGER update_payments_updated_at
  BEFORE UPDATE ON clinic.payments
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

DROP TRIGGER IF EXISTS update_insurance_claims_updated_at ON clinic.insurance_claims;
CREATE TRIGGER update_insurance_claims_updated_at
  BEFORE UPDATE ON clinic.insurance_claims
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

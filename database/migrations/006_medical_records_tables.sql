-- 006 — medical records, prescriptions, results and vaccinations.

CREATE TABLE IF NOT EXISTS clinic.medical_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE CASCADE,
  doctor_id uuid REFERENCES clinic.doctors (id) ON DELETE SET NULL,
  appointment_id uuid REFERENCES clinic.appointments (id) ON DELETE SET NULL,
  diagnosis text,
  notes text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.medical_records IS 'A consultation''s clinical notes and diagnosis.';

CREATE TABLE IF NOT EXISTS clinic.prescriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  medical_record_id uuid NOT NULL REFERENCES clinic.medical_records (id) ON DELETE CASCADE,
  prescribed_by uuid NOT NULL REFERENCES clinic.doctors (id) ON DELETE RESTRICT,
  issued_at timestamptz NOT NULL DEFAULT now(),
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.prescriptions IS 'A prescription issued during a consultation.';

CREATE TABLE IF NOT EXISTS clinic.prescription_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prescription_id uuid NOT NULL REFERENCES clinic.prescriptions (id) ON DELETE CASCADE,
  medication text NOT NULL,
  dosage text NOT NULL,
  frequency text NOT NULL,
  duration_days integer CHECK (duration_days > 0),
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.prescription_items IS 'One medication line of a prescription.';

CREATE TABLE IF NOT EXISTS clinic.lab_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE CASCADE,
  medical_record_id uuid REFERENCES clinic.medical_records (id) ON DELETE SET NULL,
  test_name text NOT NULL,
  result_value text,
  unit text,
  reference_range text,
  collected_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.lab_results IS 'Laboratory test results for a patient.';

CREATE TABLE IF NOT EXISTS clinic.imaging_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE CASCADE,
  medical_record_id uuid REFERENCES clinic.medical_records (id) ON DELETE SET NULL,
  modality text NOT NULL CHECK (modality IN ('xray', 'ultrasound', 'ct', 'mri', 'other')),
  findings text,
  image_url text,
  taken_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.imaging_results IS 'Imaging studies (X-ray, ultrasound, CT, MRI) and their findings.';

CREATE TABLE IF NOT EXISTS clinic.vaccination_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES clinic.patients (id) ON DELETE CASCADE,
  vaccine text NOT NULL,
  dose_number integer NOT NULL DEFAULT 1 CHECK (dose_number > 0),
  administered_at timestamptz NOT NULL,
  administered_by uuid REFERENCES clinic.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.vaccination_records IS 'Vaccines given to a patient, one row per dose.';

CREATE INDEX IF NOT EXISTS medical_records_clinic_id_idx ON clinic.medical_records (clinic_id);
CREATE INDEX IF NOT EXISTS medical_records_patient_id_idx ON clinic.medical_records (patient_id);
CREATE INDEX IF NOT EXISTS medical_records_doctor_id_idx ON clinic.medical_records (doctor_id);
CREATE INDEX IF NOT EXISTS medical_records_appointment_id_idx ON clinic.medical_records (appointment_id);
CREATE INDEX IF NOT EXISTS prescriptions_clinic_id_idx ON clinic.prescriptions (clinic_id);
CREATE INDEX IF NOT EXISTS prescriptions_medical_record_id_idx ON clinic.prescriptions (medical_record_id);
CREATE INDEX IF NOT EXISTS prescriptions_prescribed_by_idx ON clinic.prescriptions (prescribed_by);
CREATE INDEX IF NOT EXISTS prescription_items_prescription_id_idx ON clinic.prescription_items (prescription_id);
CREATE INDEX IF NOT EXISTS lab_results_clinic_id_idx ON clinic.lab_results (clinic_id);
CREATE INDEX IF NOT EXISTS lab_results_patient_id_idx ON clinic.lab_results (patient_id);
CREATE INDEX IF NOT EXISTS lab_results_medical_record_id_idx ON clinic.lab_results (medical_record_id);
CREATE INDEX IF NOT EXISTS imaging_results_clinic_id_idx ON clinic.imaging_results (clinic_id);
CREATE INDEX IF NOT EXISTS imaging_results_patient_id_idx ON clinic.imaging_results (patient_id);
CREATE INDEX IF NOT EXISTS imaging_results_medical_record_id_idx ON clinic.imaging_results (medical_record_id);
CREATE INDEX IF NOT EXISTS vaccination_records_clinic_id_idx ON clinic.vaccination_records (clinic_id);
CREATE INDEX IF NOT EXISTS vaccination_records_patient_id_idx ON clinic.vaccination_records (patient_id);
CREATE INDEX IF NOT EXISTS vaccination_records_administered_by_idx ON clinic.vaccination_records (administered_by);

CREATE OR REPLACE TRIGGER update_medical_records_updated_at
  BEFORE UPDATE ON clinic.medical_records
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_prescriptions_updated_at
  BEFORE UPDATE ON clinic.prescriptions
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_prescription_items_updated_at
  BEFORE UPDATE ON clinic.prescription_items
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_lab_results_updated_at
  BEFORE UPDATE ON clinic.lab_results
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_imaging_results_updated_at
  BEFORE UPDATE ON clinic.imaging_results
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_vaccination_records_updated_at
  BEFORE UPDATE ON clinic.vaccination_records
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

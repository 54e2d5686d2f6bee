-- System seed: reference data every environment needs (settings and feature
-- flags). Safe everywhere: idempotent through ON CONFLICT, no personal data,
-- no environment-specific values.

INSERT INTO clinic.system_settings (key, value, description) VALUES
  ('appointment.default_duration_minutes', '15'::jsonb, 'Length of a new appointment unless the doctor sets another.'),
  ('appointment.reminder_hours_before', '24'::jsonb, 'When the SMS/WhatsApp reminder goes out.'),
  ('queue.max_waiting', '50'::jsonb, 'Queue entries a clinic may hold at once.'),
  ('records.retention_years', '10'::jsonb, 'How long medical records are kept.')
ON CONFLICT (key) DO UPDATE
  SET value = EXCLUDED.value, description = EXCLUDED.description;

INSERT INTO clinic.feature_flags (key, enabled, description) VALUES
  ('telemedicine', true, 'Video consultations.'),
  ('whatsapp_reminders', false, 'Appointment reminders over WhatsApp.'),
  ('online_payments', false, 'Card payments in the patient portal.'),
  ('insurance_claims', true, 'Electronic insurance claims.')
ON CONFLICT (key) DO NOTHING;

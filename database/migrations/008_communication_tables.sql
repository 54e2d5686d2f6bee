-- 008 — notifications and outbound messages (SMS, WhatsApp, email).

CREATE TABLE IF NOT EXISTS clinic.notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES clinic.users (id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.notifications IS 'In-app notifications for a user.';

CREATE TABLE IF NOT EXISTS clinic.sms_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid REFERENCES clinic.patients (id) ON DELETE SET NULL,
  to_number text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  provider_message_id text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.sms_messages IS 'SMS messages sent to patients (reminders, results ready).';

CREATE TABLE IF NOT EXISTS clinic.whatsapp_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  patient_id uuid REFERENCES clinic.patients (id) ON DELETE SET NULL,
  to_number text NOT NULL,
  template_name text NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.whatsapp_messages IS 'WhatsApp template messages sent to patients.';

CREATE TABLE IF NOT EXISTS clinic.email_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  user_id uuid REFERENCES clinic.users (id) ON DELETE SET NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_html text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'bounced', 'failed')),
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.email_messages IS 'Emails sent to users.';

CREATE INDEX IF NOT EXISTS notifications_clinic_id_idx ON clinic.notifications (clinic_id);
CREATE INDEX IF NOT EXISTS notifications_user_id_idx ON clinic.notifications (user_id);
CREATE INDEX IF NOT EXISTS sms_messages_clinic_id_idx ON clinic.sms_messages (clinic_id);
CREATE INDEX IF NOT EXISTS sms_messages_patient_id_idx ON clinic.sms_messages (patient_id);
CREATE INDEX IF NOT EXISTS whatsapp_messages_clinic_id_idx ON clinic.whatsapp_messages (clinic_id);
CREATE INDEX IF NOT EXISTS whatsapp_messages_patient_id_idx ON clinic.whatsapp_messages (patient_id);
CREATE INDEX IF NOT EXISTS email_messages_clinic_id_idx ON clinic.email_messages (clinic_id);
CREATE INDEX IF NOT EXISTS email_messages_user_id_idx ON clinic.email_messages (user_id);

DO $$
BEGIN
  CREATE TRIGGER update_notifications_updated_at
    BEFORE UPDATE ON clinic.notifications
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;

DO $$
BEGIN
  CREATE TRIGGER update_sms_messages_updated_at
    BEFORE UPDATE ON clinic.sms_messages
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;

DO $$
BEGIN
  CREATE TRIGGER update_whatsapp_messages_updated_at
    BEFORE UPDATE ON clinic.whatsapp_messages
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;

DO $$
BEGIN
  CREATE TRIGGER update_email_messages_updated_at
    BEFORE UPDATE ON clinic.email_messages
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;

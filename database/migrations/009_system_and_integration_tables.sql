-- 009 — telemedicine, settings, feature flags and webhooks.
-- The updated_at triggers are guarded (the original 009 was not, and failed on re-run).

CREATE TABLE IF NOT EXISTS clinic.telemedicine_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL UNIQUE REFERENCES clinic.appointments (id) ON DELETE CASCADE,
  room_url text NOT NULL,
  started_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT telemedicine_sessions_time_order CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at)
);

COMMENT ON TABLE clinic.telemedicine_sessions IS 'Video consultations linked to an appointment.';

CREATE TABLE IF NOT EXISTS clinic.system_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.system_settings IS 'Application-wide settings, loaded by the system seed.';

CREATE TABLE IF NOT EXISTS clinic.feature_flags (
  key text PRIMARY KEY,
  enabled boolean NOT NULL DEFAULT false,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE clinic.feature_flags IS 'Feature switches, loaded by the system seed.';

CREATE TABLE IF NOT EXISTS webhook.integration_webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinic.clinics (id) ON DELETE CASCADE,
  target_url text NOT NULL,
  event_types text[] NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE webhook.integration_webhooks IS 'Endpoints a clinic registered to receive events.';

CREATE TABLE IF NOT EXISTS webhook.webhook_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES webhook.integration_webhooks (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE webhook.webhook_events IS 'Events queued for delivery to a webhook.';

CREATE TABLE IF NOT EXISTS webhook.webhook_logs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES webhook.webhook_events (id) ON DELETE CASCADE,
  attempt integer NOT NULL DEFAULT 1,
  response_status integer,
  response_body text,
  delivered_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE webhook.webhook_logs IS 'One row per delivery attempt of a webhook event.';

CREATE INDEX IF NOT EXISTS telemedicine_sessions_clinic_id_idx ON clinic.telemedicine_sessions (clinic_id);
CREATE INDEX IF NOT EXISTS integration_webhooks_clinic_id_idx ON webhook.integration_webhooks (clinic_id);
CREATE INDEX IF NOT EXISTS webhook_events_webhook_id_idx ON webhook.webhook_events (webhook_id);
CREATE INDEX IF NOT EXISTS webhook_logs_event_id_idx ON webhook.webhook_logs (event_id);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_telemedicine_sessions_updated_at' AND tgrelid = 'clinic.telemedicine_sessions'::regclass) THEN
    CREATE TRIGGER update_telemedicine_sessions_updated_at
      BEFORE UPDATE ON clinic.telemedicine_sessions
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_system_settings_updated_at' AND tgrelid = 'clinic.system_settings'::regclass) THEN
    CREATE TRIGGER update_system_settings_updated_at
      BEFORE UPDATE ON clinic.system_settings
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_feature_flags_updated_at' AND tgrelid = 'clinic.feature_flags'::regclass) THEN
    CREATE TRIGGER update_feature_flags_updated_at
      BEFORE UPDATE ON clinic.feature_flags
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'update_integration_webhooks_updated_at' AND tgrelid = 'webhook.integration_webhooks'::regclass) THEN
    CREATE TRIGGER update_integration_webhooks_updated_at
      BEFORE UPDATE ON webhook.integration_webhooks
      FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
  END IF;
END
$$;

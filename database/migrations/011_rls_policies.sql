-- 011 — row level security on every table, and its policies.
-- Policies are created through public.create_policy_if_not_exists (a FUNCTION:
-- called with SELECT, never CALL), which checks pg_policies first, so this
-- file re-runs cleanly. Requests carry app.current_clinic_id and
-- app.current_user_id; clinic.current_clinic_id() reads the first.

ALTER TABLE clinic.clinics ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.doctors ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.appointments ENABLE ROW LEVEL SECURITY;
ALTER TABLE booking.appointment_slots ENABLE ROW LEVEL SECURITY;
ALTER TABLE booking.queue_management ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.medical_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.prescriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.lab_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.imaging_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.vaccination_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.insurance_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.sms_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.whatsapp_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.email_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.telemedicine_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.prescription_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.system_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook.integration_webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook.webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook.webhook_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.audit_logs ENABLE ROW LEVEL SECURITY;

-- A clinic sees itself; staff of a clinic see that clinic's rows.
SELECT public.create_policy_if_not_exists('clinics_select_own', 'clinic.clinics', 'SELECT', 'id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('users_clinic_isolation', 'clinic.users', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('doctors_clinic_isolation', 'clinic.doctors', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('patients_clinic_isolation', 'clinic.patients', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('staff_clinic_isolation', 'clinic.staff', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('appointments_clinic_isolation', 'clinic.appointments', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('appointment_slots_clinic_isolation', 'booking.appointment_slots', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('queue_management_clinic_isolation', 'booking.queue_management', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('medical_records_clinic_isolation', 'clinic.medical_records', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('prescriptions_clinic_isolation', 'clinic.prescriptions', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('lab_results_clinic_isolation', 'clinic.lab_results', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('imaging_results_clinic_isolation', 'clinic.imaging_results', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('vaccination_records_clinic_isolation', 'clinic.vaccination_records', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('payments_clinic_isolation', 'clinic.payments', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('insurance_claims_clinic_isolation', 'clinic.insurance_claims', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('notifications_clinic_isolation', 'clinic.notifications', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('sms_messages_clinic_isolation', 'clinic.sms_messages', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('whatsapp_messages_clinic_isolation', 'clinic.whatsapp_messages', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('email_messages_clinic_isolation', 'clinic.email_messages', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('telemedicine_sessions_clinic_isolation', 'clinic.telemedicine_sessions', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');

-- Patients who sign in read only their own patient row and appointments.
SELECT public.create_policy_if_not_exists('patients_select_self', 'clinic.patients', 'SELECT', 'user_id = clinic.current_user_id()');
SELECT public.create_policy_if_not_exists('appointments_select_own', 'clinic.appointments', 'SELECT', 'patient_id IN (SELECT p.id FROM clinic.patients p WHERE p.user_id = clinic.current_user_id())');

-- Prescription items follow their prescription's clinic.
SELECT public.create_policy_if_not_exists('prescription_items_clinic_isolation', 'clinic.prescription_items', 'ALL', 'prescription_id IN (SELECT p.id FROM clinic.prescriptions p WHERE p.clinic_id = clinic.current_clinic_id())');

-- Settings and flags are readable by every signed-in user; only service_role writes them.
SELECT public.create_policy_if_not_exists('system_settings_read', 'clinic.system_settings', 'SELECT', 'true');
SELECT public.create_policy_if_not_exists('feature_flags_read', 'clinic.feature_flags', 'SELECT', 'true');

-- Webhooks: a clinic manages its own endpoints; events and logs are service_role only.
SELECT public.create_policy_if_not_exists('integration_webhooks_clinic_isolation', 'webhook.integration_webhooks', 'ALL', 'clinic_id = clinic.current_clinic_id()', 'clinic_id = clinic.current_clinic_id()');
SELECT public.create_policy_if_not_exists('webhook_events_service', 'webhook.webhook_events', 'ALL', 'true', 'true', 'service_role');
SELECT public.create_policy_if_not_exists('webhook_logs_service', 'webhook.webhook_logs', 'ALL', 'true', 'true', 'service_role');

-- The audit trail is read by service_role only; rows arrive through audit.log_change().
SELECT public.create_policy_if_not_exists('audit_logs_service_read', 'audit.audit_logs', 'SELECT', 'true', NULL, 'service_role');

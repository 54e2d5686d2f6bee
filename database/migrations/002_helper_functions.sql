-- 002 — helper functions shared by later migrations.

-- Keeps updated_at current on every UPDATE.
CREATE OR REPLACE FUNCTION public.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.update_updated_at_column() IS 'Trigger function: sets updated_at to now() before an UPDATE.';

-- Postgres has no CREATE POLICY IF NOT EXISTS: this FUNCTION (call it with
-- SELECT, never CALL) creates a policy only when pg_policies lacks it.
CREATE OR REPLACE FUNCTION public.create_policy_if_not_exists(
  p_policy_name text,
  p_table_name text,
  p_command text,
  p_using text,
  p_with_check text DEFAULT NULL,
  p_roles text DEFAULT 'authenticated'
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  v_schema text := split_part(p_table_name, '.', 1);
  v_table text := split_part(p_table_name, '.', 2);
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_policies
    WHERE schemaname = v_schema AND tablename = v_table AND policyname = p_policy_name
  ) THEN
    EXECUTE format(
      'CREATE POLICY %I ON %I.%I FOR %s TO %s USING (%s)%s',
      p_policy_name, v_schema, v_table, p_command, p_roles, p_using,
      CASE WHEN p_with_check IS NULL THEN '' ELSE format(' WITH CHECK (%s)', p_with_check) END
    );
  END IF;
END;
$$;

COMMENT ON FUNCTION public.create_policy_if_not_exists(text, text, text, text, text, text) IS 'Creates a row level security policy unless one of that name exists on the table.';

-- The clinic of the current request, set by the API as app.current_clinic_id.
CREATE OR REPLACE FUNCTION clinic.current_clinic_id()
RETURNS uuid
LANGUAGE sql
STABLE
AS $$
  SELECT nullif(current_setting('app.current_clinic_id', true), '')::uuid
$$;

-- The signed-in user of the current request, set by the API as app.current_user_id.
CREATE OR REPLACE FUNCTION clinic.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
AS $$
  SELECT nullif(current_setting('app.current_user_id', true), '')::uuid
$$;

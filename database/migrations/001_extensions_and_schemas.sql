-- 001 — extensions, roles and schemas.
-- Re-runnable: every statement is guarded (IF NOT EXISTS or a catalog check).

CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Supabase provides these roles; plain Postgres (CI, local replay) does not.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN BYPASSRLS;
  END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS clinic;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS booking;
CREATE SCHEMA IF NOT EXISTS webhook;

COMMENT ON SCHEMA clinic IS 'Core domain: clinics, people, appointments, medical records, payments and messages.';
COMMENT ON SCHEMA audit IS 'Append-only audit trail, written by triggers; security-sensitive.';
COMMENT ON SCHEMA booking IS 'Bookable appointment slots and the waiting-room queue.';
COMMENT ON SCHEMA webhook IS 'Outbound integration webhooks, their events and delivery logs.';

/**
 * How pgscribe reads each real migration set in ../shared/corpus: its globs,
 * order, placeholders and replay settings. Shared by the corpus tests and the
 * benchmark.
 */

export const corpusConfigs = {
  basejump: {
    migrations: ['supabase/migrations/*.sql'],
    seeds: ['supabase/seed.sql'],
    externalSchemas: ['auth', 'storage', 'extensions'],
    replay: { shim: 'supabase', searchPath: ['public', 'extensions'] },
  },
  'supabase-storage': {
    migrations: ['migrations/tenant/*.sql'],
    seeds: [],
    externalSchemas: ['auth', 'extensions'],
    replay: { shim: 'supabase', searchPath: ['storage', 'public', 'extensions'] },
  },
  'graphile-starter': {
    migrations: ['@app/db/migrations/**/*.sql'],
    seeds: [],
    order: ['@app/db/migrations/afterReset.sql', '@app/db/migrations/committed/000001.sql', '@app/db/migrations/current/1-current.sql'],
    variables: { DATABASE_OWNER: 'postgres', DATABASE_NAME: 'postgres', DATABASE_AUTHENTICATOR: 'app_authenticator', DATABASE_VISITOR: 'app_visitor' },
    replay: {
      setup: "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_authenticator') THEN CREATE ROLE app_authenticator; END IF; IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_visitor') THEN CREATE ROLE app_visitor; END IF; END $$;",
    },
  },
  pagila: { migrations: ['*.sql'], seeds: [], order: 'lexical' },
};

/** The long histories (issue 16): each set's runner layout, as its SOURCE.txt suggests. */
export const longHistories = {
  civitai: {
    migrations: ['packages/civitai-db-schema/prisma/migrations/*/migration.sql', 'packages/civitai-db-schema/prisma/programmability/*.sql'],
    seeds: [],
    order: 'lexical',
    exposedSchemas: [],
  },
  harness: {
    migrations: ['app/store/database/migrate/postgres/*[._]up.sql'],
    seeds: [],
    order: 'numeric',
    exposedSchemas: [],
    replay: { setup: "create table if not exists migrations (version text not null); insert into migrations values ('');" },
  },
  hatchet: {
    migrations: ['cmd/hatchet-migrate/migrate/migrations/*.sql'],
    seeds: [],
    order: 'numeric',
    format: 'goose',
    exposedSchemas: [],
    externalSchemas: ['outbox'],
  },
};

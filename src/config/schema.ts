/**
 * The `pgscribe.config.json` schema: every key, its type and its default.
 *
 * A repository with `database/migrations` and `database/seeds` needs no config
 * at all. Unknown keys are errors (a typo must not be silently ignored).
 */

import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warn', 'off']);
export type Severity = z.infer<typeof severitySchema>;

export const targetSchema = z.strictObject({
  /** Markdown file, relative to the root. */
  file: z.string().min(1),
  /** Marker name: `<!-- pgscribe:begin NAME -->`. */
  section: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case section name'),
  /** Handlebars template: a path relative to the root, or the name of a built-in template. */
  template: z.string().min(1),
});
export type Target = z.infer<typeof targetSchema>;

export const defaultTargets: Target[] = [
  { file: 'README.md', section: 'database-and-seeds', template: 'readme-database-and-seeds.hbs' },
  { file: 'AGENT.md', section: 'database-guardrails', template: 'agent-database-guardrails.hbs' },
  {
    file: 'Project_Architecture_Document.md',
    section: 'database-architecture',
    template: 'architecture-database.hbs',
  },
];

const identifier = z.string().min(1);

export const replaySchema = z.strictObject({
  /** Roles and schemas a platform provides before the first migration. */
  shim: z.enum(['supabase', 'none']).default('none'),
  /** SQL run before the first migration (roles, schemas, settings). */
  setup: z.string().optional(),
  /** search_path for every migration and seed. */
  searchPath: z.array(identifier).optional(),
  /** Extensions to create before the first migration. */
  extensions: z.array(identifier).default([]),
});

export const configSchema = z.strictObject({
  /** Globs of migration files, relative to the root. */
  migrations: z.array(z.string().min(1)).default(['database/migrations/*.sql']),
  /** Globs of seed files. */
  seeds: z.array(z.string().min(1)).default(['database/seeds/*.sql']),
  /** Globs (matched against the seed's path) of dev/test-only seeds. */
  devSeeds: z.array(z.string().min(1)).default(['**/*dev*', '**/*demo*', '**/*test*', '**/*sample*']),
  /** The setting a dev seed's guard must check. */
  environmentSetting: z.string().min(1).default('app.environment'),
  /** Values of that setting under which dev seeds may run. */
  allowedEnvironments: z.array(z.string().min(1)).min(1).default(['development', 'test']),
  /** Schemas exposed to clients, whose tables must have RLS. */
  exposedSchemas: z.array(identifier).default(['public']),
  /** The partitioned audit table, `schema.table`. */
  auditTable: z.string().regex(/^[^.]+\.[^.]+$/, 'schema.table').default('audit.audit_logs'),
  /** How many days ahead the audit table's partitions must reach. */
  partitionHorizonDays: z.number().int().min(0).default(30),
  /** Generated Markdown sections. */
  targets: z.array(targetSchema).default(defaultTargets),
  /** How many of the latest migrations the README lists; the full list is in the reference (`migrations.md`). */
  readmeMigrations: z.number().int().min(0).default(15),
  /** Where the reference pages are written. */
  referenceDir: z.string().min(1).default('docs/database'),
  /** Severity per rule id. */
  rules: z.record(z.string(), severitySchema).default({}),
  /** Which part of a migration file is the migration: all of it, or goose's / dbmate's Up section. */
  format: z.enum(['plain', 'goose', 'dbmate']).default('plain'),
  /** Migration order: by numeric prefix, by version (diesel, Prisma, sqlx), lexically, or an explicit list of files. */
  order: z.union([z.enum(['numeric', 'lexical', 'version']), z.array(z.string().min(1)).min(1)]).default('numeric'),
  /** Placeholders replaced before parsing, e.g. `{"DATABASE_OWNER": "postgres"}` for `:DATABASE_OWNER`. */
  variables: z.record(z.string().regex(/^:?[A-Za-z_][A-Za-z0-9_]*$/, 'a placeholder name'), z.string()).default({}),
  /** How `variables` are written in the SQL: psql's `:NAME` (default) or Go templates' `{{ .Name }}`. */
  placeholders: z.enum(['psql', 'go-template']).default('psql'),
  /** Schemas that exist outside the migrations (e.g. Supabase's auth, storage). */
  externalSchemas: z.array(identifier).default([]),
  /** The migration lock file. */
  lockFile: z.string().min(1).default('database/migrations.lock'),
  /** The major version of the Postgres the migrations run on: what `fix` may write (CREATE OR REPLACE TRIGGER needs 14). */
  serverVersion: z.number().int().min(9).max(99).default(15),
  /** Base URL of the rule pages, for SARIF `helpUri` and links printed outside the project (a rule's page is BASE + id + `.md`). */
  docsBaseUrl: z.string().url().optional(),
  /** Settings for `verify` and `db`. */
  replay: replaySchema.default({ shim: 'none', extensions: [] }),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Human descriptions of each key, for `init` and the generated config reference. */
export const configKeyDocs: Record<keyof Config, string> = {
  migrations: 'Globs of migration files, relative to the root.',
  seeds: 'Globs of seed files.',
  devSeeds: 'Globs of seeds that are dev/test-only (they must carry an environment guard).',
  environmentSetting: 'The setting a dev seed guard checks (`current_setting(...)`).',
  allowedEnvironments: 'Values of that setting under which dev seeds may run.',
  exposedSchemas: 'Schemas exposed to clients; their tables must have row level security.',
  auditTable: 'The partitioned audit table, `schema.table`.',
  partitionHorizonDays: 'Days ahead of today that the audit partitions must cover.',
  targets: 'Generated Markdown sections: `{file, section, template}`.',
  referenceDir: 'Directory of the generated reference pages.',
  readmeMigrations: 'How many of the latest migrations the README lists (the full list is `migrations.md` in the reference).',
  rules: 'Severity per rule id: `"error"`, `"warn"` or `"off"`.',
  format: 'Which part of a migration file runs: `"plain"` (all of it), `"goose"` (`-- +goose Up` section) or `"dbmate"` (`-- migrate:up` section).',
  order: 'Migration order: `"numeric"` prefix, `"version"` (diesel/Prisma/sqlx names, the folder\'s when the file has none), `"lexical"`, or an explicit list of files.',
  variables: 'Placeholders replaced before parsing, e.g. `{"DATABASE_OWNER": "postgres"}`.',
  placeholders: 'How `variables` are written: `"psql"` (`:NAME`, `:\'NAME\'`, `:"NAME"`, also right after a `::` cast; the default) or `"go-template"` (`{{ .Name }}`, `{{ index .Options "Name" }}`).',
  externalSchemas: 'Schemas that exist outside the migrations (e.g. Supabase `auth`, `storage`).',
  lockFile: 'The migration lock file.',
  serverVersion: 'The major version of the Postgres server the migrations run on (default 15): what `fix` may write (`CREATE OR REPLACE TRIGGER` from 14; before, `DROP TRIGGER IF EXISTS` first).',
  docsBaseUrl: 'Base URL of the rule pages (SARIF `helpUri`, printed links); default: the pages in the published package.',
  replay: 'Replay settings: `shim`, `setup` SQL, `searchPath`, `extensions`.',
};

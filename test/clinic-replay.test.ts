/**
 * The clinic database applies, and applies again, on embedded Postgres
 * (PGlite): every migration twice, the system seed twice, the dev seed
 * refused under production and accepted (twice) under development.
 * `pgscribe verify` will turn this into a command; this test keeps the
 * repository's own SQL honest until then.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/project.js';
import { repoRoot } from './helpers.js';

async function apply(db: PGlite, file: string): Promise<string> {
  try {
    await db.transaction(async (tx) => {
      await tx.exec(readFileSync(path.join(repoRoot, file), 'utf8'));
    });
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('clinic database on PGlite', () => {
  it('applies twice, seeds idempotently and guards the dev seed', async () => {
    const project = await loadProject({ root: repoRoot });
    const migrations = project.model.migrations.map((m) => m.file);
    const system = project.model.seeds.filter((s) => s.class === 'system').map((s) => s.file);
    const dev = project.model.seeds.filter((s) => s.class === 'dev').map((s) => s.file);
    const db = await PGlite.create({ extensions: { pgcrypto, btree_gist } });
    try {
      for (const run of [1, 2]) {
        for (const file of migrations) expect([run, file, await apply(db, file)]).toEqual([run, file, 'ok']);
      }
      for (const run of [1, 2]) for (const file of system) expect([run, file, await apply(db, file)]).toEqual([run, file, 'ok']);
      await db.exec("SET app.environment = 'production'");
      for (const file of dev) expect(await apply(db, file)).toContain('dev seed refused');
      await db.exec("SET app.environment = 'development'");
      for (const run of [1, 2]) for (const file of dev) expect([run, file, await apply(db, file)]).toEqual([run, file, 'ok']);

      // What Postgres built matches the model's counts.
      const count = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0].n);
      expect(await count("SELECT count(*) AS n FROM pg_policies WHERE schemaname IN ('clinic','audit','booking','webhook')")).toBe(project.model.policies.length);
      expect(await count("SELECT count(*) AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname IN ('clinic','audit','booking','webhook')")).toBe(project.model.triggers.length);
      expect(await count("SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname IN ('clinic','audit','booking','webhook')")).toBe(project.model.tables.length);
      // The overlap guard works: a second live appointment for the doctor at the same time is rejected.
      const overlap = await db
        .exec(`INSERT INTO clinic.appointments (clinic_id, patient_id, doctor_id, starts_at, ends_at)
               VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000402',
                       '00000000-0000-4000-8000-000000000201', '2024-03-04 09:10:00+00', '2024-03-04 09:30:00+00')`)
        .then(() => 'inserted', (e: Error) => e.message);
      expect(overlap).toContain('prevent_appointment_overlap');
    } finally {
      await db.close();
    }
  }, 120_000);
});

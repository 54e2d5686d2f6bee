import { describe, expect, it } from 'vitest';
import { projectOf } from '../helpers.js';

const schema = `CREATE TABLE flags (key text PRIMARY KEY, enabled boolean, created_at timestamptz DEFAULT now());
CREATE TABLE people (id int PRIMARY KEY, email text, seen_at timestamptz);
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER audit_people AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION audit();`;

describe('seed analysis', () => {
  it('classifies seeds and reads targets, row counts and idempotency', async () => {
    const project = await projectOf([schema], {
      '001_system.sql': `INSERT INTO flags (key, enabled) VALUES ('a', true), ('b', false) ON CONFLICT (key) DO NOTHING;
INSERT INTO people (id, email) SELECT 1, 'x@example.com' WHERE NOT EXISTS (SELECT 1 FROM people WHERE id = 1);
INSERT INTO people (id, email) VALUES (2, 'y@example.com');`,
      '002_dev_seed.sql': 'SELECT 1;',
    });
    const [system, dev] = project.model.seeds;
    expect([system.class, dev.class]).toEqual(['system', 'dev']);
    expect(system.targets.map((t) => [t.table, t.rows ?? null, t.statements, t.onConflict, t.notExists, t.source.line])).toEqual([
      ['flags', 2, 1, true, false, 1],
      ['people', null, 2, false, false, 2],
    ]);
  });

  it('finds the leading environment guard and what it allows', async () => {
    const project = await projectOf([schema], {
      'a_dev.sql': `DO $$ BEGIN
  IF coalesce(current_setting('app.environment', true), '') NOT IN ('development', 'test') THEN
    RAISE EXCEPTION 'refused';
  END IF;
END $$;
INSERT INTO flags (key) VALUES ('x') ON CONFLICT DO NOTHING;`,
      'b_dev.sql': `DO $$ BEGIN
  IF current_setting('app.environment', true) = 'production' THEN
    RAISE WARNING 'you are in production';
  END IF;
END $$;`,
      'c_dev.sql': `INSERT INTO flags (key) VALUES ('x') ON CONFLICT DO NOTHING;
DO $$
DECLARE env text := current_setting('app.environment', true);
BEGIN
  IF env IN ('development', 'test') THEN
    NULL;
  ELSE
    RAISE EXCEPTION 'refused %', env;
  END IF;
END $$;`,
      'd_dev.sql': 'INSERT INTO flags (key) VALUES (\'x\') ON CONFLICT DO NOTHING;',
    });
    const guards = Object.fromEntries(project.model.seeds.map((s) => [s.file.replace('database/seeds/', ''), s.guard ?? null]));
    expect(guards['a_dev.sql']).toMatchObject({ setting: 'app.environment', mode: 'allow', values: ['development', 'test'], raises: true, leading: true, source: { line: 1 } });
    expect(guards['b_dev.sql']).toMatchObject({ mode: 'deny', values: ['production'], raises: false });
    expect(guards['c_dev.sql']).toMatchObject({ mode: 'allow', values: ['development', 'test'], raises: true, leading: false, source: { line: 2 } });
    expect(guards['d_dev.sql']).toBeNull();
  });

  it('reads literal and volatile timestamps, trigger toggles and DDL', async () => {
    const project = await projectOf([schema], {
      'dev_seed.sql': `ALTER TABLE people DISABLE TRIGGER ALL;
INSERT INTO people (id, email, seen_at) VALUES (1, 'a@example.com', '2024-03-01 09:00:00+00'), (2, 'b@example.com', now());
DO $$
DECLARE v_seed_ts timestamptz := '2024-05-01 00:00:00+00';
BEGIN
  INSERT INTO people (id, email, seen_at) VALUES (3, 'c@example.com', v_seed_ts) ON CONFLICT DO NOTHING;
END $$;
ALTER TABLE people ENABLE TRIGGER ALL;
CREATE TABLE scratch (id int);`,
    });
    const seed = project.model.seeds[0];
    expect(seed.timestamps.map((t) => [t.table, t.column, t.value, t.source.line])).toEqual([
      ['people', 'seen_at', '2024-03-01 09:00:00+00', 2],
      ['people', 'seen_at', '2024-05-01 00:00:00+00', 6],
    ]);
    expect(seed.volatileTimestamps.map((t) => [t.column, t.expression, t.source.line])).toEqual([['seen_at', 'now()', 2]]);
    expect(seed.triggerToggles.map((t) => [t.table, t.action, t.trigger, t.source.line])).toEqual([
      ['people', 'disable', 'ALL', 1],
      ['people', 'enable', 'ALL', 8],
    ]);
    expect(seed.ddl).toEqual([{ statement: 'Create', source: { file: 'database/seeds/dev_seed.sql', line: 9 } }]);
  });
});

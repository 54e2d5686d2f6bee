import { ruleTester } from '../rule-tester.js';

const schema = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE IF NOT EXISTS app.t (id int PRIMARY KEY, at timestamptz);';

ruleTester.run('seed-volatile-timestamp', {
  valid: [{ sql: schema, seeds: { '001_s.sql': "INSERT INTO app.t (id, at) VALUES (1, '2024-01-01 00:00:00+00') ON CONFLICT DO NOTHING;" } }],
  invalid: [
    { sql: schema, seeds: { '001_s.sql': 'INSERT INTO app.t (id, at) VALUES (1, now()) ON CONFLICT DO NOTHING;' }, errors: [{ messageId: 'volatileTimestamp', file: 'database/seeds/001_s.sql', line: 1, severity: 'warning', message: /^app\.t\.at is seeded with now\(\)/ }] },
    { name: 'after a non-ASCII line', sql: schema, seeds: { '001_s.sql': '-- heure de création ✓\nINSERT INTO app.t (id, at) VALUES (2, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING;' }, errors: [{ messageId: 'volatileTimestamp', file: 'database/seeds/001_s.sql', line: 2 }] },
    { name: 'inside a DO block', sql: schema, seeds: { '001_s.sql': 'DO $$ BEGIN\n  INSERT INTO app.t (id, at) VALUES (3, now()) ON CONFLICT DO NOTHING;\nEND $$;' }, errors: [{ messageId: 'volatileTimestamp', file: 'database/seeds/001_s.sql', line: 2 }] },
  ],
});

import { ruleTester } from '../rule-tester.js';

const sql = 'CREATE SCHEMA IF NOT EXISTS app;\n';

ruleTester.run('migration-naming', {
  valid: [
    { migrations: { '001_a.sql': sql, '002_b.sql': sql } },
    { name: 'lexical order needs no prefix', migrations: { 'a.sql': sql, 'b.sql': sql }, config: { order: 'lexical' } },
    { name: 'version order (diesel folders)', migrations: { '2022-01-01-000000_a/up.sql': sql, '2022-01-02-000000_b/up.sql': sql }, config: { migrations: ['database/migrations/*/up.sql'], order: 'version' } },
  ],
  invalid: [
    { name: 'no numeric prefix', migrations: { '001_a.sql': sql, 'init.sql': sql }, errors: [{ messageId: 'noPrefix', file: 'database/migrations/init.sql', line: 1, message: 'init.sql has no numeric prefix, so its place in the order is undefined' }] },
    { name: 'a shared prefix', migrations: { '001_a.sql': sql, '001_b.sql': sql }, errors: [{ messageId: 'samePrefix', file: 'database/migrations/001_b.sql', line: 1, message: '001_b.sql has the same order prefix (1) as 001_a.sql' }] },
    {
      name: 'a shared version between folders',
      migrations: { '2022-01-01-000000_a/up.sql': sql, '20220101000000_b/up.sql': sql },
      config: { migrations: ['database/migrations/*/up.sql'], order: 'version' },
      errors: [{ messageId: 'sameVersion', file: 'database/migrations/20220101000000_b/up.sql', line: 1, message: 'database/migrations/20220101000000_b/up.sql has the same version (20220101000000) as database/migrations/2022-01-01-000000_a/up.sql' }],
    },
  ],
});

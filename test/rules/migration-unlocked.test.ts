import { lockTextOf, ruleTester } from '../rule-tester.js';

const first = 'CREATE SCHEMA IF NOT EXISTS app;\n';

ruleTester.run('migration-unlocked', {
  valid: [{ sql: first, locked: true }],
  invalid: [
    { name: 'no lock at all', sql: [first, first], errors: [{ messageId: 'noLock', line: 1, severity: 'warning', message: 'there is no migration lock (database/migrations.lock); 2 migrations are unlocked' }] },
    { name: 'a new migration after the locked ones', sql: [first, 'CREATE SCHEMA IF NOT EXISTS more;\n'], lock: lockTextOf({ 'database/migrations/001_m.sql': first }), errors: [{ messageId: 'notLocked', file: 'database/migrations/002_m.sql', line: 1, message: 'database/migrations/002_m.sql is not in database/migrations.lock' }] },
  ],
});

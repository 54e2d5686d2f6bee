import { lockTextOf, ruleTester } from '../rule-tester.js';

const first = 'CREATE SCHEMA IF NOT EXISTS app;\n';
const lock = lockTextOf({ 'database/migrations/001_m.sql': first, 'database/migrations/002_m.sql': 'CREATE SCHEMA IF NOT EXISTS two;\n' });

ruleTester.run('migration-edited', {
  valid: [
    { sql: [first, 'CREATE SCHEMA IF NOT EXISTS two;\n'], lock },
    { name: 'the same file checked out with CRLF', sql: [first.replace(/\n/g, '\r\n'), 'CREATE SCHEMA IF NOT EXISTS two;\r\n'], lock },
  ],
  invalid: [
    { name: 'a locked file edited', sql: [first, 'CREATE SCHEMA IF NOT EXISTS two_renamed;\n'], lock, errors: [{ messageId: 'changed', file: 'database/migrations/002_m.sql', line: 1, message: /^database\/migrations\/002_m\.sql changed after it was locked/ }] },
    { name: 'a locked file deleted', sql: [first], lock, errors: [{ messageId: 'missing', file: 'database/migrations.lock', line: 2, message: 'locked migration database/migrations/002_m.sql is missing' }] },
  ],
});

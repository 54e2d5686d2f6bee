import { ruleTester } from '../rule-tester.js';

const parent = 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE app.a (id int PRIMARY KEY);\n';

ruleTester.run('unindexed-foreign-key', {
  valid: [
    `${parent}CREATE TABLE app.b (id int PRIMARY KEY, a_id int REFERENCES app.a (id));\nCREATE INDEX ON app.b (a_id);`,
    { name: 'the key leads the primary key', sql: `${parent}CREATE TABLE app.b (a_id int REFERENCES app.a (id), n int, PRIMARY KEY (a_id, n));` },
  ],
  invalid: [
    { sql: `${parent}CREATE TABLE app.b (id int PRIMARY KEY, a_id int REFERENCES app.a (id));`, errors: [{ messageId: 'noIndex', line: 3, severity: 'warning', message: 'foreign key b_a_id_fkey on app.b (a_id) has no index' }] },
    { name: 'the only index dropped later', sql: [`${parent}CREATE TABLE app.b (id int PRIMARY KEY, a_id int REFERENCES app.a (id));\nCREATE INDEX b_a ON app.b (a_id);`, 'DROP INDEX app.b_a;'], errors: [{ messageId: 'noIndex', line: 3 }] },
    { name: 'a foreign key added in a DO block', sql: `${parent}CREATE TABLE app.c (id int PRIMARY KEY, a_id int);\nDO $$ BEGIN\n  ALTER TABLE app.c ADD CONSTRAINT c_a FOREIGN KEY (a_id) REFERENCES app.a (id);\nEND $$;`, errors: [{ messageId: 'noIndex', line: 5 }] },
  ],
});

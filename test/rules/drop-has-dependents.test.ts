import { ruleTester } from '../rule-tester.js';

const orders = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, note text);\n';
const view = "CREATE VIEW open_orders AS SELECT id FROM orders WHERE status = 'open';\n";
const touch = 'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n';

ruleTester.run('drop-has-dependents', {
  valid: [
    { name: 'the view is dropped first', sql: `${orders}${view}DROP VIEW open_orders;\nALTER TABLE orders DROP COLUMN status;` },
    { name: 'CASCADE drops the view with the column', sql: `${orders}${view}ALTER TABLE orders DROP COLUMN status CASCADE;\nCREATE VIEW open_orders AS SELECT id FROM orders;` },
    { name: 'a column no view reads', sql: `${orders}${view}ALTER TABLE orders DROP COLUMN note;` },
    { name: "a table's own indexes, triggers, policies and constraints go with it", sql: `${orders}${touch}CREATE INDEX ON orders (status);\nCREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();\nCREATE POLICY p ON orders USING (status <> 'x');\nALTER TABLE orders ADD CHECK (status <> '');\nDROP TABLE orders;` },
    { name: 'a foreign key between two tables dropped together', sql: `${orders}CREATE TABLE lines (id int, order_id bigint REFERENCES orders);\nDROP TABLE orders, lines;` },
    { name: 'a self-referencing foreign key', sql: 'CREATE TABLE nodes (id int PRIMARY KEY, parent int REFERENCES nodes);\nDROP TABLE nodes;' },
    { name: 'a handler that catches the error', sql: `${orders}${view}DO $$ BEGIN\n  ALTER TABLE orders DROP COLUMN status;\nEXCEPTION WHEN dependent_objects_still_exist THEN NULL;\nEND $$;` },
    { name: 'the trigger is dropped before its function', sql: `${orders}${touch}CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();\nDROP TRIGGER t ON orders;\nDROP FUNCTION touch();` },
    { name: 'a view dropped in a later migration, after a rename', sql: [`${orders}${view}`, 'ALTER VIEW open_orders RENAME TO pending;\nDROP VIEW pending;\nALTER TABLE orders DROP COLUMN status;'] },
  ],
  invalid: [
    {
      sql: `${orders}${view}ALTER TABLE orders DROP COLUMN status;`,
      errors: [{ messageId: 'blocked', line: 3, column: 1, message: 'cannot drop column status of table public.orders because other objects depend on it: view public.open_orders (database/migrations/001_m.sql:2) depends on column status of table public.orders' }],
    },
    {
      name: 'a view renamed since: the dependent is named as it is now',
      sql: [`${orders}${view}`, 'ALTER VIEW open_orders RENAME TO pending;\nDROP TABLE orders;'],
      errors: [{ messageId: 'blocked', file: 'database/migrations/002_m.sql', line: 2, message: /cannot drop table public\.orders .*view public\.pending \(database\/migrations\/001_m\.sql:2\) depends on table public\.orders/ }],
    },
    {
      name: 'a foreign key of another table',
      sql: `${orders}CREATE TABLE lines (id int, order_id bigint REFERENCES orders);\nDROP TABLE orders;`,
      errors: [{ messageId: 'blocked', line: 3, message: /constraint lines_order_id_fkey on table public\.lines .* depends on table public\.orders/ }],
    },
    {
      name: 'the primary key a foreign key references',
      sql: `${orders}CREATE TABLE lines (id int, order_id bigint REFERENCES orders);\nALTER TABLE orders DROP CONSTRAINT orders_pkey;`,
      errors: [{ messageId: 'blocked', line: 3, message: /cannot drop constraint orders_pkey on table public\.orders/ }],
    },
    {
      name: 'a function a trigger calls, dropped in a DO block',
      sql: `${orders}${touch}CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();\nDO $$ BEGIN\n  DROP FUNCTION IF EXISTS touch();\nEND $$;`,
      errors: [{ messageId: 'blocked', line: 5, message: /cannot drop function public\.touch\(\) .*trigger t on table public\.orders/ }],
    },
    {
      name: 'a type a column has',
      sql: "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE people (id int, mood mood);\nDROP TYPE mood;",
      errors: [{ messageId: 'blocked', line: 3, message: /cannot drop type public\.mood .*column mood of table public\.people/ }],
    },
    {
      name: 'a sequence a default uses',
      sql: "CREATE SEQUENCE order_no;\nCREATE TABLE tickets (no bigint DEFAULT nextval('order_no'));\nDROP SEQUENCE order_no;",
      errors: [{ messageId: 'blocked', line: 3, message: /default value for column no of table public\.tickets/ }],
    },
    {
      name: 'a column a policy reads',
      sql: `${orders}CREATE POLICY p ON orders USING (status = 'open');\nALTER TABLE orders DROP COLUMN status;`,
      errors: [{ messageId: 'blocked', line: 3, message: /policy p on table public\.orders .* depends on column status/ }],
    },
    {
      name: 'a schema that still holds a table',
      sql: 'CREATE SCHEMA app;\nCREATE TABLE app.t (id int);\nDROP SCHEMA app;',
      errors: [{ messageId: 'blocked', line: 3, message: /cannot drop schema app .*table app\.t/ }],
    },
    {
      name: 'after a non-ASCII comment',
      sql: `${orders}${view}-- « nettoyage » ✓\nALTER TABLE orders DROP COLUMN status;`,
      errors: [{ messageId: 'blocked', line: 4, column: 1 }],
    },
  ],
});

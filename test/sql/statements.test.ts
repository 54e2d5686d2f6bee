/** Typed statement records: what the model and the rules read instead of the parser's codes. */
import { describe, expect, it } from 'vitest';
import { asKind, list } from '../../src/sql/ast.js';
import { alterTableCommands, constraintKind, createdAsKind, dropRecord, referentialAction, renameKind, triggerFiring } from '../../src/sql/statements.js';
import { parse } from '../helpers.js';

const node = async (sql: string) => (await parse(sql)).statements[0].node;

describe('typed statement records', () => {
  it('ALTER TABLE commands come as a union of actions', async () => {
    const commands = alterTableCommands(
      await node(
        'ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS b CASCADE, ALTER COLUMN c SET NOT NULL, ADD CONSTRAINT k CHECK (a > 0), DROP CONSTRAINT j, ENABLE ROW LEVEL SECURITY, DISABLE TRIGGER ALL, ENABLE REPLICA TRIGGER x, ALTER COLUMN d SET DEFAULT 1;',
      ),
    );
    expect(commands.map((c) => c.action)).toEqual([
      'add column',
      'drop column',
      'set not null',
      'add constraint',
      'drop constraint',
      'enable row level security',
      'disable trigger',
      'enable trigger',
      'set default',
    ]);
    expect(commands[0]).toMatchObject({ ifNotExists: true });
    expect(commands[1]).toEqual({ action: 'drop column', name: 'b', ifExists: true, cascade: true });
    expect(commands[4]).toEqual({ action: 'drop constraint', name: 'j', ifExists: false, cascade: false });
    expect(commands[6]).toEqual({ action: 'disable trigger', trigger: 'ALL', every: true });
    expect(commands[7]).toEqual({ action: 'enable trigger', trigger: 'x', every: false });
  });

  it('constraint kinds and foreign key actions are words', async () => {
    const create = await node('CREATE TABLE t (a int PRIMARY KEY, b int NOT NULL REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL, CHECK (a > 0));');
    const elements = list(create, 'tableElts');
    const constraintsOf = (i: number) => list(asKind(elements[i], 'ColumnDef'), 'constraints').map((c) => asKind(c, 'Constraint'));
    expect(constraintsOf(0).map(constraintKind)).toEqual(['primary key']);
    const [notNull, fk] = constraintsOf(1);
    expect([constraintKind(notNull), constraintKind(fk)]).toEqual(['not null', 'foreign key']);
    expect([referentialAction(fk, 'delete'), referentialAction(fk, 'update')]).toEqual(['cascade', 'set null']);
    expect(referentialAction(notNull, 'delete')).toBe('no action');
    expect(constraintKind(asKind(elements[2], 'Constraint'))).toBe('check');
  });

  it('trigger timing and events, in the order Postgres prints them', async () => {
    expect(triggerFiring(await node('CREATE TRIGGER x BEFORE DELETE OR INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();'))).toEqual({ timing: 'before', events: ['insert', 'delete'] });
    expect(triggerFiring(await node('CREATE TRIGGER x INSTEAD OF UPDATE ON v FOR EACH ROW EXECUTE FUNCTION f();'))).toEqual({ timing: 'instead of', events: ['update'] });
    expect(triggerFiring(await node('CREATE TRIGGER x AFTER TRUNCATE ON t EXECUTE FUNCTION f();'))).toEqual({ timing: 'after', events: ['truncate'] });
  });

  it('DROP, RENAME and CREATE … AS name their kinds', async () => {
    expect(dropRecord(await node('DROP MATERIALIZED VIEW IF EXISTS a, b CASCADE;'))).toMatchObject({ kind: 'materialized view', ifExists: true, cascade: true });
    expect(dropRecord(await node('DROP DOMAIN d;'))).toMatchObject({ kind: 'domain', ifExists: false, cascade: false });
    expect(renameKind(await node('ALTER TABLE t RENAME CONSTRAINT a TO b;'))).toBe('table constraint');
    expect(renameKind(await node('ALTER INDEX i RENAME TO j;'))).toBe('index');
    expect(createdAsKind(await node('CREATE MATERIALIZED VIEW m AS SELECT 1;'))).toBe('materialized view');
    expect(createdAsKind(await node('CREATE TABLE c AS SELECT 1;'))).toBe('table');
  });
});

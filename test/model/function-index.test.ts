/**
 * Functions are found by name through an index kept beside the catalog's map
 * (catalog.ts FunctionMap); it must follow every create, replace, rename and
 * drop, and give overloads in the order they were defined.
 */
import { describe, expect, it } from 'vitest';
import { projectOf } from '../helpers.js';

const fn = (name: string, arg: string) => `CREATE OR REPLACE FUNCTION app.${name}(x ${arg}) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;`;

describe('functions by name', () => {
  it('follows create, replace, rename and drop', async () => {
    const { catalog } = await projectOf([
      `CREATE SCHEMA app; ${fn('f', 'int')} ${fn('f', 'text')} ${fn('f', 'int')}`,
      'ALTER FUNCTION app.f(int) RENAME TO g;',
      'DROP FUNCTION app.f(text); CREATE FUNCTION app.f(x date) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;',
    ]);
    expect(catalog.findFunctions({ schema: 'app', name: 'f' }).map((f) => f.signature)).toEqual(['f(date)']);
    expect(catalog.findFunctions({ schema: 'app', name: 'g' }).map((f) => f.signature)).toEqual(['g(integer)']);
  });

  it('gives overloads in definition order and forgets a dropped schema', async () => {
    const { catalog } = await projectOf([`CREATE SCHEMA app; ${fn('h', 'text')} ${fn('h', 'int')}`]);
    expect(catalog.findFunctions({ schema: 'app', name: 'h' }).map((f) => f.signature)).toEqual(['h(text)', 'h(integer)']);
    const dropped = await projectOf([`CREATE SCHEMA app; ${fn('h', 'text')}`, 'DROP SCHEMA app CASCADE;']);
    expect(dropped.catalog.findFunctions({ schema: 'app', name: 'h' })).toEqual([]);
  });
});

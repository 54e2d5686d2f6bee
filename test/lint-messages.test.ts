/** Finding text is made in one place: a rule's template and the finding's data. */
import { describe, expect, it } from 'vitest';
import { findingOf, interpolate } from '../src/lint/messages.js';
import type { RuleMeta } from '../src/lint/types.js';

const meta: RuleMeta = {
  id: 'demo',
  defaultSeverity: 'error',
  description: 'A demo.',
  help: 'General help.',
  docs: 'docs/rules/demo.md',
  messages: { twice: '{{ statement }} fails on {{table}} again' },
  helps: { policy: 'Drop {{statement}} first.' },
  fixable: false,
};
const place = { file: 'a.sql', line: 2, column: 3, endLine: 2, endColumn: 9 };

describe('interpolate', () => {
  it('fills {{name}} (spaces allowed) from the data and leaves unknown placeholders as written', () => {
    expect(interpolate('{{ a }} and {{b}} but not {{c}}', { a: 'x', b: 2 })).toBe('x and 2 but not {{c}}');
  });

  it('does not scan substituted values again, nor read inherited keys', () => {
    expect(interpolate('{{a}} {{toString}}', { a: '{{b}}', b: 'no' })).toBe('{{b}} {{toString}}');
  });
});

describe('findingOf', () => {
  it('makes the message and help from the templates and keeps the message id', () => {
    expect(findingOf(meta, { ...place, messageId: 'twice', data: { statement: 'CREATE POLICY p', table: 't' }, helpId: 'policy' }, 'warning')).toEqual({
      rule: 'demo',
      messageId: 'twice',
      severity: 'warning',
      ...place,
      message: 'CREATE POLICY p fails on t again',
      help: 'Drop CREATE POLICY p first.',
    });
  });

  it('uses the general help without a help id', () => {
    expect(findingOf(meta, { ...place, messageId: 'twice' }, 'error').help).toBe('General help.');
  });

  it('refuses a message or help id the rule does not have (a bug in the rule, caught by its tests)', () => {
    expect(() => findingOf(meta, { ...place, messageId: 'thrice' }, 'error')).toThrow('rule demo reported an unknown message id "thrice"');
    expect(() => findingOf(meta, { ...place, messageId: 'twice', helpId: 'nope' }, 'error')).toThrow('unknown help id "nope"');
  });
});

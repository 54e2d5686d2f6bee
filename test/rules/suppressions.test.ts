import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/lint/engine.js';
import { projectOf } from '../helpers.js';

describe('suppressions', () => {
  it('suppresses the next statement or the whole file, keeps the finding with its reason, and warns on unused ones', async () => {
    const project = await projectOf([
      `-- pgscribe-ignore rerunnable-ddl -- created once by the platform, never re-run
CREATE TABLE a (id int);
CREATE TABLE b (id int);
-- pgscribe-ignore call-on-function -- nothing to suppress here
CREATE TABLE IF NOT EXISTS c (id int);
-- pgscribe-ignore no-such-rule -- typo
CREATE TABLE IF NOT EXISTS d (id int);`,
      `-- pgscribe-ignore-file rerunnable-ddl -- legacy file, fixed in 003
CREATE TABLE e (id int);
CREATE TABLE f (id int);`,
    ]);
    const findings = lintProject(project).filter((f) => f.rule === 'rerunnable-ddl' || f.rule === 'unused-suppression');
    const summary = findings.map((f) => [f.file.split('/').pop(), f.line, f.rule, f.suppressed?.reason ?? null]);
    expect(summary).toEqual([
      ['001_m.sql', 2, 'rerunnable-ddl', 'created once by the platform, never re-run'],
      ['001_m.sql', 3, 'rerunnable-ddl', null],
      ['001_m.sql', 4, 'unused-suppression', null],
      ['001_m.sql', 6, 'unused-suppression', null],
      ['002_m.sql', 2, 'rerunnable-ddl', 'legacy file, fixed in 003'],
      ['002_m.sql', 3, 'rerunnable-ddl', 'legacy file, fixed in 003'],
    ]);
    expect(findings[3].message).toBe('pgscribe-ignore names an unknown rule "no-such-rule"');
  });

  it('cannot suppress a syntax error', async () => {
    const project = await projectOf(['-- pgscribe-ignore syntax-error -- no\nCREATE TABL x;']);
    const findings = lintProject(project);
    expect(findings.find((f) => f.rule === 'syntax-error')?.suppressed).toBeUndefined();
  });

  it('takes severity from config, and "off" silences a rule', async () => {
    const sql = 'CREATE TABLE a (id int);';
    const only = (findings: ReturnType<typeof lintProject>) => findings.filter((f) => f.rule === 'rerunnable-ddl');
    const warn = only(lintProject(await projectOf([sql], {}, { rules: { 'rerunnable-ddl': 'warn' } })));
    expect(warn.map((f) => f.severity)).toEqual(['warning']);
    const off = only(lintProject(await projectOf([sql], {}, { rules: { 'rerunnable-ddl': 'off' } })));
    expect(off).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/report/findings.js';
import { githubReport, jsonReport, prettyReport, sarifReport } from '../src/report/reporters.js';
import { rules as ruleModules } from '../src/lint/registry.js';
import { SourceText } from '../src/sql/source.js';
import { repoRoot, tempProject } from './helpers.js';

const rules = ruleModules.map((r) => r.meta);

const finding: Finding = {
  rule: 'rerunnable-ddl',
  messageId: 'runsAgain',
  severity: 'error',
  file: 'db/migrations/001, first: run.sql',
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 10,
  message: 'CREATE POLICY "a, b: c" fails: 100% sure\nreally',
  help: 'Guard it.',
};

describe('reporters', () => {
  it('github: escapes commas and colons in properties, %, CR and LF in the message; 1-based', () => {
    expect(githubReport({ findings: [finding], files: 1, version: '0' })).toBe(
      '::error file=db/migrations/001%2C first%3A run.sql,line=2,col=3,endLine=2,endColumn=10,title=pgscribe rerunnable-ddl (runsAgain)::CREATE POLICY "a, b: c" fails: 100%25 sure%0Areally. Guard it.\n',
    );
  });

  it('pretty: code frame with the offending part underlined, rule, doc link and summary; no colour when off', () => {
    const source = new SourceText(finding.file, 'SELECT 1;\n  CREATE POLICY p ON t USING (true);\n');
    const out = prettyReport({ findings: [finding], files: 1, version: '0', sources: new Map([[finding.file, source]]), color: false });
    expect(out).toContain('2 |   CREATE POLICY p ON t USING (true);\n    |   ^^^^^^^\n');
    expect(out).toContain('(rerunnable-ddl)');
    expect(out).toContain('see docs/rules/rerunnable-ddl.md');
    expect(out).toMatch(/1 error, 0 warnings in 1 file\n$/);
    expect(out).not.toContain('\u001b[');
  });

  it('sarif: a 2.1.0 log with rule metadata, results pointing at rules, suppressions kept', () => {
    const log = JSON.parse(sarifReport({ findings: [finding, { ...finding, suppressed: { reason: 'legacy' } }], files: 1, version: '1.2.3' }, rules));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'pgscribe', version: '1.2.3' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules.map((r) => r.id));
    expect(run.results[0]).toMatchObject({
      ruleId: 'rerunnable-ddl',
      ruleIndex: 0,
      level: 'error',
      properties: { messageId: 'runsAgain' },
      locations: [{ physicalLocation: { artifactLocation: { uri: finding.file }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 10 } } }],
    });
    expect(run.results[1].suppressions).toEqual([{ kind: 'inSource', justification: 'legacy' }]);
  });

  it('a baseline finding keeps its message; every format shows the follow-up', () => {
    const baseline: Finding = { ...finding, severity: 'warning', message: 'CREATE TABLE a fails when this file runs again', baseline: { followUp: 'db/001.sql is locked (applied), so fix it in a new migration.' } };
    const input = { findings: [baseline], files: 1, version: '0' };
    const pretty = prettyReport(input);
    expect(pretty).toContain('warning CREATE TABLE a fails when this file runs again [baseline: locked migration] (rerunnable-ddl)');
    expect(pretty).toContain('  baseline: db/001.sql is locked (applied), so fix it in a new migration.');
    expect(githubReport(input)).toContain('::warning ');
    expect(githubReport(input)).toContain('Baseline: db/001.sql is locked (applied)');
    const result = JSON.parse(sarifReport(input, rules)).runs[0].results[0];
    expect(result).toMatchObject({ baselineState: 'unchanged', properties: { messageId: 'runsAgain', followUp: baseline.baseline!.followUp }, message: { text: baseline.message } });
  });

  it('json: each finding names its message id next to the rule id', () => {
    const [f] = JSON.parse(jsonReport({ findings: [finding], files: 1, version: '0' })).findings;
    expect(f).toMatchObject({ rule: 'rerunnable-ddl', messageId: 'runsAgain', message: finding.message });
  });
});

describe('lint exit codes', () => {
  const bin = path.join(repoRoot, 'bin', 'pgscribe.js');
  const run = (root: string, ...args: string[]) => spawnSync(process.execPath, [bin, '--root', root, 'lint', ...args], { encoding: 'utf8' });

  it('0 with only warnings, 1 with an error, 2 for a bad config', () => {
    const warnOnly = tempProject({ 'database/migrations/001.sql': 'CREATE TABLE a (id int);', 'pgscribe.config.json': '{"rules": {"rerunnable-ddl": "warn"}, "exposedSchemas": []}' });
    expect(run(warnOnly).status).toBe(0);
    const error = tempProject({ 'database/migrations/001.sql': 'CREATE TABLE a (id int);', 'pgscribe.config.json': '{"exposedSchemas": []}' });
    const failed = run(error, '--format', 'json');
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout).summary).toEqual({ errors: 1, warnings: 1, files: 1, undecided: 0 }); // the error, and migration-unlocked (no lock yet)
    const badConfig = tempProject({ 'pgscribe.config.json': '{"rules": {"rerunnable-ddl": "fatal"}}' });
    const broken = run(badConfig);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('rules.rerunnable-ddl');
  });

  it('the clinic database lints clean', () => {
    const result = run(repoRoot, '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });
});

describe('sarif validity', () => {
  it('validates against the SARIF 2.1.0 JSON schema, for the corpus findings of every kind', async () => {
    const { Validator } = await import('jsonschema');
    const { readFileSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const root = tempProject({
      'database/migrations/001.sql': 'CREATE TABLE a (id int);\nCREATE TABL b;\n-- pgscribe-ignore rls-disabled -- internal table\nCREATE TABLE IF NOT EXISTS c (id int);',
    });
    const bin = path.join(repoRoot, 'bin', 'pgscribe.js');
    const out = spawnSync(process.execPath, [bin, '--root', root, 'lint', '--format', 'sarif'], { encoding: 'utf8' });
    expect(out.status).toBe(1);
    const log = JSON.parse(out.stdout);
    const result = new Validator().validate(log, schema, { nestedErrors: true });
    expect(result.errors.map((e) => `${e.property} ${e.message}`)).toEqual([]);
    // The validator does catch a broken log.
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(new Validator().validate(broken, schema).errors.length).toBeGreaterThan(0);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['rerunnable-ddl', 'syntax-error', 'rls-disabled']));
    // A baseline finding (locked migration) is valid too.
    const locked = tempProject({ 'database/migrations/001.sql': 'CREATE TABLE a (id int);\n' });
    spawnSync(process.execPath, [bin, '--root', locked, 'lock']);
    const baselineLog = JSON.parse(spawnSync(process.execPath, [bin, '--root', locked, 'lint', '--format', 'sarif'], { encoding: 'utf8' }).stdout);
    expect(baselineLog.runs[0].results.some((r: { baselineState?: string }) => r.baselineState === 'unchanged')).toBe(true);
    expect(new Validator().validate(baselineLog, schema, { nestedErrors: true }).errors.map((e) => `${e.property} ${e.message}`)).toEqual([]);
  });
});

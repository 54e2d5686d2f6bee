/**
 * generate / check end to end, on a copy of this repository, through the
 * built binary: drift is found and explained, nothing outside markers moves,
 * bad markers stop everything before any write.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

const bin = path.join(repoRoot, 'bin', 'pgscribe.js');
const docs = ['README.md', 'AGENT.md', 'Project_Architecture_Document.md'];

function copyRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pgscribe-docs-'));
  for (const entry of ['database', 'docs', 'pgscribe.config.json', ...docs]) cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  return root;
}

function run(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--root', root, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const edit = (root: string, file: string, fn: (s: string) => string) => writeFileSync(path.join(root, file), fn(readFileSync(path.join(root, file), 'utf8')));
const addMigration = (root: string, name: string, sql: string) => writeFileSync(path.join(root, 'database/migrations', name), sql);

describe('check and generate on a copy of this repository', () => {
  it('is clean as committed, and generate twice changes nothing', () => {
    const root = copyRepo();
    expect(run(root, 'check').code).toBe(0);
    const before = snapshot(root);
    expect(run(root, 'generate').stdout).toContain('docs are up to date');
    expect(run(root, 'generate').code).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });

  it('checks clean when the three documents are checked out with CRLF', () => {
    const root = copyRepo();
    for (const file of docs) edit(root, file, (s) => s.replace(/\n/g, '\r\n'));
    expect(run(root, 'check').code).toBe(0);
    run(root, 'generate');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).not.toMatch(/[^\r]\n/);
  });

  it('a new migration adding a column: exit 1, a diff, the change named, and the fix', () => {
    const root = copyRepo();
    addMigration(root, '012_add_column.sql', 'ALTER TABLE clinic.patients ADD COLUMN IF NOT EXISTS blood_type text;\n');
    const { code, stdout } = run(root, 'check');
    expect(code).toBe(1);
    expect(stdout).toContain('+++ b/docs/database/clinic.patients.md');
    expect(stdout).toMatch(/^\+\| `blood_type` \| `text` \|/m);
    expect(stdout).toContain('column clinic.patients.blood_type added by 012_add_column.sql:1');
    expect(stdout).toContain('npx pgscribe generate');
    const json = JSON.parse(run(root, 'check', '--format', 'json').stdout);
    expect(json.drift).toContainEqual(expect.objectContaining({ file: 'README.md', section: 'database-and-seeds' }));
    expect(json.drift).toContainEqual(expect.objectContaining({ file: 'docs/database/clinic.patients.md', section: 'page' }));
    run(root, 'generate');
    expect(run(root, 'check').code).toBe(0);
  });

  it('names a renamed trigger and a new policy', () => {
    const root = copyRepo();
    addMigration(
      root,
      '012_changes.sql',
      `ALTER TRIGGER audit_payments ON clinic.payments RENAME TO audit_payments_v2;
SELECT public.create_policy_if_not_exists('payments_select_own', 'clinic.payments', 'SELECT', 'patient_id IS NOT NULL');
`,
    );
    const { code, stdout } = run(root, 'check');
    expect(code).toBe(1);
    expect(stdout).toContain('trigger audit_payments on clinic.payments renamed to audit_payments_v2 on clinic.payments by 012_changes.sql:1');
    expect(stdout).toContain('policy payments_select_own on clinic.payments added by 012_changes.sql:2');
  });

  it('reports the stale page of a dropped table, and generate removes it', () => {
    const root = copyRepo();
    addMigration(root, '012_drop.sql', 'DROP TABLE IF EXISTS webhook.webhook_logs;\n');
    const { code, stdout } = run(root, 'check');
    expect(code).toBe(1);
    expect(stdout).toContain('docs/database/webhook.webhook_logs.md (stale page)');
    expect(stdout).toContain('table webhook.webhook_logs dropped by 012_drop.sql:1');
    run(root, 'generate');
    expect(snapshot(root).has('docs/database/webhook.webhook_logs.md')).toBe(false);
  });

  it('a hand edit inside a marker is drift; an edit outside is not', () => {
    const root = copyRepo();
    edit(root, 'AGENT.md', (s) => s.replace('### Do not', '### Do not (edited)'));
    expect(run(root, 'check').code).toBe(1);
    const other = copyRepo();
    edit(other, 'AGENT.md', (s) => `Hand-written preface.\n\n${s}\nHand-written footer.\n`);
    expect(run(other, 'check').code).toBe(0);
  });

  it('links a guardrail to its rule page only while docs/rules/<id>.md exists', () => {
    const root = copyRepo();
    rmSync(path.join(root, 'docs/rules/seed-ddl.md'));
    const { stdout } = run(root, 'check');
    expect(stdout).toContain('-- Do not put DDL in seeds. Rule: [`seed-ddl`](docs/rules/seed-ddl.md).');
    expect(stdout).toContain('+- Do not put DDL in seeds. Rule: `seed-ddl`.');
  });

  it('the README tables of config keys and rules are generated from the schema and the registry', async () => {
    const { rules } = await import('../../src/lint/registry.js');
    const { configKeyDocs } = await import('../../src/config/schema.js');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const { meta } of rules) expect(readme).toContain(`| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${meta.defaultSeverity} |`);
    for (const key of Object.keys(configKeyDocs)) expect(readme).toContain(`| \`${key}\` |`);
    const root = copyRepo();
    edit(root, 'README.md', (s) => s.replace('| `rerunnable-ddl`', '| `rerunnable-ddl-typo`').replace('`seed-ddl`](docs/rules/seed-ddl.md) | error', '`seed-ddl`](docs/rules/seed-ddl.md) | warn'));
    const { code, stdout } = run(root, 'check');
    expect(code).toBe(1);
    expect(stdout).toContain('a/README.md#pgscribe-rules');
  });

  it('a deleted end marker: exit 2 naming file and line, and no file changes', () => {
    const root = copyRepo();
    addMigration(root, '012_more.sql', 'CREATE TABLE IF NOT EXISTS clinic.rooms (id int PRIMARY KEY);\n');
    edit(root, 'Project_Architecture_Document.md', (s) => s.replace('<!-- pgscribe:end database-architecture -->', ''));
    const before = snapshot(root);
    const { code, stderr } = run(root, 'generate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pgscribe: Project_Architecture_Document\.md:\d+: section "database-architecture" has no end marker/);
    expect(snapshot(root)).toEqual(before);
    rmSync(root, { recursive: true, force: true });
  });
});

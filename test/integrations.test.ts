/**
 * Where users plug pgscribe in: the composite GitHub Action (action.yml, whose
 * steps are action/run.sh's subcommands, run here as GitHub would run them) and
 * the pre-commit framework's hooks (.pre-commit-hooks.yaml).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands.js';
import { repoRoot, tempProject } from './helpers.js';
import { run } from './day-one/helpers.js';

const action = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
const runScript = path.join(repoRoot, 'action', 'run.sh');

function step(name: string, root: string, env: Record<string, string> = {}) {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-action-'));
  const summary = path.join(temp, 'summary.md');
  const r = spawnSync('bash', [runScript, name], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: repoRoot, RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: path.join(temp, 'output'), PGSCRIBE_ROOT: root, GITHUB_EVENT_PATH: '', ...env },
  });
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: read(summary), sarif: read(path.join(temp, 'pgscribe.sarif')), output: read(path.join(temp, 'output')) };
}

/** A committed project on main whose docs are generated, then `change` written to the working tree. */
function repository(change: Record<string, string> = {}): string {
  const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);\n' });
  expect(run(['--root', root, 'generate']).code).toBe(0);
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=dev@example.com', '-c', 'user.name=dev', 'commit', '-q', '-m', 'first');
  for (const [file, text] of Object.entries(change)) writeFileSync(path.join(root, file), text);
  return root;
}

describe('the GitHub Action', () => {
  it('declares every input its steps use, and each run step is a subcommand of action/run.sh', () => {
    const declared = [...action.matchAll(/^ {2}([a-z-]+):\n {4}description:/gm)].map((m) => m[1]);
    const used = [...new Set([...action.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]))];
    expect(used.filter((u) => !declared.includes(u))).toEqual([]);
    const runs = [...action.matchAll(/run: bash "\$GITHUB_ACTION_PATH\/action\/run\.sh" (\w+)/g)].map((m) => m[1]);
    expect(runs).toEqual(['install', 'annotate', 'sarif', 'summary', 'gate']);
    expect(action.match(/^ {6}run: /gm)).toHaveLength(runs.length);
    expect(action).toContain('using: composite');
  });

  it('on a clean change: annotations, SARIF, the diff in the step summary, and a green gate', () => {
    const root = repository({ 'database/migrations/002_more.sql': 'CREATE TABLE IF NOT EXISTS u (id int PRIMARY KEY);\n' });
    expect(run(['--root', root, 'generate']).code).toBe(0);
    expect(step('install', root).code).toBe(0);
    expect(step('annotate', root, { PGSCRIBE_BASE: 'main' })).toMatchObject({ code: 0 });
    const sarif = step('sarif', root);
    expect(sarif.code).toBe(0);
    expect(JSON.parse(sarif.sarif).version).toBe('2.1.0');
    expect(sarif.output).toMatch(/^sarif=.*pgscribe\.sarif\n$/);
    const summary = step('summary', root, { PGSCRIBE_BASE: 'main' });
    expect(summary.code).toBe(0);
    expect(summary.summary).toContain('## Database changes: main');
    expect(summary.summary).toContain('| added | table `public.u` |');
    expect(step('gate', root)).toMatchObject({ code: 0 });
  });

  it('on a change with an error finding: the annotation step reports it, the gate fails', () => {
    const root = repository({ 'database/migrations/002_bad.sql': 'CREATE TABLE u (id int PRIMARY KEY);\n' });
    const annotate = step('annotate', root, { PGSCRIBE_BASE: 'main' });
    expect(annotate.code).toBe(0);
    expect(annotate.stdout).toMatch(/^::error file=database\/migrations\/002_bad\.sql,line=1/m);
    expect(step('gate', root).code).toBe(1);
    expect(step('nonsense', root).code).toBe(2);
  });
});

describe('the pre-commit hooks', () => {
  const hooks = readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
  const entries = [...hooks.matchAll(/^ {2}entry: (.+)$/gm)].map((m) => m[1].split(' '));
  const bins = Object.keys(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).bin);

  it('each entry is a bin of the package and one of its commands, and runs', () => {
    expect(entries).toEqual([
      ['pgscribe', 'generate'],
      ['pgscribe', 'lint'],
    ]);
    const root = tempProject({ 'pgscribe.config.json': '{"exposedSchemas": []}', 'database/migrations/001_init.sql': 'CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY);\n' });
    for (const [bin, command] of entries) {
      expect(bins).toContain(bin);
      expect(commands.map((c) => c.name)).toContain(command);
      expect(run(['--root', root, command]).code).toBe(0);
    }
  });
});

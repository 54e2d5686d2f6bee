/**
 * `--changed-since REF`: the findings a change is answerable for. A pull
 * request that touches two files should not be shown the baseline warnings
 * of every untouched migration. Kept: findings in the files changed since
 * REF (committed, staged, unstaged or untracked), and findings elsewhere that
 * the change caused, i.e. that linting the project as it was at REF (its
 * migrations, seeds and lock read with git, the current config) does not
 * give. The working tree is never touched.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgscribeError } from './errors.js';
import { loadProject } from './pipeline.js';
import type { Project } from './project.js';
import type { Finding } from './report/findings.js';
import { lintProject, type LintOptions } from './lint/engine.js';
import { matchesAny } from './sources/glob.js';
import { importEngine } from './replay/engine-import.js';

/** node:child_process, loaded only when --changed-since is used (it costs start-up time on every other run). */
type ExecFileSync = typeof import('node:child_process').execFileSync;
let execFileSync: ExecFileSync;

async function loadChildProcess(): Promise<void> {
  // Through the launcher's importer: a plain import() has no loader in the code-cached bundle (see replay/engine-import.ts).
  execFileSync ??= (await importEngine<typeof import('node:child_process')>('node:child_process')).execFileSync;
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new PgscribeError('usage', `git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/** Throws a one-line usage error unless `root` is in a git repository where `ref` names a commit. */
function assertRef(root: string, ref: string): void {
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], { stdio: 'ignore' });
  } catch {
    throw new PgscribeError('usage', `--changed-since ${ref}: ${root} is not in a git repository`);
  }
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new PgscribeError('usage', `--changed-since ${ref}: no such commit or branch in this repository`);
  }
}

/** Root-relative files that differ from `ref` in the working tree (committed, staged, unstaged, untracked). */
export async function changedFiles(root: string, ref: string): Promise<Set<string>> {
  await loadChildProcess();
  assertRef(root, ref);
  const changed = git(root, ['diff', '--name-only', '--no-renames', '--relative', ref, '--']).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n');
  return new Set([...changed, ...untracked].filter(Boolean));
}

/** A finding as compared across the two versions: where it is, not on which line (lines move). */
const keyOf = (f: Finding) => `${f.rule}\u0000${f.file}\u0000${f.message}`;

/** The project's migrations, seeds and lock as they were at `ref`, loaded from a temp copy with the current config. */
async function projectAt(project: Project, ref: string): Promise<{ project: Project; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgscribe-ref-'));
  try {
    return { project: await loadProjectAt(project, ref, dir), dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function loadProjectAt(project: Project, ref: string, dir: string): Promise<Project> {
  const { config } = project;
  const files = git(project.root, ['ls-tree', '-r', '--name-only', ref, '--', '.']).split('\n').filter(Boolean);
  for (const file of files) {
    if (!(matchesAny(file, config.migrations) || matchesAny(file, config.seeds) || file === config.lockFile)) continue;
    const content = execFileSync('git', ['-C', project.root, 'show', `${ref}:./${file}`], { maxBuffer: 1 << 30 });
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  const configFile = path.join(dir, '.pgscribe-config.json');
  writeFileSync(configFile, JSON.stringify(config));
  return loadProject({ root: dir, config: configFile, releaseSyntaxTrees: true });
}

/** The findings of `findings` that the change since `ref` is answerable for. */
export async function findingsSince(project: Project, ref: string, findings: Finding[], options: LintOptions): Promise<Finding[]> {
  const changed = await changedFiles(project.root, ref);
  let before: Set<string>;
  const { project: old, dir } = await projectAt(project, ref).catch((error: unknown) => {
    // Nothing matched the globs at REF (the migrations are new): every finding is the change's.
    if (error instanceof PgscribeError && /no migrations found/.test(error.message)) return { project: undefined, dir: undefined };
    throw error;
  });
  try {
    before = new Set(old ? lintProject(old, { ...options, files: undefined }).map(keyOf) : []);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return findings.filter((f) => changed.has(f.file) || !before.has(keyOf(f)));
}

/**
 * What a change does, against a git ref (the working tree is never touched;
 * the ref's migrations, seeds and lock are read with git, with the current
 * config).
 *
 * `--changed-since REF`: the findings a change is answerable for. A pull
 * request that touches two files should not be shown the baseline warnings
 * of every untouched migration. Kept: findings in the files changed since
 * REF (committed, staged, unstaged or untracked), and findings elsewhere that
 * the change caused, i.e. that linting the project as it was at REF does not
 * give.
 *
 * `diff`: the model at the ref against the working tree's, object by object
 * (model/diff.ts), the findings the change introduces and removes, and the
 * generated docs sections and pages it rewrites.
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
import { planDocs } from './docs/generate.js';
import { rules } from './lint/registry.js';
import { diffModels } from './model/diff.js';
import type { DiffReport, DocsChange } from './report/diff.js';
import type { Model } from './model/types.js';

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

/** Throws a one-line usage error unless `root` is in a git repository. */
function assertRepository(root: string, option: string): void {
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], { stdio: 'ignore' });
  } catch {
    throw new PgscribeError('usage', `${option}: ${root} is not in a git repository`);
  }
}

/** Whether `ref` names a commit. */
function isCommit(root: string, ref: string): boolean {
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Throws a one-line usage error unless `root` is in a git repository where `ref` names a commit. */
function assertRef(root: string, ref: string, option = '--changed-since'): void {
  assertRepository(root, `${option} ${ref}`);
  if (!isCommit(root, ref)) throw new PgscribeError('usage', `${option} ${ref}: no such commit or branch in this repository`);
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

/** What `diff` found (its shape is report/diff.ts's, which renders it). */
export type DiffResult = DiffReport;

/**
 * The merge base of HEAD with the default branch (origin/HEAD, else main,
 * master, origin/main, origin/master): what a pull request is compared with.
 */
function defaultBase(root: string): { ref: string; commit: string } {
  let remoteHead: string | undefined;
  try {
    remoteHead = execFileSync('git', ['-C', root, 'symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    remoteHead = undefined;
  }
  for (const candidate of [remoteHead, 'main', 'master', 'origin/main', 'origin/master']) {
    if (!candidate || !isCommit(root, candidate)) continue;
    const commit = git(root, ['merge-base', 'HEAD', candidate]).trim();
    return { ref: `merge base with ${candidate}`, commit };
  }
  throw new PgscribeError('usage', 'diff: no --base given, and no default branch (origin/HEAD, main, master) to take the merge base with; pass --base REF');
}

const emptyModel = (searchPath: string[]): Model => ({
  searchPath,
  schemas: [],
  extensions: [],
  tables: [],
  views: [],
  types: [],
  sequences: [],
  functions: [],
  triggers: [],
  policies: [],
  indexes: [],
  grants: [],
  migrations: [],
  seeds: [],
  dropped: [],
  triggerToggles: [],
});

/** The generated sections and reference pages whose text differs between two models' docs (both made with the working tree's files and config). */
function docsChanges(project: Project, before: Model): DocsChange[] {
  const ruleMeta = rules.map((r) => r.meta);
  const plan = (model: Model) => planDocs({ root: project.root, config: project.config, model, rules: ruleMeta }, { includeUnchanged: true }).files;
  const old = new Map(plan(before).map((f) => [f.file, f]));
  const out: DocsChange[] = [];
  const seen = new Set<string>();
  for (const file of plan(project.model)) {
    seen.add(file.file);
    const was = old.get(file.file);
    if (file.kind === 'sections') {
      for (const section of file.sections ?? []) {
        const previous = was?.sections?.find((s) => s.name === section.name);
        if (previous?.after !== section.after) out.push({ file: file.file, section: section.name, action: 'changed' });
      }
    } else if (file.kind === 'page' && file.after !== undefined) {
      if (!was || was.after === undefined) out.push({ file: file.file, action: 'added' });
      else if (was.after !== file.after) out.push({ file: file.file, action: 'changed' });
    }
  }
  for (const [file, was] of old) if (!seen.has(file) && was.kind === 'page' && was.after !== undefined) out.push({ file, action: 'removed' });
  return out;
}

/** What the working tree changes in the database since `base` (default: the merge base with the default branch). Reads git; writes nothing. */
export async function diffSince(project: Project, base: string | undefined, options: LintOptions): Promise<DiffResult> {
  await loadChildProcess();
  assertRepository(project.root, base ? `--base ${base}` : 'diff');
  let resolved: { ref: string; commit: string };
  if (base) {
    assertRef(project.root, base, '--base');
    resolved = { ref: base, commit: git(project.root, ['rev-parse', `${base}^{commit}`]).trim() };
  } else resolved = defaultBase(project.root);
  const { project: old, dir } = await projectAt(project, resolved.commit).catch((error: unknown) => {
    // Nothing matched the globs at the base (the migrations are new): everything is the change's.
    if (error instanceof PgscribeError && /no migrations found/.test(error.message)) return { project: undefined, dir: undefined };
    throw error;
  });
  try {
    const before = old?.model ?? emptyModel(project.model.searchPath);
    const findingsBefore = old ? lintProject(old, { ...options, files: undefined }) : [];
    const findingsAfter = lintProject(project, { ...options, files: undefined });
    const keysBefore = new Set(findingsBefore.map(keyOf));
    const keysAfter = new Set(findingsAfter.map(keyOf));
    return {
      base: resolved,
      changes: diffModels(before, project.model),
      findings: { introduced: findingsAfter.filter((f) => !keysBefore.has(keyOf(f))), removed: findingsBefore.filter((f) => !keysAfter.has(keyOf(f))) },
      docs: docsChanges(project, before),
    };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

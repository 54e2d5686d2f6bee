/** Helpers for the day-one tests: a throwaway project, its planned docs, and the CLI run on it. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { planDocs } from '../../src/docs/generate.js';
import { loadProject } from '../../src/pipeline.js';
import { repoRoot, tempProject } from '../helpers.js';

export const bin = path.join(repoRoot, 'bin', 'pgscribe.js');

export const readmeWithMarkers = '# App\n\n<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n';

/** The generated content of every planned file of a project made of `files`. */
export async function docsOf(files: Record<string, string>): Promise<Map<string, string>> {
  const root = tempProject(files);
  const project = await loadProject({ root });
  const plan = planDocs(project, { includeUnchanged: true });
  return new Map(plan.files.filter((f) => f.after !== undefined).map((f) => [f.file, f.after!]));
}

/** Runs the built CLI; `args` may hold `--root`. */
export function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

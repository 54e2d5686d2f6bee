/** Lint helpers for rule tests: a project from SQL strings, its findings for one rule. */
import { lintProject } from '../../src/lint/engine.js';
import { projectOf } from '../helpers.js';

export async function findingsOf(rule: string, migrations: string[], seeds: Record<string, string> = {}, config?: object) {
  const project = await projectOf(migrations, seeds, config);
  return lintProject(project, { now: new Date('2026-11-21T00:00:00Z') }).filter((f) => f.rule === rule);
}

/** `[file basename, line]` pairs, the most common expectation. */
export const places = (findings: Array<{ file: string; line: number }>) => findings.map((f) => [f.file.split('/').pop(), f.line]);

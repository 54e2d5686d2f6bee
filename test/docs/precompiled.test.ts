/**
 * The build precompiles the built-in templates (dist/templates.precompiled.cjs);
 * what they render must be byte for byte what compiling at run time renders.
 * `npm test` builds first, so dist/ is this source's build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDocs } from '../../src/docs/generate.js';
import { loadProject } from '../../src/pipeline.js';
import { sha256 } from '../../src/sources/read.js';
import { repoRoot } from '../helpers.js';

const dist = path.join(repoRoot, 'dist');

describe('precompiled templates', () => {
  it('cover every built-in template, for its current source', () => {
    const precompiled = createRequire(import.meta.url)(path.join(dist, 'templates.precompiled.cjs')) as Record<string, { hash: string }>;
    const names = readdirSync(path.join(repoRoot, 'templates')).filter((f) => f.endsWith('.hbs')).sort();
    expect(Object.keys(precompiled).sort()).toEqual(names);
    for (const name of names) {
      expect(precompiled[name].hash, name).toBe(sha256(readFileSync(path.join(repoRoot, 'templates', name), 'utf8').replace(/\r\n/g, '\n')));
    }
  });

  it('render exactly what run-time compilation renders (every section and reference page of this repository)', async () => {
    const built = (await import(path.join(dist, 'docs', 'generate.js'))) as { planDocs: typeof planDocs };
    const builtProject = (await import(path.join(dist, 'project.js'))) as { loadProject: typeof loadProject };
    const fromBuild = built.planDocs(await builtProject.loadProject({ root: repoRoot }), { includeUnchanged: true });
    const fromSource = planDocs(await loadProject({ root: repoRoot }), { includeUnchanged: true });
    expect(fromSource.files.length).toBeGreaterThan(30);
    expect(fromBuild.files.map((f) => [f.file, f.after])).toEqual(fromSource.files.map((f) => [f.file, f.after]));
  });
});

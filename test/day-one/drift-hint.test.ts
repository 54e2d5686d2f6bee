/** Issue 14.6: the drift hint names the npm script only where package.json has it. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';
import { readmeWithMarkers, run } from './helpers.js';

const files = { 'README.md': readmeWithMarkers, 'database/migrations/001_a.sql': 'CREATE TABLE IF NOT EXISTS t (id int);\n' };

describe('the command a drift message names', () => {
  it('is npx pgscribe generate without a docs:generate script', () => {
    const root = tempProject({ ...files, 'package.json': JSON.stringify({ scripts: { test: 'vitest' } }) });
    const out = run(['--root', root, 'check']).stdout;
    expect(out).toContain('Run `npx pgscribe generate` and commit the result.');
    expect(out).not.toContain('docs:generate');
    expect(run(['--root', root, 'check', '--format', 'github']).stdout).toContain('run npx pgscribe generate');
  });

  it('is the npm script when package.json has one', () => {
    const root = tempProject(files);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts: { 'docs:generate': 'pgscribe generate' } }));
    const out = run(['--root', root, 'check']).stdout;
    expect(out).toContain('Run `npm run docs:generate` and commit the result.');
    expect(run(['--root', root, 'check', '--format', 'github']).stdout).toContain('run npm run docs:generate');
  });
});

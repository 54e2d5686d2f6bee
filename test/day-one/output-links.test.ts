/**
 * Issue 14.5: every link that an output format prints resolves. Rule pages
 * exist for every rule id a finding can carry; pretty output names a page
 * root-relative (when the pages are inside the project) or as a URL; SARIF's
 * helpUri is the page's URL under `docsBaseUrl`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { version } from '../../src/package.js';
import { allRuleMeta } from '../../src/lint/registry.js';
import { repoRoot, tempProject } from '../helpers.js';
import { brokenLinks } from './links.js';
import { run } from './helpers.js';

const bad = { 'database/migrations/001_a.sql': 'CREATE TABLE t (id int);\nCALL f();\n-- pgscribe-ignore rls-disabled\nCREATE TABLE u (x int PRIMARY KEY,);\n' };

/** A URL of a rule page: under `base`, naming a page that the package ships. */
function pageOfUrl(url: string, base: string): string | undefined {
  if (!url.startsWith(base)) return undefined;
  const page = path.join(repoRoot, 'docs/rules', url.slice(base.length));
  return existsSync(page) ? page : undefined;
}

describe('links in the output formats', () => {
  it('every rule id has a page, and the pages link to each other correctly', () => {
    const pages = new Map(allRuleMeta.map((r) => [`docs/rules/${r.id}.md`, readFileSync(path.join(repoRoot, 'docs/rules', `${r.id}.md`), 'utf8')]));
    expect(brokenLinks(repoRoot, pages)).toEqual([]);
  });

  it('pretty output outside the package names each page by a URL that the package ships', () => {
    const root = tempProject(bad);
    const out = run(['--root', root, 'lint']).stdout;
    const seen = [...out.matchAll(/^ {2}see (\S+)$/gm)].map((m) => m[1]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const base = `https://unpkg.com/pgscribe@${version}/docs/rules/`;
    for (const url of seen) expect(pageOfUrl(url, base), url).toBeDefined();
  });

  it('takes docsBaseUrl from the config, for pretty and SARIF', () => {
    const root = tempProject({ ...bad, 'pgscribe.config.json': JSON.stringify({ docsBaseUrl: 'https://example.com/pgscribe/rules' }) });
    const out = run(['--root', root, 'lint']).stdout;
    expect(out).toContain('see https://example.com/pgscribe/rules/syntax-error.md');
    const sarif = JSON.parse(run(['--root', root, 'lint', '--format', 'sarif']).stdout);
    const uris: string[] = sarif.runs[0].tool.driver.rules.map((r: { helpUri: string }) => r.helpUri);
    expect(uris).toContain('https://example.com/pgscribe/rules/syntax-error.md');
    for (const uri of uris) expect(pageOfUrl(uri, 'https://example.com/pgscribe/rules/'), uri).toBeDefined();
  });

  it("SARIF's helpUri points at each rule's page, never at a README anchor", () => {
    const root = tempProject(bad);
    const sarif = JSON.parse(run(['--root', root, 'lint', '--format', 'sarif']).stdout);
    const base = `https://unpkg.com/pgscribe@${version}/docs/rules/`;
    for (const rule of sarif.runs[0].tool.driver.rules) expect(pageOfUrl(rule.helpUri, base), rule.helpUri).toBeDefined();
  });

  it('prints pages root-relative when they are inside the project, whatever the current directory', () => {
    const out = run(['--root', repoRoot, 'lint', '--now', '2026-01-01'], { cwd: path.join(repoRoot, 'src') });
    for (const m of out.stdout.matchAll(/^ {2}see (\S+)$/gm)) expect(existsSync(path.join(repoRoot, m[1])), m[1]).toBe(true);
  });
});

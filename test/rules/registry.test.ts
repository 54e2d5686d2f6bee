/** The registry, the rule files and the doc pages agree; every doc example behaves as it says. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/registry.js';
import { repoRoot } from '../helpers.js';
import { findingsOf } from './helpers.js';

const infrastructure = new Set(['types', 'registry', 'engine', 'suppressions', 'partition-bounds']);
const ruleFiles = readdirSync(path.join(repoRoot, 'src/rules')).map((f) => f.replace(/\.ts$/, '')).filter((f) => !infrastructure.has(f)).sort();
const docPages = readdirSync(path.join(repoRoot, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')).sort();

function examples(id: string): { bad: string; good: string } {
  const text = readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
  const block = (heading: string) => new RegExp(`## ${heading}\\n+\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1] ?? '';
  return { bad: block('Bad'), good: block('Good') };
}

/** An example is a migration, optionally followed by `-- file: database/seeds/NAME` parts. */
function splitExample(example: string): { migrations: string[]; seeds: Record<string, string> } {
  const [migration, ...rest] = example.split(/^-- file: database\/seeds\/(.+)$/m);
  const seeds: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) seeds[rest[i].trim()] = rest[i + 1];
  return { migrations: [migration], seeds };
}

describe('rule registry', () => {
  it('has one file and one doc page per rule, named by its id', () => {
    const ids = rules.map((r) => r.id).sort();
    expect(ruleFiles).toEqual(ids);
    expect(docPages).toEqual(ids);
    for (const rule of rules) expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(rules.map((r) => [r.id]))('%s: the bad example fires and the good one is clean', async (id) => {
    const { bad, good } = examples(id);
    expect(bad).not.toBe('');
    expect(good).not.toBe('');
    const lint = (example: string) => {
      const { migrations, seeds } = splitExample(example);
      return findingsOf(id, migrations, seeds);
    };
    expect((await lint(bad)).length).toBeGreaterThan(0);
    expect(await lint(good)).toEqual([]);
  });
});

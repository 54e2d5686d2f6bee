/** The registry, the rule files and the doc pages agree; every doc example behaves as it says. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesSection } from '../../src/lint/messages.js';
import { allRuleMeta, rules } from '../../src/lint/registry.js';
import { loadProject } from '../../src/pipeline.js';
import { lintProject } from '../../src/lint/engine.js';
import { repoRoot } from '../helpers.js';

/** src/rules/ holds one file per rule and nothing else (the engine, registry and helpers are in src/lint/). */
const ruleFiles = readdirSync(path.join(repoRoot, 'src/rules')).map((f) => f.replace(/\.ts$/, '')).sort();
const docPages = readdirSync(path.join(repoRoot, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')).sort();

/** Rules about files rather than SQL: their pages show the workflow, and test/rules/migrations.test.ts covers them. */
const fileRules = new Set(['migration-edited', 'migration-unlocked']);

function examples(id: string): { bad: string; good: string } {
  const text = readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
  const block = (heading: string) => new RegExp(`## ${heading}\\n+\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1] ?? '';
  return { bad: block('Bad'), good: block('Good') };
}

/** An example is a migration (001_m.sql), optionally followed by `-- file: PATH` parts. */
function exampleFiles(example: string): Record<string, string> {
  const [migration, ...rest] = example.split(/^-- file: (.+)$/m);
  const files: Record<string, string> = { 'database/migrations/001_m.sql': migration };
  for (let i = 0; i < rest.length; i += 2) files[rest[i].trim()] = rest[i + 1];
  return files;
}

async function lintExample(id: string, example: string) {
  const project = await loadProject({ root: '/memory', files: exampleFiles(example) });
  return lintProject(project, { now: new Date('2026-11-21T00:00:00Z') }).filter((f) => f.rule === id);
}

describe('rule registry', () => {
  it('has a doc page for every rule id a finding can carry (syntax-error, unused-suppression, replay-*)', () => {
    for (const id of ['syntax-error', 'unused-suppression', 'replay-apply', 'replay-rerun', 'replay-seed', 'replay-seed-rerun', 'replay-dev-guard', 'replay-model-mismatch']) {
      expect(docPages).toContain(id);
    }
  });

  it('has one file and one doc page per rule, named by its id', () => {
    const ids = rules.map((r) => r.meta.id).sort();
    expect(ruleFiles).toEqual(ids);
    expect(docPages).toEqual(allRuleMeta.map((r) => r.id).sort());
    for (const rule of rules) expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(rules.filter((r) => !fileRules.has(r.meta.id)).map((r) => [r.meta.id]))('%s: the bad example fires and the good one is clean', async (id) => {
    const { bad, good } = examples(id);
    expect(bad).not.toBe('');
    expect(good).not.toBe('');
    expect((await lintExample(id, bad)).length).toBeGreaterThan(0);
    expect(await lintExample(id, good)).toEqual([]);
  });
});

describe('rule meta', () => {
  it.each(allRuleMeta.map((m) => [m.id, m]))('%s: names its page, has messages with camelCase ids, and help for each help id', (id, meta) => {
    expect(meta.docs).toBe(`docs/rules/${id}.md`);
    expect(docPages).toContain(id);
    expect(meta.description).toMatch(/\.$/);
    expect(meta.help).not.toBe('');
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const key of [...Object.keys(meta.messages), ...Object.keys(meta.helps ?? {})]) expect(key).toMatch(/^[a-z][A-Za-z]*$/);
    for (const template of [...Object.values(meta.messages), ...Object.values(meta.helps ?? {})]) {
      expect(template).not.toBe('');
      // Placeholders are {{name}}: a typo such as {name} or {{ na-me }} would print as written.
      for (const m of template.matchAll(/\{+([^{}]*)\}+/g)) expect(m[0]).toMatch(/^\{\{\s*[a-zA-Z]+\s*\}\}$/);
    }
  });
});

describe('rule pages', () => {
  it.each(allRuleMeta.map((m) => [m.id, m]))('%s: the page ends with the Messages section made from the meta', (id, meta) => {
    const page = readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
    expect(page.endsWith(`\n\n${messagesSection(meta)}`)).toBe(true);
  });
});

describe('rule tests', () => {
  it('every rule has a test file of its own, test/rules/<id>.test.ts', () => {
    const tests = new Set(readdirSync(path.join(repoRoot, 'test/rules')).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, '')));
    expect(rules.map((r) => r.meta.id).filter((id) => !tests.has(id))).toEqual([]);
  });
});

/**
 * Planning, writing and checking the generated docs. `planDocs` computes the
 * new content of every file that changes (sections spliced into Markdown
 * files, reference pages, stale pages to remove) without writing; `writePlan`
 * applies it atomically (all new contents are rendered first; each file is
 * written to a temp file and renamed); `check` uses the same plan and reports
 * drift with diffs.
 */

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { defaultTargets } from '../config/schema.js';
import { PgscribeError } from '../errors.js';
import type { Config } from '../config/schema.js';
import type { Model } from '../model/types.js';
import { compareText } from '../text.js';
import { staleTempFiles, writeFiles } from '../sources/write.js';
import { inventoryOf, readInventory, renderInventory, summariseChanges } from './inventory.js';
import { findSections, lineEnding, replaceSections } from './markers.js';
import { generatedHeader, referencePages } from './reference.js';
import { render, resolveTemplate } from './render.js';
import { agentView, architectureView, readmeView, toolView } from './sections.js';

/** A rule as the tool's own reference lists it (a README that documents pgscribe itself). */
export interface RuleSummary {
  id: string;
  defaultSeverity: string;
  description: string;
}

/** What the docs are made from: the model, the config and the root (a loaded project has all three), and the rules to list. */
export interface DocsInput {
  root: string;
  config: Config;
  model: Model;
  /** The rule registry's entries, for templates that list the rules (none when absent). */
  rules?: ReadonlyArray<RuleSummary>;
}

export interface PlannedFile {
  /** Root-relative path. */
  file: string;
  /** Current content, or undefined when the file does not exist. */
  before: string | undefined;
  /** New content, or undefined when the file is to be removed. */
  after: string | undefined;
  /** Section names, for a Markdown file with generated sections; `line` is where the section's content starts in the file. */
  sections?: Array<{ name: string; before: string; after: string; line: number }>;
  kind: 'sections' | 'page' | 'stale page';
}

export interface DocsPlan {
  /** The Markdown files with sections, and the reference pages that change (all of them with `includeUnchanged`). */
  files: PlannedFile[];
  /** Model-level summary of what changed since the docs were generated. */
  summary: string[];
}

export interface Drift {
  file: string;
  section: string;
  /** The first line of the file that the regenerated docs change (absent for a page that does not exist yet). */
  line?: number;
}

/** 0-based index of the first line where two texts differ. */
function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/** A root-relative file's text, or undefined when it does not exist. */
function readOptional(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const why = code === 'EISDIR' ? 'expected a file, found a directory' : `cannot read it (${code})`;
    throw new PgscribeError('io', `cannot write generated docs: ${why}; no file was changed`, { file });
  }
}

function viewFor(project: DocsInput, template: string, file: string): unknown {
  const { model, config, root } = project;
  const tool = toolView(root, file, project.rules ?? []);
  if (template.startsWith('agent')) return { ...agentView(model, config, file, root), tool };
  if (template.startsWith('architecture')) return { ...architectureView(model, config, file), tool };
  return { ...readmeView(model, config, file), tool };
}

function planSections(project: DocsInput): PlannedFile[] {
  const { config, root } = project;
  const usingDefaults = JSON.stringify(config.targets) === JSON.stringify(defaultTargets);
  const byFile = new Map<string, typeof config.targets>();
  for (const target of config.targets) byFile.set(target.file, [...(byFile.get(target.file) ?? []), target]);
  const planned: PlannedFile[] = [];
  for (const [file, targets] of [...byFile].sort(([a], [b]) => compareText(a, b))) {
    const before = readOptional(root, file);
    if (before === undefined) {
      if (usingDefaults) continue;
      throw new PgscribeError('markers', `target file not found (expected it to exist with <!-- pgscribe:begin ${targets[0].section} --> markers)`, { file });
    }
    const sections = findSections(file, before, targets.map((t) => t.section));
    const contents = new Map<string, string>();
    const sectionPlans: NonNullable<PlannedFile['sections']> = [];
    for (const target of targets) {
      const found = sections.find((s) => s.name === target.section);
      if (!found) {
        throw new PgscribeError('markers', `section "${target.section}" is missing (expected <!-- pgscribe:begin ${target.section} --> and <!-- pgscribe:end ${target.section} -->)`, { file });
      }
      const content = render(resolveTemplate(root, target.template), viewFor(project, target.template, file));
      contents.set(target.section, content);
      const raw = before.slice(found.contentStart, found.contentEnd).replace(/\r\n/g, '\n');
      sectionPlans.push({
        name: target.section,
        before: raw.replace(/^\n/, '').replace(/\n$/, ''),
        after: content.replace(/\n$/, ''),
        line: before.slice(0, found.contentStart).split('\n').length + (raw.startsWith('\n') ? 1 : 0),
      });
    }
    planned.push({ file, before, after: replaceSections(before, sections, contents), sections: sectionPlans, kind: 'sections' });
  }
  return planned;
}

export interface PlanOptions {
  /** Keep reference pages whose text does not change in the plan (by default they are left out, so a large reference is not held in memory twice). */
  includeUnchanged?: boolean;
}

function planReference(project: DocsInput, options: PlanOptions): { files: PlannedFile[]; inventory: string[]; previousInventory?: string[] } {
  const { model, config, root } = project;
  const pages = referencePages(model, config);
  const inventory = inventoryOf(model);
  const files: PlannedFile[] = [];
  const expected = new Set<string>();
  let previousInventory: string[] | undefined;
  const templates = new Map<string, string>();
  for (const page of pages) {
    let templateFile = templates.get(page.template);
    if (templateFile === undefined) templates.set(page.template, (templateFile = resolveTemplate(root, page.template)));
    let content = render(templateFile, page.data);
    const before = readOptional(root, page.file);
    if (page.file === path.posix.join(config.referenceDir, 'index.md')) {
      content += `\n${renderInventory(inventory)}`;
      previousInventory = readInventory(before);
    }
    const eol = before ? lineEnding(before) : '\n';
    const after = eol === '\r\n' ? content.replace(/\n/g, '\r\n') : content;
    expected.add(page.file);
    if (before === after && !options.includeUnchanged) continue;
    // An unchanged page keeps one copy of its text, not two.
    files.push({ file: page.file, before: before === after ? after : before, after, kind: 'page' });
  }
  // Pages this tool wrote earlier that no longer have an object behind them.
  const dir = path.join(root, config.referenceDir);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort(compareText)) {
      const file = path.posix.join(config.referenceDir, name);
      if (!name.endsWith('.md') || expected.has(file)) continue;
      const before = readOptional(root, file);
      if (before?.startsWith(generatedHeader)) files.push({ file, before, after: undefined, kind: 'stale page' });
    }
  }
  return { files, inventory, previousInventory };
}

export function planDocs(project: DocsInput, options: PlanOptions = {}): DocsPlan {
  const sections = planSections(project);
  const reference = planReference(project, options);
  const summary = reference.previousInventory ? summariseChanges(reference.previousInventory, reference.inventory, project.model) : [];
  return { files: [...sections, ...reference.files], summary };
}

/** What differs between the plan and the files on disk. */
export function driftOf(plan: DocsPlan): Drift[] {
  const drift: Drift[] = [];
  for (const f of plan.files) {
    if (f.before === f.after) continue;
    if (f.kind === 'sections') {
      for (const s of f.sections ?? []) if (s.before !== s.after) drift.push({ file: f.file, section: s.name, line: s.line + firstDifference(s.before, s.after) });
      if (!(f.sections ?? []).some((s) => s.before !== s.after)) drift.push({ file: f.file, section: f.sections?.[0]?.name ?? 'markers', line: f.sections?.[0]?.line ?? 1 });
    } else if (f.before === undefined) drift.push({ file: f.file, section: 'missing page' });
    else drift.push({ file: f.file, section: f.kind === 'stale page' ? 'stale page' : 'page', line: f.after === undefined ? 1 : firstDifference(f.before.replace(/\r\n/g, '\n'), f.after.replace(/\r\n/g, '\n')) + 1 });
  }
  return drift;
}

/** Unified diffs for every drifting file (per section for Markdown sections). */
export function diffsOf(plan: DocsPlan): string[] {
  const out: string[] = [];
  for (const f of plan.files) {
    if (f.before === f.after) continue;
    if (f.kind === 'sections') {
      for (const s of f.sections ?? []) {
        if (s.before === s.after) continue;
        out.push(createTwoFilesPatch(`a/${f.file}#${s.name}`, `b/${f.file}#${s.name}`, `${s.before}\n`, `${s.after}\n`, '', '', { context: 2 }));
      }
    } else {
      const before = (f.before ?? '').replace(/\r\n/g, '\n');
      const after = (f.after ?? '').replace(/\r\n/g, '\n');
      out.push(createTwoFilesPatch(f.before === undefined ? '/dev/null' : `a/${f.file}`, f.after === undefined ? '/dev/null' : `b/${f.file}`, before, after, '', '', { context: 2 }));
    }
  }
  return out;
}

/**
 * Writes the plan: every new content is already rendered; each file is
 * written to a temp file and renamed over its target (atomic per file).
 * Reference pages go first and the marked sections of README/AGENT/the
 * architecture document last, so a run that is killed part-way leaves those
 * sections as they were, never a mix.
 */
export function writePlan(root: string, plan: DocsPlan): string[] {
  const changed = plan.files.filter((f) => f.before !== f.after);
  const ordered = [...changed.filter((f) => f.kind !== 'sections'), ...changed.filter((f) => f.kind === 'sections')];
  writeFiles(root, ordered.map((f) => ({ file: f.file, content: f.after })), 'generated docs');
  return changed.map((f) => f.file);
}

/** Removes temp files that interrupted runs left beside the docs; returns them (root-relative). */
export function removeStaleTempFiles(project: DocsInput, plan: DocsPlan): string[] {
  const dirs = [project.config.referenceDir, ...plan.files.map((f) => path.posix.dirname(f.file)), ...project.config.targets.map((t) => path.posix.dirname(t.file))];
  const stale = staleTempFiles(project.root, dirs);
  for (const file of stale) rmSync(path.join(project.root, file), { force: true });
  return stale;
}

/**
 * `pgscribe fix`: the findings that have one safe fix (rerunnable-ddl,
 * call-on-function, seed-not-idempotent) are fixed in the SQL files, and the
 * fix is proven before anything is written.
 *
 * - Edits come from the rules (findings carry a `fix`); only the statement's
 *   own bytes change: every edit is on one line and holds no line break, so
 *   comments, layout and line endings (CRLF stays CRLF) stay as they were.
 * - Rounds: fixing a statement can make another one the second run reaches
 *   fail (a table that is now kept makes a later rename meet it), so the
 *   files are linted again in memory and fixed again, until nothing is left
 *   to fix (at most five rounds).
 * - Only unlocked migrations and seeds are edited; a finding in a locked
 *   migration is listed with its follow-up, unless `acceptLocked` (then the
 *   file is edited and re-locked, so the reviewer sees the lock change).
 * - The proof: the model of the fixed files equals the model before (a fix
 *   never changes the schema), and, replayed, the first pass applies as it
 *   did and no fixed statement fails on the second pass. Nothing is written
 *   unless the proof holds (or `verify: false` skips the replay and says so).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { PgscribeError } from './errors.js';
import { lintProject, type LintOptions } from './lint/engine.js';
import { updateLock } from './lock.js';
import type { Model } from './model/types.js';
import { loadProject } from './pipeline.js';
import type { LoadedFile, Project } from './project.js';
import type { Finding, TextEdit } from './report/findings.js';
import type { FixedStatement, FixReport } from './report/fix.js';
import { verify, type VerifyResult } from './replay/verify.js';
import { writeFiles } from './sources/write.js';

export interface FixOptions extends LintOptions {
  /** Fix only these files (root-relative); default: every migration and seed. */
  only?: string[];
  /** Report what would change; write nothing. */
  dryRun?: boolean;
  /** Edit locked migrations too, and re-lock them. */
  acceptLocked?: boolean;
  /** Replay to prove the fix (default true). */
  verify?: boolean;
  /** Replay on this server instead of PGlite. */
  databaseUrl?: string;
  progress?: (line: string) => void;
}

/** What `fix` did (its shape is report/fix.ts's, which renders it). */
export type FixResult = FixReport;

const fixableRules = new Set(['rerunnable-ddl', 'call-on-function', 'seed-not-idempotent']);

/** The files' texts as on disk (what the edits apply to). */
function rawTexts(project: Project): Map<string, string> {
  const texts = new Map<string, string>();
  for (const f of [...project.migrations, ...project.seeds]) texts.set(f.data.file, readFileSync(path.join(project.root, f.data.file), 'utf8'));
  return texts;
}

/** A file's raw text with its line starts (after each `\n`), for edits by line and column. */
interface RawFile {
  text: string;
  starts: number[];
}

function rawFile(text: string): RawFile {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { text, starts };
}

/**
 * Where an edit goes in the raw text, or undefined when the raw line is not
 * the line the edit was made on (placeholders substituted, a blanked goose
 * section): the positions would not be the file's.
 */
function offsetOf(raw: RawFile, loaded: LoadedFile, e: TextEdit): number | undefined {
  const start = raw.starts[e.line - 1];
  if (start === undefined) return undefined;
  const end = e.line < raw.starts.length ? raw.starts[e.line] : raw.text.length;
  const rawLine = raw.text.slice(start, end).replace(/\r?\n$/, '');
  const bom = e.line === 1 && rawLine.startsWith('\uFEFF') ? 1 : 0;
  if (rawLine.slice(bom) !== loaded.parsed.source.lineText(e.line)) return undefined;
  return start + bom + e.column - 1;
}

/** Applies edits (each of which has an offset) to the raw text, last first. */
function applyEdits(raw: RawFile, loaded: LoadedFile, edits: TextEdit[]): string {
  let out = raw.text;
  const placed = edits.map((e) => ({ e, at: offsetOf(raw, loaded, e) ?? -1 })).sort((a, b) => b.at - a.at);
  for (const { e, at } of placed) out = out.slice(0, at) + e.text + out.slice(at + e.length);
  return out;
}

/** A part of the model without where things came from: what a fix must leave as it was. */
const shapeOf = (value: unknown): string => JSON.stringify(value, (key, v) => (key === 'source' || key === 'changedBy' || key === 'guarded' ? undefined : v));

/** How an object of the model is told apart from the others of its part. */
function objectKey(o: Record<string, unknown>): string {
  const table = o.table as { schema?: string; name?: string } | undefined;
  return [o.schema, table?.schema, table?.name, o.name, o.signature, o.objects, o.grantees].map((x) => JSON.stringify(x ?? null)).join('|');
}

/**
 * What the fix changed in the model: every object the migrations made before
 * is still there, unchanged (a fix never changes the schema). New objects are
 * allowed only where a statement that failed before now runs (CALL on a
 * function made SELECT: what the call creates is what its author meant).
 */
function shapeDifferences(before: Model, after: Model, allowedNew: Set<string>): string[] {
  const parts = ['schemas', 'extensions', 'tables', 'views', 'types', 'sequences', 'functions', 'triggers', 'policies', 'indexes', 'grants'] as const;
  const out: string[] = [];
  for (const part of parts) {
    const old = new Map((before[part] as unknown as Array<Record<string, unknown>>).map((o) => [objectKey(o), o]));
    const now = new Map((after[part] as unknown as Array<Record<string, unknown>>).map((o) => [objectKey(o), o]));
    for (const [k, o] of old) {
      const n = now.get(k);
      const name = `${part.replace(/e?s$/, '')} ${String(o.schema ? `${o.schema}.` : '')}${String(o.name ?? o.signature ?? '')}`;
      if (!n) out.push(`${name} is gone after the fix: a fix must not change the schema`);
      else if (shapeOf(o) !== shapeOf(n)) out.push(`${name} differs after the fix: a fix must not change the schema`);
    }
    for (const [k, n] of now) {
      const source = n.source as { file: string; line: number } | undefined;
      if (!old.has(k) && !(source && allowedNew.has(`${source.file}:${source.line}`))) out.push(`${part.replace(/e?s$/, '')} ${String(n.name ?? '')} is new after the fix: a fix must not change the schema`);
    }
  }
  return out;
}

/** The project loaded from memory: `texts` for the SQL files, the config and the lock as they are. */
function loadFixed(project: Project, texts: Map<string, string>, lockText: string | undefined): Promise<Project> {
  const files: Record<string, string> = Object.fromEntries(texts);
  files['pgscribe.config.json'] = JSON.stringify(project.config);
  if (lockText !== undefined) files[project.config.lockFile] = lockText;
  return loadProject({ root: project.root, files });
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const firstPassKey = (f: Finding) => `${f.file}\u0000${f.message}`;

/** The edits of one plan: the fixed texts, the statements fixed, and the project loaded from them. */
interface Plan {
  texts: Map<string, string>;
  fixed: FixedStatement[];
  /** Each fixed statement's lines, by file (what the proof attributes a failure to). */
  ranges: Array<{ file: string; line: number; endLine: number }>;
  current: Project;
  findings: Finding[];
  locked: Map<string, Finding>;
  lockedEdited: Set<string>;
}

/** `file:line` of a statement's start: stable across rounds (edits insert no line breaks). */
const startKey = (file: string, line: number) => `${file}:${line}`;

/**
 * Lints, applies the fixes, lints again (rounds), skipping the statements in
 * `withdrawn`. A fixed statement that the rule still flags without a fix is
 * withdrawn too (its fix does not make it re-run): the caller plans again.
 */
async function plan(project: Project, findingsBefore: Finding[], options: FixOptions, original: Map<string, string>, lockText: string | undefined, withdrawn: Map<string, string>): Promise<Plan> {
  const only = options.only ? new Set(options.only) : undefined;
  const lintOptions: LintOptions = { now: options.now, strict: options.strict };
  const texts = new Map(original);
  const fixed: FixedStatement[] = [];
  const ranges: Plan['ranges'] = [];
  const locked = new Map<string, Finding>();
  const lockedEdited = new Set<string>();
  let current = project;
  let findings = findingsBefore;
  for (let round = 0; round < 10; round++) {
    const byFile = new Map<string, Finding[]>();
    const seen = new Set<string>();
    for (const f of findings) {
      const key = startKey(f.file, f.line);
      if (!f.fix || f.suppressed || !fixableRules.has(f.rule) || (only && !only.has(f.file)) || seen.has(key) || withdrawn.has(key)) continue;
      if (f.baseline && !options.acceptLocked) {
        locked.set(key, f);
        continue;
      }
      seen.add(key);
      if (f.baseline) lockedEdited.add(f.file);
      byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    }
    let applied = 0;
    for (const [file, list] of byFile) {
      const loaded = [...current.migrations, ...current.seeds].find((m) => m.data.file === file);
      const text = texts.get(file);
      if (!loaded || text === undefined) continue;
      const raw = rawFile(text);
      const accepted = list.filter((f) => f.fix!.edits.every((e) => offsetOf(raw, loaded, e) !== undefined));
      for (const f of list) if (!accepted.includes(f)) withdrawn.set(startKey(f.file, f.line), 'its line is not as written in the file (placeholders, or a section the format blanks)');
      const next = applyEdits(raw, loaded, accepted.flatMap((f) => f.fix!.edits));
      if (next === raw.text) continue;
      texts.set(file, next);
      applied += accepted.length;
      for (const f of accepted) {
        const lines = (t: string) => t.split(/\r?\n/).slice(f.line - 1, f.endLine).join('\n');
        const known = fixed.find((x) => x.file === file && x.line === f.line);
        if (known) known.after = lines(next);
        else {
          fixed.push({ file, line: f.line, endLine: f.endLine, rule: f.rule, description: f.fix!.description, before: lines(text), after: lines(next) });
          ranges.push({ file, line: f.line, endLine: f.endLine });
        }
      }
    }
    if (applied === 0) break;
    options.progress?.(`fix: round ${round + 1}: ${applied} statement${applied === 1 ? '' : 's'}`);
    current = await loadFixed(project, texts, lockText);
    findings = lintProject(current, lintOptions);
  }
  return { texts, fixed, ranges, current, findings, locked, lockedEdited };
}

/** Fixed statements the rule still flags with no fix: the fix does not make them re-run. */
function stillFailing(p: Plan): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of p.findings) {
    if (f.fix || !fixableRules.has(f.rule)) continue;
    const range = p.ranges.find((r) => r.file === f.file && r.line <= f.line && f.line <= r.endLine);
    if (range) out.set(startKey(range.file, range.line), `after the fix it still fails when the migrations run again: ${f.message}`);
  }
  return out;
}

export async function fixProject(project: Project, options: FixOptions = {}): Promise<FixResult> {
  const only = options.only ? new Set(options.only) : undefined;
  for (const file of only ?? []) {
    if (![...project.migrations, ...project.seeds].some((f) => f.data.file === file)) throw new PgscribeError('usage', `fix: ${file} is no migration or seed of this project`);
  }
  const original = rawTexts(project);
  const lockText = readOptional(path.join(project.root, project.config.lockFile));
  const withdrawn = new Map<string, string>();
  // The files as they are are linted once; each plan starts from these findings.
  const findingsBefore = lintProject(project, { now: options.now, strict: options.strict });
  const proof: FixResult['proof'] = { replayed: false, failures: [] };
  let before: VerifyResult | undefined;
  let p: Plan;
  // Plan; withdraw the fixes the rule or the replay shows do not work; plan again without them.
  for (let attempt = 0; ; attempt++) {
    p = await plan(project, findingsBefore, options, original, lockText, withdrawn);
    const failing = stillFailing(p);
    if (failing.size > 0 && attempt < 5) {
      for (const [k, why] of failing) withdrawn.set(k, why);
      continue;
    }
    proof.failures = [];
    proof.replayed = false;
    delete proof.rerunFailures;
    if (p.fixed.length === 0) break;
    const calls = new Set(p.fixed.filter((f) => f.rule === 'call-on-function').map((f) => startKey(f.file, f.line)));
    proof.failures.push(...shapeDifferences(project.model, p.current.model, calls));
    if (options.verify === false || proof.failures.length > 0) break;
    if (!before) {
      options.progress?.('fix: replaying the migrations as they were');
      before = await verify(project, { databaseUrl: options.databaseUrl });
    }
    options.progress?.('fix: replaying the fixed migrations');
    const after = await verify(p.current, { databaseUrl: options.databaseUrl });
    proof.replayed = true;
    proof.engine = after.engine;
    proof.rerunFailures = { before: before.migrations.rerunFailures, after: after.migrations.rerunFailures };
    const failures = replayFailures(before, after, p.ranges);
    if (failures.size === 0 || attempt >= 5) {
      proof.failures.push(...[...failures.values()]);
      break;
    }
    for (const [k, why] of failures) withdrawn.set(k, why);
  }
  const inScope = (f: Finding) => fixableRules.has(f.rule) && !f.suppressed && (!only || only.has(f.file)) && (!f.baseline || options.acceptLocked);
  const changed = [...p.texts].filter(([file, text]) => original.get(file) !== text).map(([file]) => file);
  const result: FixResult = {
    fixed: p.fixed,
    withdrawn: [...withdrawn].map(([key, why]) => ({ file: key.slice(0, key.lastIndexOf(':')), line: Number(key.slice(key.lastIndexOf(':') + 1)), why })),
    locked: [...p.locked.values()].filter((f) => !p.fixed.some((x) => x.file === f.file && x.line === f.line)),
    remaining: p.findings.filter(inScope),
    proof,
    diffs: changed.map((file) => createTwoFilesPatch(`a/${file}`, `b/${file}`, original.get(file) ?? '', p.texts.get(file) ?? '', '', '', { context: 2 })),
    written: [],
    relocked: [],
  };
  if (options.dryRun || changed.length === 0 || proof.failures.length > 0) return result;
  writeFiles(project.root, changed.map((file) => ({ file, content: p.texts.get(file) })), 'fixed SQL files');
  result.written = changed;
  const relock = changed.filter((file) => p.lockedEdited.has(file));
  if (relock.length > 0) {
    // The reviewer sees the lock change in the diff (as with lock --accept).
    const reloaded = await loadProject({ root: project.root });
    result.relocked = updateLock(reloaded, relock).accepted;
  }
  return result;
}

/**
 * What the replay of the fixed files shows against the replay of the files as
 * they were, by fixed statement (`file:line` → why): a file whose first pass
 * fails anew withdraws its fixes; a fixed statement that fails on the second
 * pass withdraws its own.
 */
function replayFailures(before: VerifyResult, after: VerifyResult, ranges: Plan['ranges']): Map<string, string> {
  const out = new Map<string, string>();
  const firstBefore = new Set(before.findings.filter((f) => f.rule === 'replay-apply').map(firstPassKey));
  for (const f of after.findings) {
    if (f.rule === 'replay-apply' && !firstBefore.has(firstPassKey(f))) {
      for (const r of ranges) if (r.file === f.file) out.set(startKey(r.file, r.line), `with the fixes in this file its first pass fails at line ${f.line}: ${f.message}`);
    }
    if (f.rule === 'replay-rerun' || f.rule === 'replay-seed-rerun') {
      const r = ranges.find((x) => x.file === f.file && x.line <= f.line && f.line <= x.endLine);
      if (r) out.set(startKey(r.file, r.line), `after the fix it still fails on the second pass: ${f.message}`);
    }
  }
  return out;
}

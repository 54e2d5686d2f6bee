/**
 * `npm run bench`: pgscribe against squawk and a bare libpg-query parse, as
 * whole processes, on synthetic projects of three sizes, the real sets in
 * ../shared/corpus (when present) and this repository.
 *
 *   npm run bench                  # 0.4, 4 and 40 MB, corpus, this repository
 *   npm run bench -- --quick       # 0.4 and 4 MB and this repository, 3 runs
 *   npm run bench -- --runs 7 --json results.json
 *   npm run bench -- --agreement   # rerunnable-ddl against verify's second pass on the corpus
 *
 * Beside each 4 MB set of the plain style comes one of the `do-heavy` style
 * (bench/generate.ts: every step of every table guarded in a `DO` block).
 *
 * Every tool runs on the same files in the same round (tools interleaved, so
 * a slow moment of the machine hits all of them); the table shows medians.
 * Targets (issue 6) are checked at the end; the exit code is 0 either way.
 */

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printAgreement } from './agreement.js';
import { corpusConfigs, longHistories } from './corpus.js';
import { type GeneratedStyle, generateProject } from './generate.js';
import { hasGnuTime, measure, median, type Sample } from './measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pgscribeBin = path.join(repoRoot, 'bin', 'pgscribe.js');
const squawkBin = path.join(repoRoot, 'node_modules', '.bin', 'squawk');
const rawParseScript = path.join(repoRoot, 'bench', 'out', 'raw-parse.js');
const parseFloorScript = path.join(repoRoot, 'bench', 'out', 'parse-floor.js');
const cores = os.availableParallelism();
const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

interface Options {
  scales: number[];
  runs: number;
  corpus: boolean;
  json: string;
  agreement: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { scales: [0.4, 4, 40], runs: 5, corpus: true, json: path.join(repoRoot, 'bench', 'out', 'results.json'), agreement: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      options.scales = [0.4, 4];
      options.runs = 3;
      options.corpus = false;
    } else if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i]));
    else if (arg === '--scales') options.scales = argv[++i].split(',').map(Number);
    else if (arg === '--no-corpus') options.corpus = false;
    else if (arg === '--json') options.json = path.resolve(argv[++i]);
    else if (arg === '--agreement') options.agreement = true;
    else {
      process.stderr.write(`bench: unknown option ${arg}\nusage: npm run bench -- [--quick] [--runs N] [--scales 0.4,4,40] [--no-corpus] [--json FILE] [--agreement]\n`);
      process.exit(2);
    }
  }
  return options;
}

interface Tool {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean "ran to the end" (findings are fine). */
  ok: number[];
  /** Run before each sample (not timed), and undone after it. */
  around?: { before: (round: number) => void; after: () => void };
}

interface BenchSet {
  name: string;
  dir: string;
  bytes: number;
  files: number;
  /** Megabytes of SQL asked for (synthetic sets of the plain style only: they make the scaling rows). */
  scale?: number;
  /** A synthetic set's style other than plain. */
  style?: GeneratedStyle;
  tools: Tool[];
}

interface ToolResult {
  wall: number;
  cpu?: number;
  rss?: number;
  samples: Sample[];
}

interface SetResult {
  name: string;
  bytes: number;
  files: number;
  scale?: number;
  style?: GeneratedStyle;
  results: Record<string, ToolResult>;
  /** The parse floor's wall time: the faster of its one-thread and every-core runs. */
  floor: number;
  ratios: Record<string, number>;
}

const docsWithMarkers: Record<string, string> = {
  'README.md': '# Project\n\n<!-- pgscribe:begin database-and-seeds -->\n<!-- pgscribe:end database-and-seeds -->\n',
  'AGENT.md': '# Agent notes\n\n<!-- pgscribe:begin database-guardrails -->\n<!-- pgscribe:end database-guardrails -->\n',
  'Project_Architecture_Document.md': '# Architecture\n\n<!-- pgscribe:begin database-architecture -->\n<!-- pgscribe:end database-architecture -->\n',
};

/** Runs pgscribe for set-up; exit 1 (findings, e.g. a corpus file Postgres 18 cannot parse) still did the work. */
function pgscribe(dir: string, ...args: string[]): string {
  try {
    return execFileSync(process.execPath, [pgscribeBin, '--root', dir, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (failed.status === 1 && failed.stdout !== undefined) return failed.stdout;
    throw new Error(`pgscribe ${args.join(' ')} in ${dir} exited ${failed.status}: ${failed.stderr ?? ''}`);
  }
}

/** The migration and seed files pgscribe reads in `dir`, as absolute paths, and their size. */
function sqlFiles(dir: string): { files: string[]; bytes: number } {
  const json = pgscribe(dir, 'inspect', '--format', 'json');
  const model = JSON.parse(json) as { migrations: Array<{ file: string }>; seeds: Array<{ file: string }> };
  const files = [...model.migrations, ...model.seeds].map((f) => path.join(dir, f.file));
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  return { files, bytes };
}

/** Docs generated and migrations locked, so `check` and `lint` time a clean project. */
function prepare(dir: string): void {
  for (const [file, text] of Object.entries(docsWithMarkers)) {
    if (!existsSync(path.join(dir, file))) writeFileSync(path.join(dir, file), text);
  }
  pgscribe(dir, 'lock');
  pgscribe(dir, 'generate');
}

function toolsFor(dir: string, files: string[], listFile: string): Tool[] {
  writeFileSync(listFile, `${files.join('\n')}\n`);
  // Cold runs: the result cache (when the root has node_modules) would answer from the second round on.
  const cli = (command: string): Tool => ({ name: `pgscribe ${command}`, command: process.execPath, args: [pgscribeBin, '--no-cache', '--root', dir, command], ok: [0, 1] });
  return [
    cli('lint'),
    cli('check'),
    cli('inspect'),
    { name: 'raw parse', command: process.execPath, args: [rawParseScript, listFile], ok: [0] },
    // The floor on one thread and on every core; the faster is the floor (a worker does not pay on small sets).
    { name: 'parse floor 1 thread', command: process.execPath, args: [parseFloorScript, listFile, '1'], ok: [0] },
    { name: `parse floor ${cores} threads`, command: process.execPath, args: [parseFloorScript, listFile, String(cores)], ok: [0] },
    { name: 'squawk', command: squawkBin, args: files, ok: [0, 1] },
  ];
}

function syntheticSet(work: string, scale: number, style: GeneratedStyle = 'plain'): BenchSet {
  const dir = path.join(work, `synthetic-${style}-${scale}mb`);
  generateProject(dir, scale * 1_000_000, style);
  prepare(dir);
  const { files, bytes } = sqlFiles(dir);
  const tools = toolsFor(dir, files, path.join(work, `synthetic-${style}-${scale}.list`));
  if (scale === 4) tools.push(oneFileEdited(dir, files, path.join(work, `cache-${style}-${scale}mb`)));
  const name = style === 'plain' ? `synthetic ${scale} MB` : `synthetic ${style} ${scale} MB`;
  return { name, dir, bytes, files: files.length, ...(style === 'plain' ? { scale } : { style }), tools };
}

/**
 * `lint` after one migration in the middle of the project changed (a new
 * comment line each sample, so the result cache never answers), with the
 * parse cache the warm-up round filled; the file is put back after each sample.
 */
function oneFileEdited(dir: string, files: string[], cache: string): Tool {
  const migrations = files.filter((f) => f.includes(`${path.sep}migrations${path.sep}`));
  const file = migrations[Math.floor(migrations.length / 2)];
  const original = readFileSync(file);
  return {
    name: 'pgscribe lint (one file edited)',
    command: process.execPath,
    args: [pgscribeBin, '--cache-location', cache, '--root', dir, 'lint'],
    ok: [0, 1],
    around: { before: (round) => writeFileSync(file, Buffer.concat([original, Buffer.from(`\n-- bench edit ${round}\n`)])), after: () => writeFileSync(file, original) },
  };
}

function corpusSet(work: string, name: keyof typeof corpusConfigs): BenchSet {
  const dir = path.join(work, `corpus-${name}`);
  cpSync(path.join(corpusRoot, name), dir, { recursive: true });
  writeFileSync(path.join(dir, 'README.md'), docsWithMarkers['README.md']);
  writeFileSync(path.join(dir, 'pgscribe.config.json'), JSON.stringify({ ...corpusConfigs[name], lockFile: 'migrations.lock' }, null, 2));
  prepare(dir);
  const { files, bytes } = sqlFiles(dir);
  return { name: `corpus ${name}`, dir, bytes, files: files.length, tools: toolsFor(dir, files, path.join(work, `corpus-${name}.list`)) };
}

function repositorySet(work: string): BenchSet {
  const { files, bytes } = sqlFiles(repoRoot);
  const tools = toolsFor(repoRoot, files, path.join(work, 'repository.list'));
  tools.push({ name: 'npm run docs:check', command: 'npm', args: ['run', '--silent', 'docs:check'], ok: [0] });
  // With a warm result cache (the warm-up round fills it): hash the inputs, read one entry, print.
  tools.push({ name: 'pgscribe check (warm cache)', command: process.execPath, args: [pgscribeBin, '--root', repoRoot, 'check'], ok: [0] });
  tools.push({ name: "node -e ''", command: process.execPath, args: ['-e', ''], ok: [0] });
  return { name: 'this repository', dir: repoRoot, bytes, files: files.length, tools };
}

function runSet(set: BenchSet, runs: number): SetResult {
  const samples = new Map<string, Sample[]>(set.tools.map((t) => [t.name, []]));
  // One warm-up round (file cache, WASM on disk), not counted.
  for (let round = 0; round <= runs; round++) {
    for (const tool of set.tools) {
      tool.around?.before(round);
      let sample;
      try {
        sample = measure(tool.command, tool.args, set.dir);
      } finally {
        tool.around?.after();
      }
      if (!tool.ok.includes(sample.exitCode)) {
        throw new Error(`${tool.name} on ${set.name} exited ${sample.exitCode}:\n${sample.stderr.slice(0, 2000)}`);
      }
      if (round > 0) samples.get(tool.name)?.push({ wall: sample.wall, cpu: sample.cpu, rss: sample.rss, exitCode: sample.exitCode });
    }
  }
  const results: Record<string, ToolResult> = {};
  for (const [name, list] of samples) {
    const cpu = list.every((s) => s.cpu !== undefined) ? median(list.map((s) => s.cpu ?? 0)) : undefined;
    const rss = list.every((s) => s.rss !== undefined) ? median(list.map((s) => s.rss ?? 0)) : undefined;
    results[name] = { wall: median(list.map((s) => s.wall)), cpu, rss, samples: list };
  }
  const floor = Math.min(...Object.entries(results).filter(([name]) => name.startsWith('parse floor')).map(([, r]) => r.wall));
  const wall = (name: string) => (name === 'parse floor' ? floor : results[name].wall);
  const ratio = (a: string, b: string) => wall(a) / wall(b);
  return {
    name: set.name,
    bytes: set.bytes,
    files: set.files,
    scale: set.scale,
    style: set.style,
    results,
    floor,
    ratios: {
      'lint / squawk': ratio('pgscribe lint', 'squawk'),
      'check / raw parse': ratio('pgscribe check', 'raw parse'),
      'inspect / raw parse': ratio('pgscribe inspect', 'raw parse'),
      'parse floor / squawk': ratio('parse floor', 'squawk'),
      'parse floor / raw parse': ratio('parse floor', 'raw parse'),
      'lint / parse floor': ratio('pgscribe lint', 'parse floor'),
      'check / parse floor': ratio('pgscribe check', 'parse floor'),
    },
  };
}

interface Scaling {
  from: string;
  to: string;
  bytes: number;
  time: Record<string, number>;
}

function scalingOf(results: SetResult[]): Scaling[] {
  const synthetic = results.filter((r) => r.scale !== undefined).sort((a, b) => (a.scale ?? 0) - (b.scale ?? 0));
  const out: Scaling[] = [];
  for (let i = 1; i < synthetic.length; i++) {
    const [a, b] = [synthetic[i - 1], synthetic[i]];
    const time: Record<string, number> = {};
    for (const tool of Object.keys(a.results)) time[tool] = b.results[tool].wall / a.results[tool].wall;
    out.push({ from: a.name, to: b.name, bytes: b.bytes / a.bytes, time });
  }
  return out;
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));

function table(results: SetResult[], scaling: Scaling[]): string {
  const lines: string[] = [];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  lines.push(row(['set', 'MB', 'files', 'tool', 'wall s', 'cpu s', 'peak RSS MiB']));
  lines.push(row(['---', '---:', '---:', '---', '---:', '---:', '---:']));
  for (const r of results) {
    for (const [tool, t] of Object.entries(r.results)) {
      lines.push(row([r.name, fmt(r.bytes / 1e6), String(r.files), tool, fmt(t.wall, 3), fmt(t.cpu, 3), fmt(t.rss, 0)]));
    }
  }
  lines.push('');
  const ratioNames = Object.keys(results[0]?.ratios ?? {});
  lines.push(row(['set', ...ratioNames]));
  lines.push(row(['---', ...ratioNames.map(() => '---:')]));
  for (const r of results) lines.push(row([r.name, ...ratioNames.map((name) => fmt(r.ratios[name]))]));
  if (scaling.length > 0) {
    lines.push('');
    const tools = Object.keys(scaling[0].time);
    lines.push(row(['input growth', 'bytes ×', ...tools.map((t) => `${t} time ×`)]));
    lines.push(row(['---', '---:', ...tools.map(() => '---:')]));
    for (const s of scaling) lines.push(row([`${s.from} → ${s.to}`, fmt(s.bytes, 1), ...tools.map((t) => fmt(s.time[t]))]));
  }
  return lines.join('\n');
}

interface Target {
  name: string;
  value: number | undefined;
  limit: number;
  pass: boolean | undefined;
}

function targets(results: SetResult[], scaling: Scaling[]): Target[] {
  const out: Target[] = [];
  const check = (name: string, value: number | undefined, limit: number) =>
    out.push({ name, value, limit, pass: value === undefined ? undefined : value <= limit });
  const peakRss = (r: SetResult, label: string) => {
    for (const tool of ['pgscribe lint', 'pgscribe check', 'pgscribe inspect']) check(`${tool} peak RSS on ${label} ≤ 200 MiB`, r.results[tool].rss, 200);
  };
  const four = results.find((r) => r.scale === 4);
  if (four) {
    check('lint wall on 4 MB ≤ 1.0 × squawk', four.ratios['lint / squawk'], 1.0);
    check('check wall on 4 MB ≤ 1.3 × raw parse', four.ratios['check / raw parse'], 1.3);
    peakRss(four, '4 MB');
  }
  for (const r of results) check(`lint on ${r.name} ≤ 1.4 × parse floor`, r.ratios['lint / parse floor'], 1.4);
  const doHeavy = results.find((r) => r.style === 'do-heavy');
  if (doHeavy) check(`lint on ${doHeavy.name} ≤ 2.3 × squawk`, doHeavy.ratios['lint / squawk'], 2.3);
  for (const r of [four, doHeavy]) {
    const edited = r?.results['pgscribe lint (one file edited)'];
    if (r && edited) check(`lint after editing one file on ${r.name} ≤ 0.3 × squawk`, edited.wall / r.results.squawk.wall, 0.3);
  }
  if (doHeavy) peakRss(doHeavy, doHeavy.name);
  for (const s of scaling) {
    for (const tool of ['pgscribe lint', 'pgscribe check', 'pgscribe inspect']) {
      check(`${tool}: ${s.from} → ${s.to} (${fmt(s.bytes, 1)}× bytes) time × ≤ 1.1 × bytes ×`, s.time[tool], 1.1 * s.bytes);
    }
  }
  const repo = results.find((r) => r.name === 'this repository');
  if (repo) check('npm run docs:check on this repository ≤ 0.35 s', repo.results['npm run docs:check'].wall, 0.35);
  if (repo) check("check with a warm cache on this repository ≤ 1.8 × node -e ''", repo.results['pgscribe check (warm cache)'].wall / repo.results["node -e ''"].wall, 1.8);
  return out;
}

/**
 * What the parser floor says about the two ratio targets on 4 MB: each
 * limit in seconds beside the floor's own wall time, so a limit below the
 * floor (unreachable for any tool built on libpg-query that sees what
 * pgscribe sees, on this machine) shows as such.
 */
function floorNotes(results: SetResult[]): string[] {
  const four = results.find((r) => r.scale === 4);
  if (!four) return [];
  const { floor } = four;
  const notes: Array<[string, number]> = [
    ['lint ≤ 1.0 × squawk', four.results.squawk.wall * 1.0],
    ['check ≤ 1.3 × raw parse', four.results['raw parse'].wall * 1.3],
  ];
  return notes.map(([target, limit]) => {
    const verdict = limit < floor ? 'below the parse floor' : `${fmt(limit - floor, 3)} s above the parse floor`;
    return `  ${target} on 4 MB allows ${fmt(limit, 3)} s; the parse floor is ${fmt(floor, 3)} s: the limit is ${verdict}`;
  });
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (options.agreement) {
    if (!existsSync(corpusRoot)) throw new Error(`bench --agreement needs ${corpusRoot}`);
    printAgreement(pgscribeBin, corpusRoot, { ...corpusConfigs, ...longHistories }, (text) => process.stdout.write(text));
    return;
  }
  if (!existsSync(squawkBin)) throw new Error(`squawk not found at ${squawkBin}: run npm ci`);
  if (!hasGnuTime) process.stderr.write('bench: /usr/bin/time not found (Debian package "time"): CPU and RSS columns are empty\n');
  const work = mkdtempSync(path.join(os.tmpdir(), 'pgscribe-bench-'));
  const results: SetResult[] = [];
  try {
    const sets: Array<() => BenchSet> = options.scales.map((scale) => () => syntheticSet(work, scale));
    if (options.scales.includes(4)) sets.splice(options.scales.indexOf(4) + 1, 0, () => syntheticSet(work, 4, 'do-heavy'));
    if (options.corpus && existsSync(corpusRoot)) {
      for (const name of Object.keys(corpusConfigs) as Array<keyof typeof corpusConfigs>) sets.push(() => corpusSet(work, name));
    }
    sets.push(() => repositorySet(work));
    for (const make of sets) {
      const set = make();
      const runs = (set.scale ?? 0) >= 40 ? Math.min(options.runs, 3) : options.runs;
      process.stderr.write(`bench: ${set.name} (${fmt(set.bytes / 1e6)} MB, ${set.files} files), ${runs} runs…\n`);
      results.push(runSet(set, runs));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const scaling = scalingOf(results);
  const checked = targets(results, scaling);
  process.stdout.write(`${table(results, scaling)}\n\nTargets:\n`);
  for (const t of checked) {
    const verdict = t.pass === undefined ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    process.stdout.write(`  ${verdict} ${t.name}: ${fmt(t.value)} (limit ${fmt(t.limit)})\n`);
  }
  const notes = floorNotes(results);
  if (notes.length > 0) process.stdout.write(`\nParse floor (bench/parse-floor.ts: only the parser calls pgscribe's findings need, the faster of one thread and every core):\n${notes.join('\n')}\n`);
  mkdirSync(path.dirname(options.json), { recursive: true });
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30, node: process.version, platform: `${os.platform()} ${os.arch()}` };
  writeFileSync(options.json, `${JSON.stringify({ machine, runs: options.runs, sets: results, scaling, targets: checked, floor: notes.map((n) => n.trim()) }, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${path.relative(process.cwd(), options.json) || options.json}\n`);
}

main();

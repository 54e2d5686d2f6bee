/**
 * `pgscribe init`: adopt pgscribe in an existing repository. Detects the
 * migration layout, writes `pgscribe.config.json` (explaining each guess),
 * adds section markers to README.md (and AGENT.md / the architecture document
 * when they exist) without touching their other text, and locks every
 * existing migration so the team starts from a baseline. Re-running it
 * changes nothing; `dryRun` only reports the plan.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfigFile } from './config/load.js';
import { defaultTargets, type ConfigInput, type Target } from './config/schema.js';
import { findSections, lineEnding } from './docs/markers.js';
import { updateLock } from './lock.js';
import { loadProject } from './pipeline.js';
import { assertProjectRoot } from './project.js';
import { PgscribeError } from './errors.js';
import { expandGlobs, globToRegExp } from './sources/glob.js';
import { writeFiles } from './sources/write.js';
import { counted } from './text.js';

export interface InitStep {
  action: 'write config' | 'keep config' | 'add markers' | 'keep markers' | 'create lock' | 'lock';
  file: string;
  why: string;
}

export interface InitResult {
  steps: InitStep[];
  config: ConfigInput;
  next: string[];
}

interface Layout {
  name: string;
  config: ConfigInput;
  why: string[];
}

/** The first (by name) folder matched by `pattern`, a glob of folders such as `packages/<any>/prisma`, that holds `file`, a glob below it. */
function firstDir(root: string, pattern: string, file: string): string | undefined {
  const depth = file.split('/').length;
  const folder = globToRegExp(pattern);
  const dirs = expandGlobs(root, [`${pattern}/${file}`])
    .map((f) => f.split('/').slice(0, -depth).join('/'))
    .filter((d) => folder.test(d));
  return [...new Set(dirs)].sort()[0];
}

/** The format the files of a folder are written in: goose and dbmate mark their Up sections. */
function formatOf(root: string, files: string[]): 'goose' | 'dbmate' | undefined {
  for (const file of files.slice(0, 20)) {
    let text = '';
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    if (/^--\s*\+goose\s+up\b/im.test(text)) return 'goose';
    if (/^--\s*migrate:up\b/im.test(text)) return 'dbmate';
  }
  return undefined;
}

const lockIn = (dir: string) => `${dir}/migrations.lock`;

/** The seed globs among `globs` that match a file. */
function existingSeeds(root: string, globs: string[]): string[] {
  return globs.filter((g) => expandGlobs(root, [g]).length > 0);
}

function detectSupabase(root: string): Layout | undefined {
  const base = ['supabase', 'apps/*/supabase', 'packages/*/supabase'].map((p) => firstDir(root, p, 'migrations/*.sql')).find(Boolean);
  if (base === undefined) return undefined;
  const seeds = existingSeeds(root, [`${base}/seed.sql`, `${base}/seeds/*.sql`]);
  return {
    name: base === 'supabase' ? 'Supabase' : `Supabase (${base})`,
    config: {
      migrations: [`${base}/migrations/*.sql`],
      seeds,
      externalSchemas: ['auth', 'storage', 'extensions'],
      lockFile: `${base}/migrations.lock`,
      replay: { shim: 'supabase', searchPath: ['public', 'extensions'] },
    },
    why: [
      `found ${base}/migrations/*.sql: a Supabase project`,
      seeds.length > 0 ? `seeds: ${seeds.join(', ')}` : 'no supabase seed file found',
      'auth, storage and extensions exist outside the migrations on Supabase (externalSchemas)',
      'verify replays with the Supabase shim (roles, auth.uid(), auth.users)',
    ],
  };
}

function detectPrisma(root: string): Layout | undefined {
  const base = ['prisma', 'packages/*/prisma', 'apps/*/prisma'].map((p) => firstDir(root, p, 'migrations/*/migration.sql')).find(Boolean);
  if (base === undefined) return undefined;
  return {
    name: `Prisma (${base}/migrations)`,
    config: { migrations: [`${base}/migrations/*/migration.sql`], seeds: [], order: 'version', lockFile: lockIn(`${base}/migrations`) },
    why: [`found ${base}/migrations/*/migration.sql: Prisma migrations`, 'every file is migration.sql, so the folder names (timestamps) give the order ("version")', 'Prisma seeds are scripts, not SQL: no seeds'],
  };
}

function detectDiesel(root: string): Layout | undefined {
  const base = ['migrations', 'db/migrations', '*/migrations'].map((p) => firstDir(root, p, '*/up.sql')).find(Boolean);
  if (base === undefined) return undefined;
  return {
    name: `diesel (${base}/*/up.sql)`,
    config: { migrations: [`${base}/*/up.sql`], seeds: [], order: 'version', lockFile: lockIn(base) },
    why: [`found ${base}/*/up.sql: one folder per migration (diesel); the down.sql files are not migrations`, 'the folders are named by version (YYYY-MM-DD-HHMMSS_name): ordered by that version, not lexically'],
  };
}

function detectUpDown(root: string): Layout | undefined {
  const ups = expandGlobs(root, ['**/*[._]up.sql']);
  if (ups.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const f of ups) counts.set(path.posix.dirname(f), (counts.get(path.posix.dirname(f)) ?? 0) + 1);
  const dir = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0][0];
  const underscore = ups.some((f) => path.posix.dirname(f) === dir && f.endsWith('_up.sql'));
  const glob = `${dir === '.' ? '' : `${dir}/`}*${underscore ? '[._]' : '.'}up.sql`;
  return {
    name: `up/down pairs (${glob})`,
    config: { migrations: [glob], seeds: [], order: 'numeric', lockFile: lockIn(dir) },
    why: [`found ${glob} beside *.down.sql files (sqlx, golang-migrate): only the up files are migrations`, 'ordered by their numeric version prefix'],
  };
}

function detectPlain(root: string): Layout | undefined {
  for (const dir of ['database/migrations', 'db/migrations', 'db/migrate', 'migrations', 'sql/migrations', 'sql']) {
    const files = expandGlobs(root, [`${dir}/*.sql`]);
    if (files.length === 0) continue;
    const format = formatOf(root, files);
    const parent = path.posix.dirname(dir) === '.' ? '' : `${path.posix.dirname(dir)}/`;
    const seeds = existingSeeds(root, dir === 'sql' ? ['sql/seeds/*.sql'] : [`${parent}seeds/*.sql`, `${parent}seed.sql`]);
    const defaults = dir === 'database/migrations' && !format && seeds.length > 0;
    const config: ConfigInput = defaults ? {} : { migrations: [`${dir}/*.sql`], seeds, lockFile: dir === 'database/migrations' ? 'database/migrations.lock' : lockIn(dir) };
    if (format) config.format = format;
    return {
      name: format ? `${format} (${dir})` : dir,
      config,
      why: [
        `found ${dir}/*.sql${defaults ? " and database/seeds: pgscribe's defaults fit" : ''}`,
        format ? `the files hold both directions (${format === 'goose' ? '-- +goose Up / Down' : '-- migrate:up / down'}): only the Up section is the migration (format "${format}")` : 'plain SQL files, run in numeric-prefix order',
        seeds.length > 0 ? `seeds: ${seeds.join(', ')}` : 'no seed files found',
      ],
    };
  }
  return undefined;
}

/**
 * The fallback: the folder, anywhere in the repository, that sits in a
 * `migrations` (or `migrate`) folder and holds the most `.sql` files
 * (`cmd/app/migrate/migrations`, `migrations/tenant`).
 */
function detectAnyMigrationsFolder(root: string): Layout | undefined {
  const counts = new Map<string, number>();
  for (const file of expandGlobs(root, ['**/*.sql'])) {
    const dir = path.posix.dirname(file);
    if (dir.split('/').some((part) => /^(migrations?|migrate)$/i.test(part))) counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts].sort(([a, x], [b, y]) => y - x || a.length - b.length || (a < b ? -1 : 1))[0];
  if (!best) return undefined;
  const [dir, count] = best;
  const format = formatOf(root, expandGlobs(root, [`${dir}/*.sql`]));
  const config: ConfigInput = { migrations: [`${dir}/*.sql`], seeds: [], lockFile: lockIn(dir) };
  if (format) config.format = format;
  return {
    name: format ? `${format} (${dir})` : dir,
    config,
    why: [`found ${counted(count, 'SQL file')} in ${dir}, the largest migrations folder`, format ? `the files hold both directions: only the Up section is the migration (format "${format}")` : 'plain SQL files, run in numeric-prefix order', 'no seeds: add "seeds" globs if the project has SQL seeds'],
  };
}

/** The migration layouts init knows, most specific first. */
const detectors = [detectSupabase, detectPrisma, detectDiesel, detectUpDown, detectPlain, detectAnyMigrationsFolder];

function detectLayout(root: string): Layout | undefined {
  for (const detect of detectors) {
    const layout = detect(root);
    if (layout) return layout;
  }
  return undefined;
}

/** The layouts `detectLayout` knows, for the message when none is found. */
const knownLayouts = [
  'supabase/migrations/*.sql (also apps/*/supabase, packages/*/supabase)',
  'prisma/migrations/*/migration.sql (also packages/*/prisma, apps/*/prisma)',
  'migrations/*/up.sql (diesel)',
  '**/*.up.sql (sqlx, golang-migrate)',
  'database/migrations/*.sql, db/migrations/*.sql, db/migrate/*.sql, migrations/*.sql, sql/migrations/*.sql, sql/*.sql (plain, goose or dbmate)',
  'any folder inside a migrations or migrate folder that holds .sql files',
];

function markerBlock(section: string, eol: string): string {
  return [`<!-- pgscribe:begin ${section} -->`, `<!-- pgscribe:end ${section} -->`].join(eol);
}

function writeAtomic(root: string, file: string, text: string): void {
  writeFiles(root, [{ file: path.relative(root, file).split(path.sep).join('/'), content: text }], 'init');
}

/** A layout from globs the user gave (`init --migrations GLOB`), with the format their files are in. */
function givenLayout(root: string, globs: string[]): Layout {
  const files = expandGlobs(root, globs);
  if (files.length === 0) throw new PgscribeError('usage', `--migrations ${globs.join(' ')}: no file matches (globs are relative to the root)`);
  const format = formatOf(root, files);
  const config: ConfigInput = { migrations: globs, seeds: [] };
  if (format) config.format = format;
  return { name: `given (${globs.join(', ')})`, config, why: [`${counted(files.length, 'file')} match`, format ? `format "${format}"` : 'plain SQL files'] };
}

export async function init(rootDir: string, options: { dryRun?: boolean; migrations?: string[] } = {}): Promise<InitResult> {
  const root = path.resolve(rootDir);
  assertProjectRoot(root, rootDir);
  const steps: InitStep[] = [];
  const configPath = path.join(root, defaultConfigFile);
  const detected = options.migrations?.length ? givenLayout(root, options.migrations) : detectLayout(root);
  if (!detected && !existsSync(configPath)) {
    // An empty config would make `check` vacuously green: say what was looked for instead, before writing anything.
    throw new PgscribeError('usage', `no migrations found in ${rootDir}: looked for ${knownLayouts.join(', ')}; run init --migrations GLOB, or write a pgscribe.config.json with "migrations" (globs)`);
  }
  const layout = detected ?? { name: 'from the config', config: {}, why: [] };
  const targets: Target[] = defaultTargets.filter((t) => t.file === 'README.md' || existsSync(path.join(root, t.file)));
  let config: ConfigInput = { ...layout.config, targets };
  if (existsSync(configPath)) {
    config = JSON.parse(readFileSync(configPath, 'utf8').replace(/^\uFEFF/, '')) as ConfigInput;
    steps.push({ action: 'keep config', file: defaultConfigFile, why: 'it exists already; init never overwrites it' });
  } else {
    steps.push({ action: 'write config', file: defaultConfigFile, why: `layout: ${layout.name}; ${layout.why.join('; ')}` });
    if (!options.dryRun) writeAtomic(root, configPath, `${JSON.stringify(config, null, 2)}\n`);
  }
  for (const target of config.targets ?? targets) {
    const file = path.join(root, target.file);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const known = (config.targets ?? targets).filter((t) => t.file === target.file).map((t) => t.section);
    if (before !== undefined && findSections(target.file, before, known).some((s) => s.name === target.section)) {
      steps.push({ action: 'keep markers', file: target.file, why: `section ${target.section} is there already` });
      continue;
    }
    const eol = before ? lineEnding(before) : '\n';
    const base = before ?? `# ${path.basename(root)}${eol}`;
    const separator = base.endsWith(eol) ? eol : `${eol}${eol}`;
    const after = `${base}${separator}${markerBlock(target.section, eol)}${eol}`;
    steps.push({ action: 'add markers', file: target.file, why: `${before === undefined ? (options.dryRun ? 'would create the file; ' : 'created the file; ') : ''}appended the ${target.section} section at the end; nothing else changes` });
    if (!options.dryRun) writeAtomic(root, file, after);
  }
  const lockFile = (config.lockFile as string | undefined) ?? 'database/migrations.lock';
  if (!options.dryRun) {
    const project = await loadProject({ root });
    const lock = updateLock(project);
    if (lock.added.length > 0) steps.push({ action: existsSync(path.join(root, lockFile)) ? 'lock' : 'create lock', file: lockFile, why: `locked ${lock.added.length} existing migration${lock.added.length === 1 ? '' : 's'}: their findings become baseline warnings; new migrations are held to every rule` });
  } else {
    steps.push({ action: 'lock', file: lockFile, why: 'every existing migration would be locked (baseline)' });
  }
  return {
    steps,
    config,
    next: ['npx pgscribe generate   # write the generated sections', 'npx pgscribe check      # what CI runs: drift + guardrails', 'npx pgscribe verify     # replay on embedded Postgres'],
  };
}

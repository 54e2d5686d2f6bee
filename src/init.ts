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
import { assertProjectRoot, loadProject } from './project.js';
import { PgscribeError } from './errors.js';
import { expandGlobs } from './sources/glob.js';
import { writeFiles } from './sources/write.js';

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

function detectLayout(root: string): Layout | undefined {
  const has = (glob: string) => expandGlobs(root, [glob]).length > 0;
  if (has('supabase/migrations/*.sql')) {
    const seeds = ['supabase/seed.sql', 'supabase/seeds/*.sql'].filter(has);
    return {
      name: 'Supabase',
      config: {
        migrations: ['supabase/migrations/*.sql'],
        seeds,
        externalSchemas: ['auth', 'storage', 'extensions'],
        lockFile: 'supabase/migrations.lock',
        replay: { shim: 'supabase', searchPath: ['public', 'extensions'] },
      },
      why: [
        'found supabase/migrations/*.sql: a Supabase project',
        seeds.length > 0 ? `seeds: ${seeds.join(', ')}` : 'no supabase seed file found',
        'auth, storage and extensions exist outside the migrations on Supabase (externalSchemas)',
        'verify replays with the Supabase shim (roles, auth.uid(), auth.users)',
      ],
    };
  }
  if (has('database/migrations/*.sql')) {
    return { name: 'database/', config: {}, why: ['found database/migrations/*.sql and database/seeds: pgscribe\'s defaults fit'] };
  }
  if (has('migrations/*/up.sql')) {
    return {
      name: 'migrations/*/up.sql',
      config: { migrations: ['migrations/*/up.sql'], seeds: ['seeds/*.sql'], order: 'lexical', lockFile: 'migrations/migrations.lock' },
      why: ['found migrations/*/up.sql (one folder per migration)', 'folders are ordered by name (lexical): their names carry the timestamp'],
    };
  }
  if (has('db/migrations/*.sql')) {
    return {
      name: 'db/migrations',
      config: { migrations: ['db/migrations/*.sql'], seeds: ['db/seeds/*.sql', 'db/seed.sql'], lockFile: 'db/migrations.lock' },
      why: ['found db/migrations/*.sql', 'seeds looked for in db/seeds/*.sql and db/seed.sql'],
    };
  }
  return undefined;
}

/** The layouts `detectLayout` knows, for the message when none is found. */
const knownLayouts = ['supabase/migrations/*.sql', 'database/migrations/*.sql', 'migrations/*/up.sql', 'db/migrations/*.sql'];

function markerBlock(section: string, eol: string): string {
  return [`<!-- pgscribe:begin ${section} -->`, `<!-- pgscribe:end ${section} -->`].join(eol);
}

function writeAtomic(root: string, file: string, text: string): void {
  writeFiles(root, [{ file: path.relative(root, file).split(path.sep).join('/'), content: text }], 'init');
}

export async function init(rootDir: string, options: { dryRun?: boolean } = {}): Promise<InitResult> {
  const root = path.resolve(rootDir);
  assertProjectRoot(root, rootDir);
  const steps: InitStep[] = [];
  const configPath = path.join(root, defaultConfigFile);
  const detected = detectLayout(root);
  if (!detected && !existsSync(configPath)) {
    // An empty config would make `check` vacuously green: say what was looked for instead, before writing anything.
    throw new PgscribeError('usage', `no migrations found in ${rootDir}: looked for ${knownLayouts.join(', ')}; write a pgscribe.config.json with "migrations" (globs) and run init again`);
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
    steps.push({ action: 'add markers', file: target.file, why: `${before === undefined ? 'created the file; ' : ''}appended the ${target.section} section at the end; nothing else changes` });
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

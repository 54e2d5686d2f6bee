/**
 * View data for the three default sections: README `database-and-seeds`,
 * AGENT `database-guardrails` and the architecture document's
 * `database-architecture`. Built from the model and config only.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Config, configKeyDocs, configSchema } from '../config/schema.js';
import { lookup, objectNamed, qualify } from '../model/lookup.js';
import type { Model, ObjectName, SeedInfo, TableDef } from '../model/types.js';
import { hrefTo } from './paths.js';
import { fitErDiagramsOf } from './diagrams.js';
import { auditFeeds, createsSummary, distinctNames, documentedSchemas, linker, policyCommands, policyMatrix, tablePage } from './view.js';


function seedView(seed: SeedInfo, link: ReturnType<typeof linker>, name: string) {
  const guard = seed.guard;
  let guardText = '—';
  if (guard) {
    const quoted = guard.values.map((v) => `\`${v}\``);
    const values = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted.join('');
    guardText = guard.raises
      ? `raises unless \`${guard.setting}\` is ${guard.mode === 'allow' ? values : `not ${values}`}`
      : `only warns (no real guard) on \`${guard.setting}\``;
  } else if (seed.class === 'dev') guardText = '**none — add one**';
  return {
    file: seed.file,
    link: link.file(seed.file),
    name,
    dev: seed.class === 'dev',
    classText: seed.class === 'dev' ? '**DEV/TEST ONLY**' : 'system — safe in every environment',
    writes: seed.targets.map((t) => `\`${t.schema}.${t.table}\`${t.rows !== undefined ? ` (${t.rows})` : ''}`).join(', ') || '—',
    idempotent: seed.targets.length === 0 ? '— (writes nothing)' : seed.targets.every((t) => t.onConflict || t.notExists) ? 'yes (ON CONFLICT / NOT EXISTS)' : 'no',
    guard: guardText,
  };
}

export function commonView(model: Model, config: Config, pageFile: string) {
  const link = linker(path.posix.dirname(pageFile));
  const tablesBySchema = (schema: string) => lookup(model).tablesIn(schema).filter((t) => !t.partitionOf);
  const names = distinctNames(model.migrations.map((m) => m.file));
  const seedNames = distinctNames(model.seeds.map((s) => s.file));
  const migrations = model.migrations.map((m) => ({
    order: m.order,
    file: m.file,
    name: names.get(m.file) ?? path.basename(m.file),
    link: link.file(m.file),
    statements: m.statements,
    creates: createsSummary(m.creates) || (m.statements === 0 ? 'nothing (no statements)' : 'changes only'),
  }));
  const latest = config.readmeMigrations === 0 ? [] : migrations.slice(-config.readmeMigrations);
  return {
    schemas: documentedSchemas(model).map((s) => ({ name: s.name, comment: s.comment ?? '', tables: tablesBySchema(s.name).length, source: s.source ? link(s.source) : undefined })),
    migrations,
    /** The latest `readmeMigrations` migrations, for a README that stays short on a long history. */
    latestMigrations: latest,
    earlierMigrations: migrations.length - latest.length,
    migrationsPage: hrefTo(path.posix.dirname(pageFile), `${config.referenceDir}/migrations.md`),
    migrationsPageLabel: path.posix.relative(path.posix.dirname(pageFile), `${config.referenceDir}/migrations.md`),
    seeds: model.seeds.map((s) => seedView(s, link, seedNames.get(s.file) ?? path.basename(s.file))),
    systemSeeds: model.seeds.filter((s) => s.class === 'system').map((s) => s.file),
    devSeeds: model.seeds.filter((s) => s.class === 'dev').map((s) => s.file),
    environmentSetting: config.environmentSetting,
    allowedEnvironments: config.allowedEnvironments,
    firstAllowed: config.allowedEnvironments[0],
    auditTable: config.auditTable,
    referenceIndex: hrefTo(path.posix.dirname(pageFile), `${config.referenceDir}/index.md`),
    referenceIndexLabel: path.posix.relative(path.posix.dirname(pageFile), `${config.referenceDir}/index.md`),
    link,
  };
}

export function readmeView(model: Model, config: Config, pageFile: string) {
  const common = commonView(model, config, pageFile);
  const feeds = auditFeeds(model, config);
  const audited = [...new Set(feeds.map((f) => f.table))];
  const audit = lookup(model).table(objectNamed(config.auditTable));
  return {
    ...common,
    auditedTables: audited,
    auditedTableList: audited.map((t) => `\`${t}\``).join(', '),
    auditHasDefault: audit?.partitions.some((p) => p.bound.kind === 'default') ?? false,
    hasAudit: audited.length > 0,
  };
}

/** Rule ids the guardrail section names; each links to docs/rules/<id>.md once that page exists. */
export const guardrailRuleIds = [
  'migration-naming', 'rerunnable-ddl', 'call-on-function', 'volatile-generated-column', 'seed-not-idempotent',
  'seed-volatile-timestamp', 'dev-seed-unguarded', 'rls-disabled', 'rls-without-policy', 'policy-without-rls',
  'security-definer-search-path', 'unindexed-foreign-key', 'partition-horizon', 'migration-edited', 'migration-unlocked',
  'seed-ddl', 'trigger-disabled-outside-dev', 'seed-sensitive-data', 'seed-outside-partitions', 'undefined-reference',
];

export function agentView(model: Model, config: Config, pageFile: string, root: string) {
  const common = commonView(model, config, pageFile);
  const rules: Record<string, string | undefined> = {};
  for (const id of guardrailRuleIds) {
    const page = `docs/rules/${id}.md`;
    if (existsSync(path.join(root, page))) rules[id] = hrefTo(path.posix.dirname(pageFile), page);
  }
  const audited = [...new Set(auditFeeds(model, config).map((f) => f.table))];
  return {
    ...common,
    rules,
    auditedTables: audited,
    lockFile: config.lockFile,
    lockExists: existsSync(path.join(root, config.lockFile)),
    exposedSchemas: config.exposedSchemas,
    securityDefiners: model.functions.filter((f) => f.securityDefiner).map((f) => `${f.schema}.${f.signature}`),
  };
}

/** The architecture view's diagrams of `tables`, fitted to what GitHub renders; `erDiagram` is the first, for older templates. */
function erDiagramsOf(model: Model, tables: TableDef[]) {
  const fitted = fitErDiagramsOf(model, tables, false);
  return { erDiagram: fitted.diagrams[0], erDiagrams: fitted.diagrams, erDiagramNote: fitted.note };
}

export function architectureView(model: Model, config: Config, pageFile: string) {
  const common = commonView(model, config, pageFile);
  const audit = lookup(model).table(objectNamed(config.auditTable));
  const feeds = auditFeeds(model, config);
  const rlsTables = model.tables
    .filter((t) => !t.partitionOf)
    .map((t) => {
      const policies = lookup(model).policiesOn(t);
      const matrix = policyMatrix(policies);
      return {
        name: qualify(t),
        rls: t.rls.enabled ? (t.rls.forced ? 'forced' : 'on') : 'off',
        commands: policyCommands.map((c) => matrix[c].map((p) => `${p.name} (${p.roles.join(', ')})`).join('; ') || '—'),
      };
    });
  const main = documentedSchemas(model)
    .map((s) => ({ name: s.name, count: lookup(model).tablesIn(s.name).filter((t) => !t.partitionOf).length }))
    .sort((a, b) => b.count - a.count)[0]?.name;
  const mainTables = main === undefined ? [] : lookup(model).tablesIn(main).filter((t) => !t.partitionOf);
  return {
    ...common,
    audit: audit
      ? {
          name: qualify(audit),
          key: audit.partitionKey ? `${audit.partitionKey.strategy} (${audit.partitionKey.columns.join(', ')})` : 'not partitioned',
          partitions: audit.partitions.map((p) => ({ name: `${p.schema}.${p.name}`, bound: p.bound.text, source: common.link(p.source) })),
          source: common.link(audit.source),
        }
      : undefined,
    feeds: feeds.map((f) => ({ table: f.table, trigger: f.trigger.name, timing: `${f.trigger.timing} ${f.trigger.events.join('/')}`, function: qualify(f.trigger.function) })),
    rlsTables,
    mainSchema: main,
    ...erDiagramsOf(model, mainTables),
    tablePage: (t: ObjectName) => tablePage(model, config, t),
  };
}

/** pgscribe's own reference (config keys, rules), for a README that documents the tool itself. */
export function toolView(root: string, pageFile: string, rules: ReadonlyArray<{ id: string; defaultSeverity: string; description: string }>) {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const brief = (value: unknown) => {
    const text = JSON.stringify(value) ?? '(none)';
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  return {
    configKeys: Object.entries(configKeyDocs).map(([key, description]) => ({ key, description, default: brief(defaults[key]) })),
    rules: rules.map((r) => {
      const page = `docs/rules/${r.id}.md`;
      return {
        id: r.id,
        severity: r.defaultSeverity,
        description: r.description,
        link: existsSync(path.join(root, page)) ? hrefTo(path.posix.dirname(pageFile), page) : undefined,
      };
    }),
  };
}

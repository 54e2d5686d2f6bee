/**
 * Handlebars rendering. Templates are Markdown, so HTML escaping is off and
 * values are escaped by the helpers (`cell`, `code`) where Markdown needs it.
 * Built-in templates ship in the package's `templates/`; a target may name a
 * file relative to the project root instead.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { PgscribeError } from '../errors.js';
import { packageRoot } from '../package.js';
import { sha256 } from '../sources/read.js';
import { cell, code, psqlQuote, shellQuote } from './markdown.js';

export const builtinTemplateDir = path.join(packageRoot, 'templates');
/** Built-in templates compiled at build time (precompile-templates.ts), beside the build; none under the tests. */
export const precompiledFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates.precompiled.cjs');
/**
 * `knownHelpers`: calls to the helpers below compile to direct calls instead
 * of a look-up of a helper-or-property at every use (a reference of thousands
 * of pages renders ~15 % faster). A template may still use its own data names.
 */
export const compileOptions = {
  noEscape: true,
  strict: false,
  knownHelpers: { cell: true, code: true, join: true, eq: true, rule: true, plural: true, shell: true, psql: true },
} as const;

const engine = Handlebars.create();
engine.registerHelper('cell', (value: unknown) => cell(value));
engine.registerHelper('code', (value: unknown) => code(value));
/** `{{shell path}}`: a path quoted for a POSIX shell; `{{psql path}}`: quoted for a psql meta-command. */
engine.registerHelper('shell', (value: unknown) => shellQuote(value));
engine.registerHelper('psql', (value: unknown) => psqlQuote(value));
engine.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''));
engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
/** `{{rule rules "id"}}`: the rule id, linked to its doc page when the page exists. */
engine.registerHelper('rule', (links: unknown, id: string) => {
  const href = links && typeof links === 'object' ? (links as Record<string, string | undefined>)[id] : undefined;
  return href ? `[\`${id}\`](${href})` : `\`${id}\``;
});
engine.registerHelper('plural', (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`);

const cache = new Map<string, Handlebars.TemplateDelegate>();

type Precompiled = Record<string, { hash: string; spec: TemplateSpecification }>;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];
let precompiled: Precompiled | undefined;

/** The build's precompiled built-in templates (empty when the build did not make them, e.g. under vitest). */
function precompiledTemplates(): Precompiled {
  if (!precompiled) {
    try {
      precompiled = createRequire(import.meta.url)(precompiledFile) as Precompiled;
    } catch {
      precompiled = {};
    }
  }
  return precompiled;
}

/** A template's compiled form: the build's, when it was made from exactly this source. */
function compile(templateFile: string, source: string): Handlebars.TemplateDelegate {
  if (path.dirname(templateFile) === builtinTemplateDir) {
    const entry = precompiledTemplates()[path.basename(templateFile)];
    if (entry && entry.hash === sha256(source)) return engine.template(entry.spec);
  }
  return engine.compile(source, compileOptions);
}

/** Resolves a template name: a project file if it exists, else a built-in one. */
export function resolveTemplate(root: string, template: string): string {
  const local = path.resolve(root, template);
  if (existsSync(local)) return local;
  const builtin = path.join(builtinTemplateDir, template);
  if (existsSync(builtin)) return builtin;
  throw new PgscribeError('config', `template "${template}" not found (expected a file relative to the root, or a built-in template in ${builtinTemplateDir})`, { file: 'pgscribe.config.json' });
}

export function render(templateFile: string, data: unknown): string {
  let compiled = cache.get(templateFile);
  if (!compiled) {
    compiled = compile(templateFile, readFileSync(templateFile, 'utf8').replace(/\r\n/g, '\n'));
    cache.set(templateFile, compiled);
  }
  try {
    return tidy(compiled(data));
  } catch (error) {
    throw new PgscribeError('config', `template failed: ${(error as Error).message}`, { file: templateFile });
  }
}

/** Collapses runs of blank lines left by template blocks and trims the ends. */
function tidy(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/**
 * Loading and validating `pgscribe.config.json`.
 *
 * Errors name the file and the key path (`rules.rerunnable-ddl`,
 * `targets[1].section`) with what was expected and what was found, and are
 * thrown as PgscribeError (exit code 2).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { PgscribeError } from '../errors.js';
import { findJsonProblem } from './json-position.js';
import { type Config, configSchema } from './schema.js';

export const defaultConfigFile = 'pgscribe.config.json';

export interface LoadedConfig {
  config: Config;
  /** The config file, relative to the root, or undefined when defaults were used. */
  file?: string;
}

function keyPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(top level)';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, segments: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function formatIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? ` in ${keyPath(issue.path)}` : '';
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}`;
  }
  const found = describeValue(valueAt(raw, issue.path));
  const expected = issue.message.replace(/^Invalid (input|option): expected /, '').replace(/, received \w+$/, '');
  return `${keyPath(issue.path)}: expected ${expected}, found ${found}`;
}

/** Validates a parsed config object; `file` is used in error messages. */
export function parseConfig(raw: unknown, file = defaultConfigFile): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => formatIssue(issue, raw));
  throw new PgscribeError('config', `invalid config: ${messages.join('; ')}`, { file });
}

/**
 * Reads the config from `root` (or the explicit `configPath`). A missing
 * default file means "use the defaults"; a missing explicit file is an error.
 */
export function loadConfig(root: string, configPath?: string): LoadedConfig {
  const file = configPath ?? defaultConfigFile;
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  if (!existsSync(absolute)) {
    if (configPath) throw new PgscribeError('config', `config file not found (expected a JSON file at ${relative})`, { file: relative });
    return { config: configSchema.parse({}) };
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new PgscribeError('io', `cannot read config: ${(error as Error).message}`, { file: relative });
  }
  return { config: configFromText(text, relative), file: relative };
}

/** A config from the text of its file (`file` names it in errors). */
export function configFromText(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const problem = findJsonProblem(text);
    const found = problem ? JSON.stringify(text.slice(problem.offset, problem.offset + 12)) : 'invalid JSON';
    const detail = problem ? `expected ${problem.expected}, found ${found === '""' ? 'the end of the file' : found}` : 'it could not be parsed';
    throw new PgscribeError('config', `config is not valid JSON: ${detail}`, { file, line: problem?.line });
  }
  return parseConfig(raw, file);
}

/**
 * The PL/pgSQL parser is run without muting stderr (see src/sql/plpgsql.ts):
 * on the bodies known to trouble it, it raises and prints nothing. This runs
 * them through `pgscribe lint` and fails if anything reaches stderr.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from '../helpers.js';

const bodies = {
  'a syntax error': 'BEGIN IF THEN END',
  'an unknown RAISE option': 'BEGIN RAISE EXCEPTION USING x; END',
  'nesting past the parser stack (IF)': `BEGIN ${'IF true THEN '.repeat(12000)}NULL;${' END IF;'.repeat(12000)} END`,
  'nesting past the parser stack (blocks)': `BEGIN ${'BEGIN '.repeat(12000)}NULL;${' END;'.repeat(12000)} END`,
  'nesting past the parser stack (parentheses)': `BEGIN PERFORM ${'('.repeat(12000)}1${')'.repeat(12000)}; END`,
  'a lone surrogate': 'BEGIN PERFORM \uD800; END',
};

describe('PL/pgSQL bodies the parser rejects', () => {
  it('leave stderr empty, and the rest of the file is still read', () => {
    const sql = Object.entries(bodies).map(([what, body]) => `-- ${what}\nDO $body$${body}$body$;\n`).join('') + 'CREATE TABLE IF NOT EXISTS after_them (id int);\n';
    const root = tempProject({ 'database/migrations/001_m.sql': sql, 'pgscribe.config.json': '{"exposedSchemas": []}' });
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'pgscribe.js'), '--root', root, 'inspect'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('after_them');
  });
});

/** Issue 14.2: foreign keys show the referenced columns, implied ones marked, and link only to pages that exist. */
import { describe, expect, it } from 'vitest';
import { docsOf } from './helpers.js';

const files = {
  'database/migrations/001_a.sql': [
    'CREATE TABLE accounts (id uuid PRIMARY KEY);',
    'CREATE TABLE profiles (',
    '  id uuid PRIMARY KEY REFERENCES auth.users ON DELETE CASCADE,',
    '  account_id uuid REFERENCES accounts,',
    '  owner_email text REFERENCES auth.users (email)',
    ');',
    '',
  ].join('\n'),
};

describe('foreign keys on a table page', () => {
  it('names the primary key of an external table as implied, never "()"', async () => {
    const page = (await docsOf(files)).get('docs/database/public.profiles.md')!;
    expect(page).not.toContain('()');
    expect(page).toContain('`(id) → auth.users (its primary key, implied) on delete cascade`');
  });

  it("shows a known table's primary key columns, marked as implied", async () => {
    const page = (await docsOf(files)).get('docs/database/public.profiles.md')!;
    expect(page).toContain('`(account_id) → public.accounts (id; implied: the primary key) on delete no action`');
    expect(page).toContain('`(owner_email) → auth.users (email) on delete no action`');
  });

  it('links a referenced table only when it has a page', async () => {
    const docs = await docsOf(files);
    const page = docs.get('docs/database/public.profiles.md')!;
    expect(page).toContain('- [`public.accounts`](public.accounts.md) through (account_id)');
    expect(page).toContain('- `auth.users` (not created by the migrations) through (id)');
    expect(page).not.toContain('auth.users.md');
    expect(docs.has('docs/database/auth.users.md')).toBe(false);
  });
});

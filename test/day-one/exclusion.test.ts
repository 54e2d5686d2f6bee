/** Issue 14.3: an exclusion constraint reads as pg_get_constraintdef prints it, its WHERE after the elements. */
import { describe, expect, it } from 'vitest';
import { docsOf } from './helpers.js';

describe('exclusion constraints on a table page', () => {
  it('prints EXCLUDE USING method (elements) WHERE (predicate)', async () => {
    const docs = await docsOf({
      'database/migrations/001_a.sql':
        "CREATE EXTENSION btree_gist;\nCREATE TABLE booking (room int, during tstzrange, status text,\n  CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (status <> 'cancelled'));\n",
    });
    expect(docs.get('docs/database/public.booking.md')).toContain("`EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (status <> 'cancelled')`");
  });

  it('prints no WHERE for a constraint without one', async () => {
    const docs = await docsOf({ 'database/migrations/001_a.sql': 'CREATE TABLE t (c circle, EXCLUDE USING gist (c WITH &&));\n' });
    expect(docs.get('docs/database/public.t.md')).toContain('| `t_c_excl` | exclusion | `EXCLUDE USING gist (c WITH &&)` |');
  });
});

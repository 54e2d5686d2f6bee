/**
 * `pgscribe fix` on a copy of each corpus history: the fix is proven (the
 * model keeps every object, the first pass applies as before, no fixed
 * statement fails the second pass), every fix that is left is one the proof
 * withdrew, the replay's re-run failures fall, and a second fix has nothing
 * left to do.
 */
import { chmodSync, cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusConfigs, longHistories } from '../bench/corpus.js';
import { fix, loadProject } from '../src/index.js';
import { corpusRoot, tempProject } from './helpers.js';

const present = existsSync(corpusRoot);
if (!present) console.warn(`fix corpus tests skipped: ${corpusRoot} is absent`);

/** Makes a copied tree writable (the corpus is read-only). */
function writable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) writable(file);
    else chmodSync(file, 0o644);
  }
}

describe.skipIf(!present)('fix on the corpus', () => {
  it.each(Object.entries({ ...corpusConfigs, ...longHistories }))('%s', async (name, config) => {
    const root = tempProject({});
    cpSync(path.join(corpusRoot, name), root, { recursive: true });
    writable(root);
    writeFileSync(path.join(root, 'pgscribe.corpus.json'), JSON.stringify(config));
    const load = () => loadProject({ root, config: 'pgscribe.corpus.json' });
    const result = await fix(await load());
    expect(result.proof.failures).toEqual([]);
    const unfixed = result.remaining.filter((f) => f.fix && !result.withdrawn.some((w) => w.file === f.file && w.line === f.line));
    expect(unfixed.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    // the proof replayed both (its first pass applies as before); the re-run failures fall
    if (result.fixed.length > 0) {
      expect(result.proof.replayed).toBe(true);
      expect(result.proof.rerunFailures!.after).toBeLessThan(result.proof.rerunFailures!.before);
    }
    const again = await fix(await load());
    expect(again.fixed).toEqual([]);
  }, 300_000);
});

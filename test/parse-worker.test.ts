/**
 * Parsing ahead in a worker thread (src/sql/prefetch.ts) changes where the
 * parser runs, never what a load finds: the model and every finding are the
 * same with the worker as without it, on projects with syntax errors, nested
 * DO blocks, dynamic EXECUTE, PL/pgSQL functions and non-ASCII text, on this
 * repository and on the corpus; and a worker that dies leaves the main thread
 * parsing alone, with the same result.
 *
 * The worker script only exists built, so this test loads the built library
 * (dist/, made by `npm test`'s build step).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusConfigs } from '../bench/corpus.js';
import type { PrefetchJob, PrefetchResult } from '../src/sql/prefetch-protocol.js';
import type { Answers, ParseSession as ParseSessionType } from '../src/sql/wasm.js';
import type { LoadOptions, Project } from '../src/project.js';
import type { Finding } from '../src/report/findings.js';
import { corpusRoot, repoRoot, tempProject } from './helpers.js';

const dist = (file: string) => import(pathToFileURL(path.join(repoRoot, 'dist', file)).href);
const { loadProject } = (await dist('pipeline.js')) as { loadProject: (options: LoadOptions) => Promise<Project> };
const { lintProject, syntaxFindings } = (await dist('lint/engine.js')) as { lintProject: (p: Project, o: { now: Date }) => Finding[]; syntaxFindings: (p: Project) => Finding[] };
const { emptyAnswers, ParseSession } = (await dist('sql/wasm.js')) as { emptyAnswers: () => Answers; ParseSession: new () => ParseSessionType };
const { ParsePrefetch } = (await dist('sql/prefetch.js')) as {
  ParsePrefetch: { prototype: { answersFor: (i: number) => unknown; send: (files: unknown) => void } };
};

const now = new Date('2026-06-01T00:00:00Z');
const originalAnswersFor = ParsePrefetch.prototype.answersFor;
const originalSend = ParsePrefetch.prototype.send;
afterEach(() => {
  ParsePrefetch.prototype.answersFor = originalAnswersFor;
  ParsePrefetch.prototype.send = originalSend;
});

interface PrefetchInternals {
  board: Int32Array;
  broken: boolean;
}

/**
 * Counts the files whose parse the worker answered. The main thread first
 * gives the worker up to a second to claim each file, so that on these small
 * projects the worker, not the main thread, does the parsing.
 */
function countWorkerAnswers(): { files: number } {
  const count = { files: 0 };
  ParsePrefetch.prototype.answersFor = async function (this: PrefetchInternals, index: number) {
    const until = Date.now() + 1000;
    while (Atomics.load(this.board, index) === 0 && !this.broken && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    const answers = (await originalAnswersFor.call(this, index)) as Answers | undefined;
    if (answers) count.files++;
    return answers;
  };
  return count;
}

let filesLoaded = 0;

/** What a load shows a user: the model, the syntax errors and the lint findings. */
async function outcome(root: string, parseWorker: boolean, config?: string) {
  const project = await loadProject({ root, config, parseWorker, releaseSyntaxTrees: true });
  filesLoaded += project.migrations.length + project.seeds.length;
  return JSON.stringify({ model: project.model, syntax: syntaxFindings(project), findings: lintProject(project, { now }) });
}

const tricky = {
  'database/migrations/001_schema.sql': [
    '-- Ünïcödé comment: positions after it are in UTF-16 units.',
    "CREATE TABLE people (id int PRIMARY KEY, name text DEFAULT 'Zoë', email text);",
    'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$',
    'BEGIN',
    '  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = \'people_email\') THEN',
    '    CREATE INDEX people_email ON people (email);',
    "  ELSIF to_regclass('people_name') IS NULL THEN",
    "    EXECUTE 'CREATE INDEX people_name ON people (name)';",
    '  END IF;',
    '  NEW.name := upper(NEW.name);',
    '  RETURN NEW;',
    'END $$;',
    'DO $outer$ BEGIN',
    '  BEGIN',
    '    CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();',
    '  EXCEPTION WHEN duplicate_object THEN NULL;',
    '  END;',
    "  EXECUTE 'DO $inner$ BEGIN ALTER TABLE people ADD COLUMN nick text; END $inner$';",
    'END $outer$;',
    '',
  ].join('\n'),
  'database/migrations/002_broken.sql': [
    'CREATE TABLE pets (id int PRIMARY KEY, owner int REFERENCES people (id));',
    'CREATE TABLE oops (id int PRIMARY KEY,);',
    'DO $$ BEGIN PERFORM 1; CREATE INDEX pets_owner ON pets (owner); END $$;',
    'CREATE VIEW adults AS SELECT * FROM people WHERE id > 18;',
    '',
  ].join('\n'),
  'database/migrations/003_comments_only.sql': '-- nothing here yet\n',
  'database/seeds/001_system.sql': "INSERT INTO people (id, name, email) VALUES (1, 'Ann', 'ann@gmail.com');\nDO $$ BEGIN INSERT INTO pets (id) VALUES (1); END $$;\n",
};

describe('the parse worker', () => {
  it('gives the same model and findings as the main thread alone, and did the parsing', async () => {
    const root = tempProject(tricky);
    const alone = await outcome(root, false);
    const count = countWorkerAnswers();
    filesLoaded = 0;
    const withWorker = await outcome(root, true);
    expect(withWorker).toBe(alone);
    expect(count.files).toBe(filesLoaded);
    // The fixture's facts are really in there (a syntax error, nested bodies read).
    expect(alone).toContain('002_broken.sql');
    expect(alone).toContain('people_touch');
    expect(alone).toContain('pets_owner');
  });

  it('gives the same result on this repository and on every corpus set', async () => {
    const count = countWorkerAnswers();
    filesLoaded = 0;
    const alone = await outcome(repoRoot, false);
    expect(await outcome(repoRoot, true)).toBe(alone);
    if (existsSync(corpusRoot)) {
      for (const [name, config] of Object.entries(corpusConfigs)) {
        const configFile = path.join(tempProject({}), 'pgscribe.config.json');
        writeFileSync(configFile, JSON.stringify(config));
        const root = path.join(corpusRoot, name);
        expect(await outcome(root, true, configFile), name).toBe(await outcome(root, false, configFile));
      }
    }
    // Every file of every load with the worker was parsed there (loads alone count too, hence the half).
    expect(count.files * 2).toBe(filesLoaded);
  });

  it('runs in the command line: the bundle starts the bundled worker script, which answers a job', async () => {
    const bundle = readFileSync(path.join(repoRoot, 'dist', 'cli', 'pgscribe.cjs'), 'utf8');
    expect(bundle).toContain('"parse-worker.cjs"');
    const worker = new Worker(path.join(repoRoot, 'dist', 'cli', 'parse-worker.cjs'));
    const text = tricky['database/migrations/001_schema.sql'];
    const job: PrefetchJob = { files: [{ file: 'a.sql', text }], claims: new SharedArrayBuffer(8), aheadChars: 1 << 20 };
    worker.postMessage(job);
    const result = await new Promise<PrefetchResult>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(result.index).toBe(0);
    const answer = result.answers.sql.get(text);
    expect(answer && 'json' in answer && (JSON.parse(answer.json) as { stmts: unknown[] }).stmts).toHaveLength(3);
    // The DO block, the DO nested in its EXECUTE and their statements were answered too, and the
    // function's body (the loader parses it once as PL/pgSQL, to check it): exactly the parser calls
    // the main thread makes for this file, none missing and none wasted.
    expect(result.answers.plpgsql.size).toBe(3);
    const mainThread = emptyAnswers();
    const parseSession = new ParseSession();
    parseSession.recordInto(mainThread);
    await loadProject({ root: tempProject({ 'database/migrations/001_schema.sql': text }), parseWorker: false, parseSession });
    for (const kind of ['sql', 'plpgsql'] as const) expect([...result.answers[kind].keys()].sort(), kind).toEqual([...mainThread[kind].keys()].sort());
    // Both DO bodies' outlines (what they run, their guards read) come along, so the main thread need not decode their trees.
    expect([...(result.answers.derived?.keys() ?? [])].filter((k) => k.startsWith('plpgsql-outline'))).toHaveLength(2);
  });

  it('reads DO bodies from the outlines the worker shipped: the main thread makes no PL/pgSQL parse of them', async () => {
    const root = tempProject(tricky);
    const alone = await outcome(root, false);
    countWorkerAnswers();
    const plpgsqlParses: string[] = [];
    const parseSession = new ParseSession();
    const parse = parseSession.parsePlpgsql.bind(parseSession);
    parseSession.parsePlpgsql = (text: string) => {
      plpgsqlParses.push(text);
      return parse(text);
    };
    const project = await loadProject({ root, parseWorker: true, parseSession, releaseSyntaxTrees: true });
    expect(JSON.stringify({ model: project.model, syntax: syntaxFindings(project), findings: lintProject(project, { now }) })).toBe(alone);
    expect(plpgsqlParses).toEqual([]);
  });

  it('works out the next files on the main thread while the worker is busy with the one it waits for, with the same result', async () => {
    const root = tempProject(tricky);
    const alone = await outcome(root, false);
    // The worker gets no files and seems to hold the first one for 50 ms: meanwhile the main thread takes on the next ones.
    ParsePrefetch.prototype.send = function (this: PrefetchInternals & { files: unknown; deliver: (r: { index: number; answers: undefined }) => void }, files: unknown) {
      this.files = files;
      Atomics.store(this.board, 0, 1 /* WORKER */);
      setTimeout(() => this.deliver({ index: 0, answers: undefined }), 50);
    };
    let helped = 0;
    ParsePrefetch.prototype.answersFor = function (this: PrefetchInternals, index: number) {
      const answers = originalAnswersFor.call(this, index);
      if (answers !== undefined && !(answers instanceof Promise)) helped++; // no worker answered: the main thread's own
      return answers;
    };
    expect(await outcome(root, true)).toBe(alone);
    expect(helped).toBe(Object.keys(tricky).length - 1);
  });

  it('leaves the parsing to the main thread when the worker dies, with the same result', async () => {
    const root = tempProject(tricky);
    const alone = await outcome(root, false);
    // A job the worker cannot read: it throws on arrival and exits.
    ParsePrefetch.prototype.send = function (this: { worker: { postMessage: (m: unknown) => void } }) {
      this.worker.postMessage({ files: null });
    };
    const count = countWorkerAnswers();
    expect(await outcome(root, true)).toBe(alone);
    expect(count.files).toBe(0);
  });
});

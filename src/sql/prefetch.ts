/**
 * Parsing on two cores: a worker thread runs the parser's WebAssembly calls
 * for the files ahead of the one the main thread is folding into the model,
 * and hands back libpg-query's JSON text (see wasm.ts, prefetch-worker.ts).
 *
 * Files are claimed on a shared board (prefetch-protocol.ts): the worker
 * claims files in order, staying a bounded amount of SQL ahead; the main
 * thread claims the file it is on if the worker has not, and parses it
 * itself; and while it waits for a file the worker is parsing, it works out
 * the answers for the next files neither has claimed (prefetch-answers.ts,
 * as the worker would). So neither thread waits for work the other could
 * have done, the first files are not held up by the worker starting, and
 * whatever goes wrong in the worker (it fails to start, crashes, or the build
 * has no worker script) leaves the main thread parsing alone, with the same
 * result.
 *
 * Worth it only on machines with a second core and for projects big enough
 * to pay for a second thread: one takes ~65 ms to be ready to parse, and its
 * start competes with V8's own background work, so below ~2 MB of SQL it
 * costs more than it saves (bench/after.md, round 3).
 */

import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { answersFor } from './prefetch-answers.js';
import { type ClaimBoard, FREE, MAIN, POSTED, type PrefetchJob, type PrefetchResult } from './prefetch-protocol.js';
import type { Answers } from './wasm.js';

/** Projects with less SQL than this (bytes) are parsed on the main thread alone. */
export const WORKER_THRESHOLD = 3 * 1024 * 1024;
/** How far ahead of the main thread the worker may parse (UTF-16 code units of SQL). */
const AHEAD_CHARS = 2 * 1024 * 1024;
/** How much SQL the main thread may work out ahead while it waits (UTF-16 code units): each file's answers are held until its turn. */
const HELP_CHARS = 256 * 1024;

/** The worker script: dist/sql/prefetch-worker.js, or the bundled one beside the CLI bundle. */
const workerScript = fileURLToPath(new URL('./prefetch-worker.js', import.meta.url));

/** `PGSCRIBE_PARSE_WORKER=0|1`: never or always parse in a worker (unset: by size). */
function environmentChoice(): boolean | undefined {
  const setting = process.env.PGSCRIBE_PARSE_WORKER;
  return setting === '1' ? true : setting === '0' ? false : undefined;
}

/** Whether to parse in a worker: a caller's or the environment's choice, else by size and cores. */
export function wantsWorker(totalBytes: number, choice = environmentChoice()): boolean {
  if (choice !== undefined) return choice;
  return totalBytes >= WORKER_THRESHOLD && os.availableParallelism() > 1;
}

/**
 * The worker's heap: a small young generation (the default one costs ~20 MB
 * of memory and buys no speed here), and room in the old one for the largest
 * file's JSON (about 4.5 times its SQL) besides the worker's own ~30 MB. A
 * worker that runs out anyway stops, and the main thread parses the rest.
 */
function workerHeap(largestFileBytes: number): ResourceLimits {
  return { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 + Math.ceil((6 * largestFileBytes) / (1024 * 1024)) };
}

export class ParsePrefetch {
  private readonly board: ClaimBoard;
  private readonly received = new Map<number, Answers>();
  private readonly waiting = new Map<number, (answers: Answers | undefined) => void>();
  /** Answers the main thread worked out itself while it waited (see waitHelping). */
  private readonly helped = new Map<number, Answers>();
  private files: PrefetchJob['files'] = [];
  private broken = false;

  private constructor(
    private readonly worker: Worker,
    private readonly count: number,
  ) {
    this.board = new Int32Array(new SharedArrayBuffer((count + 1) * 4));
    worker.on('message', (result: PrefetchResult) => this.deliver(result));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  /**
   * Starts a worker for files of these sizes (bytes, in order), before they
   * are read: a worker takes ~60 ms to be ready to parse. Undefined when there
   * is no worker script or it cannot start.
   */
  static spawn(fileBytes: number[]): ParsePrefetch | undefined {
    if (!existsSync(workerScript)) return undefined;
    const largest = fileBytes.reduce((max, bytes) => Math.max(max, bytes), 0);
    try {
      // Loaded here, not at start-up: most runs (small projects) never start a worker.
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
      return new ParsePrefetch(new Worker(workerScript, { resourceLimits: workerHeap(largest) }), fileBytes.length);
    } catch {
      return undefined;
    }
  }

  /** Hands the worker the files' text (as many files as `spawn` was told of, in the same order). */
  send(files: Array<{ file: string; text: string }>): void {
    this.files = files;
    const job: PrefetchJob = { files, claims: this.board.buffer as SharedArrayBuffer, aheadChars: AHEAD_CHARS };
    this.worker.postMessage(job);
  }

  /**
   * The main thread is on file `index`: the worker's answers for it, or
   * undefined when the main thread is to parse it itself.
   */
  answersFor(index: number): Answers | undefined | Promise<Answers | undefined> {
    Atomics.store(this.board, this.count, index);
    Atomics.notify(this.board, this.count);
    const own = this.helped.get(index);
    if (own) {
      this.helped.delete(index);
      return own;
    }
    if (Atomics.compareExchange(this.board, index, FREE, MAIN) === FREE) return undefined;
    const answers = this.received.get(index);
    if (answers) {
      this.received.delete(index);
      return answers;
    }
    if (this.broken) return undefined;
    // Posted: its message is on the way. Still being parsed: help meanwhile.
    if (Atomics.load(this.board, index) === POSTED) return this.arrival(index);
    return this.waitHelping(index);
  }

  /** The worker's answers for file `index` once its message is read (undefined if the worker is gone). */
  private arrival(index: number): Promise<Answers | undefined> {
    return new Promise((resolve) => this.waiting.set(index, resolve));
  }

  /**
   * Waits for the worker's answers for file `index`, which it is still
   * parsing, and meanwhile works out the answers of the files right after it
   * that the worker has not claimed (the ones the main thread wants next),
   * one at a time with a look at the worker's messages between them, at most
   * HELP_CHARS of SQL, stopping at the first file the worker has.
   */
  private async waitHelping(index: number): Promise<Answers | undefined> {
    const arrived = this.arrival(index);
    const yieldToMessages = () => new Promise((resolve) => setImmediate(resolve));
    let chars = 0;
    for (let next = index + 1; next < this.count && chars < HELP_CHARS && this.waiting.has(index); next++) {
      if (this.helped.has(next)) continue;
      if (Atomics.compareExchange(this.board, next, FREE, MAIN) !== FREE) break;
      const { file, text } = this.files[next];
      this.helped.set(next, answersFor(file, text));
      chars += text.length;
      await yieldToMessages();
    }
    return arrived;
  }

  /** Stops the worker (it may still be parsing ahead); resolves once its memory is given back. */
  async close(): Promise<void> {
    Atomics.store(this.board, this.count, this.count);
    Atomics.notify(this.board, this.count);
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // an error while it stops is no longer news
    await this.worker.terminate();
  }

  private deliver(result: PrefetchResult): void {
    const resolve = this.waiting.get(result.index);
    if (resolve) {
      this.waiting.delete(result.index);
      resolve(result.answers);
    } else this.received.set(result.index, result.answers);
  }

  /** The worker is gone: everything still waited for is parsed on the main thread. */
  private fail(): void {
    this.broken = true;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}

/**
 * The parse worker: works out the parser's answers for files ahead of the
 * main thread (prefetch-answers.ts) and posts them (see prefetch.ts for the
 * protocol).
 */

import { parentPort } from 'node:worker_threads';
import { initParser } from './parser.js';
import { answersFor } from './prefetch-answers.js';
import { type ClaimBoard, FREE, POSTED, type PrefetchJob, type PrefetchResult, WORKER } from './prefetch-protocol.js';

async function run(job: PrefetchJob): Promise<void> {
  await initParser();
  const board: ClaimBoard = new Int32Array(job.claims);
  const count = job.files.length;
  const starts = [0];
  for (const f of job.files) starts.push(starts[starts.length - 1] + f.text.length);
  for (let i = 0; i < count; i++) {
    // Stay at most `aheadChars` of SQL ahead of the file the main thread is on.
    for (;;) {
      const mainAt = Atomics.load(board, count);
      if (mainAt >= count) return;
      if (i <= mainAt + 1 || starts[i] - starts[mainAt] <= job.aheadChars) break;
      Atomics.wait(board, count, mainAt, 200);
    }
    if (Atomics.compareExchange(board, i, FREE, WORKER) !== FREE) continue;
    const result: PrefetchResult = { index: i, answers: answersFor(job.files[i].file, job.files[i].text) };
    parentPort?.postMessage(result);
    Atomics.store(board, i, POSTED);
  }
}

parentPort?.once('message', (job: PrefetchJob) => {
  void run(job);
});

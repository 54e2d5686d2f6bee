/**
 * What the main thread and the parse worker share (see prefetch.ts).
 *
 * The claim board is an Int32Array over shared memory: slot i says who parses
 * file i (FREE, WORKER or MAIN; whoever swaps FREE for its mark first; the
 * worker marks a file POSTED once its answers are on their way), and
 * the last slot is the index of the file the main thread is on (the file
 * count once it is done), which keeps the worker from running far ahead.
 */

import type { Answers } from './wasm.js';

export const FREE = 0;
export const WORKER = 1;
export const MAIN = 2;
export const POSTED = 3;

export type ClaimBoard = Int32Array;

/** The one message the main thread sends. */
export interface PrefetchJob {
  files: Array<{ file: string; text: string }>;
  /** SharedArrayBuffer of files.length + 1 Int32 slots, all FREE (0). */
  claims: SharedArrayBuffer;
  /** How much SQL (UTF-16 code units) the worker may have parsed beyond the main thread's file. */
  aheadChars: number;
}

/** A message from the worker: the answers for one file it claimed. */
export interface PrefetchResult {
  index: number;
  answers: Answers;
}

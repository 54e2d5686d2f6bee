/**
 * Clean-up on an interrupt. Stages that leave something behind while they
 * work (temp files being written, a scratch database on a server) register a
 * clean-up here for as long as it is needed; the CLI, on SIGINT or SIGTERM,
 * runs them all, prints one line and exits 130 or 143. The library never
 * installs signal handlers: an embedding program decides, and may call
 * `runInterruptCleanups` itself.
 */

export type Cleanup = () => Promise<string | undefined> | string | undefined;

const cleanups = new Set<Cleanup>();
let interrupted = false;

/** True once an interrupt's clean-ups have started: work that fails after that (a closed connection) is not an error to report. */
export function isInterrupted(): boolean {
  return interrupted;
}

/** Registers `cleanup` (which may say what it did); returns the function that unregisters it. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered clean-up once, newest first; returns what they said. Failures are reported, not thrown. */
export async function runInterruptCleanups(): Promise<string[]> {
  interrupted = true;
  const notes: string[] = [];
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      const note = await cleanup();
      if (note) notes.push(note);
    } catch (error) {
      notes.push(`clean-up failed: ${(error as Error).message}`);
    }
  }
  return notes;
}

/** Whether a process still runs: used to tell a live run's temp files, locks and scratch databases from a killed one's. */

/** True when a process with this id runs on this host (one we may not signal counts as running). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

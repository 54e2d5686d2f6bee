/** Where the CLI writes: real streams in production, buffers in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress and colour). */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  /** The working directory that relative paths on the command line are read from (default: the process's). */
  cwd?: string;
}

let watchingStdout = false;

/**
 * Writes to stdout; a reader that closed the pipe (`pgscribe lint | head -1`)
 * ends the run quietly with exit 0 instead of an EPIPE stack trace.
 */
function writeStdout(text: string): void {
  if (!watchingStdout) {
    watchingStdout = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  process.stdout.write(text);
}

export const processIo: CliIo = {
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
};

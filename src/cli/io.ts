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

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
};

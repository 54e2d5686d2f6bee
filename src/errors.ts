/**
 * Typed errors for "the tool could not do its job" (exit code 2).
 *
 * Everything the core throws on purpose is a PgscribeError carrying a plain,
 * one-line message that names the file (and line, where known), what was
 * expected and what was found. The CLI turns these into exit code 2 without a
 * stack trace; anything else that escapes is an internal error (also exit 2).
 */

export type ErrorCode =
  | 'config'
  | 'io'
  | 'markers'
  | 'usage'
  | 'internal';

export class PgscribeError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where?: { file?: string; line?: number }) {
    super(message);
    this.name = 'PgscribeError';
    this.code = code;
    this.file = where?.file;
    this.line = where?.line;
  }

  /** The message prefixed with `file:line: ` where a location is known. */
  describe(): string {
    if (!this.file) return this.message;
    const where = this.line ? `${this.file}:${this.line}` : this.file;
    return `${where}: ${this.message}`;
  }
}

export function isPgscribeError(error: unknown): error is PgscribeError {
  return error instanceof PgscribeError;
}

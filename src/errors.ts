/**
 * The one error class for mistakes a user can fix: bad flags, unknown names,
 * broken files. The CLI prints `message` and `hint` on one line and exits 2;
 * anything else is a bug and keeps its stack.
 */
export class LabError extends Error {
  readonly hint: string;

  constructor(message: string, hint = '') {
    super(message);
    this.name = 'LabError';
    this.hint = hint;
  }

  /** The single line the CLI prints. */
  oneLine(): string {
    return this.hint ? `error: ${this.message} (${this.hint})` : `error: ${this.message}`;
  }
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

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

/**
 * The GPU rejected a command or was lost: the run's numbers cannot be trusted
 * (a rejected kernel leaves stale memory behind, which can even look right),
 * so the command stops, and a sweep keeps what it had, marked interrupted.
 */
export class DeviceFault extends LabError {
  constructor(message: string, hint = 'results from this process are not trustworthy; rerun with --verbose for details') {
    super(message, hint);
    this.name = 'DeviceFault';
  }
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

import { LabError } from '../errors.ts';

/** Ctrl-C or SIGTERM during a sweep: the CLI exits 128 + the signal (130 for SIGINT) after cleaning up. */
export class SweepInterrupted extends LabError {
  constructor(
    message: string,
    hint: string,
    readonly signal: NodeJS.Signals = 'SIGINT',
  ) {
    super(message, hint);
    this.name = 'SweepInterrupted';
  }
}

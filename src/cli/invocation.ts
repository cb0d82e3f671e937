import { commandLine } from '../sweep/environment.ts';

let current: readonly string[] = process.argv.slice(2);

/** Records the arguments of the command being run (runCli may run in a process whose argv is not the lab's). */
export function setInvocation(args: readonly string[]): void {
  current = [...args];
}

/** The running command as the user typed it, for the environment of sweeps and profiles. */
export function invocation(): string {
  return commandLine(current);
}

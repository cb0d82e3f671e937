import os from 'node:os';
import yargs from 'yargs';
import { isLabError, LabError } from '../errors.ts';
import { backendsCommand } from './commands/backends.ts';
import { generateCommand } from './commands/generate.ts';
import { variantCommand } from './commands/variant.ts';
import { verifyCommand } from './commands/verify.ts';
import { sweepCommand } from './commands/sweep.ts';
import { reportCommand } from './commands/report.ts';
import { showCommand } from './commands/show.ts';
import { baselineCommand } from './commands/baseline.ts';
import { historyCommand } from './commands/history.ts';
import { compareCommand } from './commands/compare.ts';
import { profileCommand } from './commands/profile.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { tuneCommand } from './commands/tune.ts';
import { workerCommand } from './commands/worker.ts';
import { recoverFromCrashes } from './recovery.ts';
import { setInvocation } from './invocation.ts';
import { SweepInterrupted } from '../sweep/interrupted.ts';

// A reader that goes away (`lab sweep 2>&1 | head -3`) must not kill a sweep half-way, before it has removed its
// worktrees and recorded its samples: the output nobody reads is dropped instead, and the command carries on.
export function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}

/**
 * User mistakes print one line and exit 2; a sweep stopped by Ctrl-C / SIGTERM prints one line and exits 130
 * (128 + the signal, as a shell reports it: 130 for SIGINT); anything else is a bug and shows its stack with --verbose.
 */
function fail(error: unknown, verbose: boolean): number {
  if (isLabError(error)) {
    console.error(error.oneLine());
    if (verbose && error.stack) console.error(error.stack);
    return error instanceof SweepInterrupted ? 128 + (os.constants.signals[error.signal] ?? 2) : 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message.split('\n')[0]}${verbose ? '' : ' (run with --verbose for details)'}`);
  if (verbose && error instanceof Error && error.stack) console.error(error.stack);
  return 1;
}

/** Flags that may be repeated; any other flag given twice is a mistake (yargs would silently merge the values). */
const REPEATABLE = new Set(['combine', 'param']);

function refuseRepeatedFlags(args: readonly string[]): void {
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '--') break;
    const match = /^--(?:no-)?([a-z][a-z0-9-]*)/.exec(arg);
    if (!match || REPEATABLE.has(match[1]!)) continue;
    if (seen.has(match[1]!)) throw new LabError(`--${match[1]} is given more than once`, 'give each flag once');
    seen.add(match[1]!);
  }
}

/** Runs one lab command; resolves to its exit code. bin/lab.js is the process around it; tests call it in-process. */
export async function runCli(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  setInvocation(argv);
  try {
    refuseRepeatedFlags(argv);
    await yargs(argv)
      .scriptName('lab')
      .usage('$0 <command> [options]')
      .command(variantCommand)
      .command(generateCommand)
      .command(verifyCommand)
      .command(sweepCommand)
      .command(reportCommand)
      .command(showCommand)
      .command(baselineCommand)
      .command(historyCommand)
      .command(compareCommand)
      .command(profileCommand)
      .command(calibrateCommand)
      .command(tuneCommand)
      .command(workerCommand)
      .command(backendsCommand)
      .middleware(async (args) => {
        for (const line of await recoverFromCrashes(typeof args.db === 'string' ? args.db : 'results.db')) console.error(line);
      })
      .option('verbose', { type: 'boolean', default: false, describe: 'show stack traces and backend details' })
      .demandCommand(1, 'name a command: lab --help lists them')
      .strict()
      .recommendCommands()
      .help()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      // Validation errors (unknown flag, missing argument) become one line and exit 2, like every user error.
      .fail((message, error) => {
        throw error ?? new LabError(message, 'see lab --help');
      })
      .exitProcess(false)
      .parseAsync();
    return 0;
  } catch (error) {
    return fail(error, verbose);
  }
}

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isLabError, LabError } from '../errors.ts';
import { backendsCommand } from './commands/backends.ts';
import { generateCommand } from './commands/generate.ts';
import { variantCommand } from './commands/variant.ts';
import { verifyCommand } from './commands/verify.ts';
import { sweepCommand } from './commands/sweep.ts';
import { reportCommand } from './commands/report.ts';
import { recoverFromCrashes } from './recovery.ts';

const argv = hideBin(process.argv);
const verbose = argv.includes('--verbose');

/** User mistakes print one line and exit 2; anything else is a bug and shows its stack with --verbose. */
function fail(error: unknown): never {
  if (isLabError(error)) {
    console.error(error.oneLine());
    if (verbose && error.stack) console.error(error.stack);
    process.exit(2);
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message.split('\n')[0]}${verbose ? '' : ' (run with --verbose for details)'}`);
  if (verbose && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
}

/** Flags that may be repeated; any other flag given twice is a mistake (yargs would silently merge the values). */
const REPEATABLE = new Set(['combine']);

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
    .parseAsync();
} catch (error) {
  fail(error);
}

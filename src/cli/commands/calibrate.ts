import type { Argv, CommandModule } from 'yargs';
import { displayDbName } from '../../db/results-db.ts';
import { LabError } from '../../errors.ts';
import { CPU_DEFAULT_RUNS, SWEEP_DEFAULTS } from '../../sweep/defaults.ts';
import { createProgress } from '../../sweep/progress.ts';
import { invocation } from '../invocation.ts';
import { withSweepWorkloadOptions } from '../options.ts';
import { projectRoot } from '../project-root.ts';

interface CalibrateArgs {
  sweeps: number;
  runs?: number;
  processes?: number;
  warmup?: number;
  model?: string;
  'model-dir'?: string;
  backend?: string;
  'prompt-len'?: number;
  'gen-len'?: number;
  seed?: number;
  baseline?: string;
  stat?: string;
  'max-runs': number;
  'noise-threshold'?: number;
  'load-threshold'?: number;
  wait: boolean;
  db: string;
  json: boolean;
  quiet: boolean;
}

const d = SWEEP_DEFAULTS;

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: 'calibrate',
  describe: "K A/A sweeps of the baseline against an identical copy: this machine's false-verdict rate, noise and the smallest change it resolves",
  builder: (y) =>
    withSweepWorkloadOptions(y as Argv<object>)
      .option('sweeps', { type: 'number', default: 10, describe: 'A/A sweeps to run, at least 2' })
      .option('runs', { type: 'number', describe: `runs per sweep, as lab sweep's [default: ${d.runs} on a GPU backend, ${CPU_DEFAULT_RUNS} on a CPU one]` })
      .option('processes', { type: 'number', describe: `worker processes per variant, as lab sweep's [default: a process per run on a CPU backend; on a GPU ${d.processes}, or runs/2 when fewer]` })
      .option('seed', { type: 'number', describe: `seed of the first sweep; sweep i uses seed + i [default: ${d.seed}]` })
      .option('baseline', { type: 'string', describe: `the variant measured against its copy [default: ${d.baseline}]` })
      .option('stat', { type: 'string', describe: `robust or mean [default: ${d.stat}]` })
      .option('max-runs', { type: 'number', default: 100, describe: 'the --until-resolved budget that the smallest resolvable change is also given for' })
      .option('noise-threshold', { type: 'number', describe: `as lab sweep's [default: ${d.noiseThreshold}]` })
      .option('load-threshold', { type: 'number', describe: `foreign load (busy cores of other processes) above which a sample's block is measured again, as lab sweep's [default: ${d.loadThreshold}]` })
      .option('wait', { type: 'boolean', default: true, describe: 'wait while another sweep measures on this machine (--no-wait: refuse)' })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON (last line)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }) as unknown as Argv<CalibrateArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.sweeps) || args.sweeps < 2) {
      throw new LabError(`--sweeps must be an integer >= 2, got ${args.sweeps}: one A/A sweep says nothing about a rate`, 'e.g. --sweeps 10');
    }
    if (!Number.isInteger(args['max-runs']) || args['max-runs'] < 2) throw new LabError(`--max-runs must be an integer >= 2, got ${args['max-runs']}`);
    const { runCalibration, calibrationLine } = await import('../../calibrate/run.ts');
    const { VARIANTS } = await import('../../../variants/index.ts');
    const request = {
      runs: args.runs, processes: args.processes, warmup: args.warmup, model: args.model, modelDir: args['model-dir'], backend: args.backend, promptLen: args['prompt-len'],
      genLen: args['gen-len'], seed: args.seed, baseline: args.baseline, stat: args.stat, noiseThreshold: args['noise-threshold'], loadThreshold: args['load-threshold'], git: false,
    };
    const progress = createProgress(args.quiet || args.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
    const result = await runCalibration({
      root: projectRoot(), dbPath: args.db, registry: VARIANTS, request, sweeps: args.sweeps, maxRuns: args['max-runs'], commandLine: invocation(), progress, noWait: !args.wait,
    });
    if (args.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(calibrationLine(result));
    console.log(`false-verdict rate ${(result.falseVerdictRate * 100).toFixed(1)}% (target <= 5%); calibration ${result.id} in ${displayDbName(args.db)}`);
  },
};

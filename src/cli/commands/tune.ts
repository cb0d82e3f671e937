import type { Argv, CommandModule } from 'yargs';
import { SWEEP_DEFAULTS } from '../../sweep/defaults.ts';
import { createProgress } from '../../sweep/progress.ts';
import { invocation } from '../invocation.ts';
import { withSweepWorkloadOptions } from '../options.ts';
import { projectRoot } from '../project-root.ts';

interface TuneArgs {
  variant: string;
  param?: string[];
  budget?: string;
  'max-runs'?: number;
  baseline?: string;
  runs?: number;
  warmup?: number;
  model?: string;
  'model-dir'?: string;
  backend?: string;
  'prompt-len'?: number;
  'gen-len'?: number;
  seed?: number;
  processes?: number;
  'noise-threshold'?: number;
  'weights-dtype'?: string;
  'max-points'?: number;
  'block-size'?: number;
  wait: boolean;
  git: boolean;
  'keep-branches': boolean;
  db: string;
  json: boolean;
  quiet: boolean;
}

const d = SWEEP_DEFAULTS;

export const tuneCommand: CommandModule<object, TuneArgs> = {
  command: 'tune <variant>',
  describe: 'search a grid of a variant\'s parameters by successive halving: points significantly slower than the best stop being measured',
  builder: (y) =>
    withSweepWorkloadOptions(y as Argv<object>)
      .positional('variant', { type: 'string', demandOption: true, describe: 'a parametrized variant (lab variant list shows their params)' })
      .option('param', { type: 'string', array: true, describe: 'name=v1,v2,... (repeatable): the grid to search, e.g. --param keysPerSplit=8,16,32' })
      .option('budget', { type: 'string', describe: 'stop the search after this long, e.g. 5m' })
      .option('max-runs', { type: 'number', describe: `stop when the points left have this many runs each [default: ${4} x --runs without --budget]` })
      .option('baseline', { type: 'string', describe: `the variant every point's Δ is measured against [default: ${d.baseline}]` })
      .option('runs', { type: 'number', describe: `runs of every point before the first elimination [default: ${d.runs}]` })
      .option('seed', { type: 'number', describe: `seed of the weights and of the round order [default: ${d.seed}]` })
      .option('processes', { type: 'number', describe: 'worker processes of the first look (each later look adds one)' })
      .option('noise-threshold', { type: 'number', describe: `|Δ%| within which two points count as equal [default: ${d.noiseThreshold}]` })
      .option('weights-dtype', { type: 'string', describe: 'the weights\' element type: f32, bf16, f16' })
      .option('max-points', { type: 'number', describe: 'allow a grid of more points than 256' })
      .option('block-size', { type: 'number', describe: 'measure at most this many points at once' })
      .option('wait', { type: 'boolean', default: true, describe: 'wait while another sweep measures on this machine (--no-wait: refuse, exit 2)' })
      .option('git', { type: 'boolean', default: true, describe: 'commit each point on lab/<sweep>/<point> and run it from there (--no-git: from this checkout)' })
      .option('keep-branches', { type: 'boolean', default: true, describe: 'keep the experiment branches as the record' })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }) as unknown as Argv<TuneArgs>,
  handler: async (args) => {
    const { runTune } = await import('../../tune/run.ts');
    const { renderTuneSummary } = await import('../../tune/summary.ts');
    const { VARIANTS } = await import('../../../variants/index.ts');
    const summary = await runTune({
      root: projectRoot(),
      dbPath: args.db,
      registry: VARIANTS,
      variant: args.variant,
      params: (args.param ?? []).map(String),
      request: {
        baseline: args.baseline, runs: args.runs, warmup: args.warmup, model: args.model, modelDir: args['model-dir'], backend: args.backend, promptLen: args['prompt-len'], genLen: args['gen-len'],
        seed: args.seed, processes: args.processes, noiseThreshold: args['noise-threshold'], weightsDtype: args['weights-dtype'], maxPoints: args['max-points'], blockSize: args['block-size'],
        maxRuns: args['max-runs'], maxTime: args.budget, git: args.git,
      },
      keepBranches: args['keep-branches'],
      commandLine: invocation(),
      progress: createProgress(args.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines'),
      noWait: !args.wait,
    });
    console.log(args.json ? JSON.stringify(summary) : renderTuneSummary(summary));
  },
};

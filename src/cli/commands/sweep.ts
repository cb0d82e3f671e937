import type { Argv, CommandModule } from 'yargs';
import { CPU_DEFAULT_RUNS, SWEEP_DEFAULTS } from '../../sweep/defaults.ts';
import { CORRECTIONS, STATS } from '../../sweep/result.ts';
import { invocation } from '../invocation.ts';
import { createProgress } from '../../sweep/progress.ts';
import { withSweepWorkloadOptions } from '../options.ts';
import { projectRoot } from '../project-root.ts';

interface SweepArgs {
  variants?: string[];
  combine?: string[];
  baseline?: string;
  runs?: number;
  warmup?: number;
  model?: string;
  'model-dir'?: string;
  backend?: string;
  'prompt-len'?: number;
  'gen-len'?: number;
  seed?: number;
  'in-process'?: boolean;
  processes?: number;
  'noise-threshold'?: number;
  correction?: string;
  stat?: string;
  'until-resolved'?: boolean;
  'max-runs'?: number;
  'max-time'?: string;
  'load-threshold'?: number;
  wait: boolean;
  'allow-concurrent': boolean;
  factorial?: string;
  param?: string[];
  'max-points'?: number;
  'block-size'?: number;
  'weights-dtype'?: string;
  experiment?: string;
  git: boolean;
  'keep-branches': boolean;
  db: string;
  json: boolean;
  quiet: boolean;
  queue?: string;
  push?: string;
  resume?: string;
}

const d = SWEEP_DEFAULTS;

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep [variants..]',
  describe: 'benchmark variants against the baseline in interleaved rounds; every sample goes to results.db',
  builder: (y) =>
    withSweepWorkloadOptions(y as Argv<object>)
      .positional('variants', { type: 'string', array: true, describe: 'variants to measure (default: every registered one); a+b combines' })
      .option('combine', { type: 'string', array: true, describe: 'also measure a combination, e.g. --combine batched-attention+fused-qkv (repeatable)' })
      .option('baseline', { type: 'string', describe: `the variant deltas are measured against [default: ${d.baseline}]` })
      .option('runs', { type: 'number', describe: `samples per variant, at least 2 [default: ${d.runs} on a GPU backend, ${CPU_DEFAULT_RUNS} on a CPU one]` })
      .option('seed', { type: 'number', describe: `seed of the weights and of the round order [default: ${d.seed}]` })
      .option('in-process', { type: 'boolean', describe: 'run every variant in this process: faster, less isolated' })
      .option('processes', { type: 'number', describe: `spread each variant's runs over this many fresh worker processes, warm-ups in each (as pyperf does) [default: a process per run on a CPU backend; on a GPU ${d.processes}, or runs/2 when fewer]` })
      .option('noise-threshold', { type: 'number', describe: `|Δ%| at or below this is no significant change [default: ${d.noiseThreshold}]` })
      .option('correction', { type: 'string', describe: `multiple-comparison correction of the verdicts, ${CORRECTIONS.join(' or ')} (Holm: family-wise error rate ≤ 0.05 over the sweep's variants) [default: ${d.correction}]` })
      .option('stat', { type: 'string', describe: `${STATS.join(' or ')}: Hodges-Lehmann shift of log time on paired rounds with Wilcoxon's signed-rank test, or Welch's t on means [default: ${d.stat}]` })
      .option('until-resolved', { type: 'boolean', describe: 'after --runs, keep adding rounds of the unresolved variants until every verdict is resolved at the noise threshold or the budget ends (alpha spent over the looks)' })
      .option('max-runs', { type: 'number', describe: 'the budget of --until-resolved in runs per variant' })
      .option('max-time', { type: 'string', describe: 'the budget of --until-resolved in time, e.g. 90s, 5m' })
      .option('load-threshold', { type: 'number', describe: `foreign load (average busy cores of other processes) above which a sample's block is measured again [default: ${d.loadThreshold}]` })
      .option('wait', { type: 'boolean', default: true, describe: 'wait while another sweep measures on this machine (--no-wait: refuse, exit 2)' })
      .option('factorial', { type: 'string', describe: 'measure every combination of these changes (comma-separated registered variants that fill different slots) and report each main effect and two-way interaction' })
      .option('param', { type: 'string', array: true, describe: 'a grid of the one variant named: name=v1,v2,... (repeatable; the cross product is measured, with the variant at its defaults), e.g. --param keysPerSplit=8,16,32' })
      .option('max-points', { type: 'number', describe: 'allow a grid of more points than 256' })
      .option('block-size', { type: 'number', describe: "measure at most this many variants at once (each block with baseline samples of its own) [default: what the device's memory holds]" })
      .option('allow-concurrent', { type: 'boolean', default: false, describe: "measure even while another sweep holds this machine's lock" })
      .option('weights-dtype', { type: 'string', describe: "the weights' element type in every worker: f32, bf16, f16 (only the recorded step stores bf16/f16) [default: f32, or a checkpoint's own on webgpu]" })
      .option('experiment', { type: 'string', describe: 'a sweep definition file, e.g. experiments/seed-rerun.json (flags override it)' })
      .option('git', { type: 'boolean', default: true, describe: 'commit each variant on lab/<sweep>/<variant> and run it from that commit (--no-git: from this checkout)' })
      .option('keep-branches', { type: 'boolean', default: true, describe: 'keep the experiment branches as the record (--no-keep-branches deletes them)' })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON (last line)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .option('queue', { type: 'string', describe: 'put the blocks on this BullMQ queue for `lab worker`s to measure instead of measuring here, e.g. redis://127.0.0.1:6379' })
      .option('push', { type: 'string', describe: 'with --queue: push the experiment branches to this git remote, for workers on other machines to fetch' })
      .option('resume', { type: 'string', describe: 'with --queue: pick up a queued sweep whose coordinator stopped, by its id' }) as unknown as Argv<SweepArgs>,
  handler: async (args) => {
    const { LabError } = await import('../../errors.ts');
    if ((args.push !== undefined || args.resume !== undefined) && args.queue === undefined) {
      throw new LabError(`--${args.push !== undefined ? 'push' : 'resume'} works with --queue only`, 'add --queue redis://HOST:PORT');
    }
    // A queue URL that does not parse is refused before anything else is looked at.
    const address = args.queue !== undefined ? (await import('../../queue/connection.ts')).parseQueueUrl(String(args.queue)) : null;
    const progress = createProgress(args.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
    const root = projectRoot();
    if (address && args.resume !== undefined) {
      if (args.variants?.length) throw new LabError('--resume takes no variants: the sweep already names them', `lab sweep --resume ${args.resume} --queue ${args.queue}`);
      const { resumeQueuedSweep } = await import('../../queue/coordinator.ts');
      const outcome = await resumeQueuedSweep({ root, dbPath: args.db, sweepId: String(args.resume), address, queueUrl: String(args.queue), progress, keepBranches: args['keep-branches'] });
      await printOutcome(outcome, args);
      return;
    }
    const { runSweep } = await import('../../sweep/runner.ts');
    const { measuringKindOf, resolveSweep } = await import('../../sweep/settings.ts');
    // A queued sweep measures on its workers' backend: unless a CPU one is named, a GPU's shape.
    const measuring = address && (args.backend ?? 'auto') === 'auto' ? 'gpu' : await measuringKindOf({ backend: args.backend, experiment: args.experiment }, root);
    const { VARIANTS } = await import('../../../variants/index.ts');
    const resolved = resolveSweep(
      {
        variants: args.variants, combine: args.combine, baseline: args.baseline, runs: args.runs, warmup: args.warmup,
        model: args.model, modelDir: args['model-dir'], backend: args.backend, promptLen: args['prompt-len'], genLen: args['gen-len'],
        seed: args.seed, inProcess: args['in-process'], processes: args.processes, noiseThreshold: args['noise-threshold'], correction: args.correction, experiment: args.experiment, git: args.git,
        stat: args.stat, untilResolved: args['until-resolved'], maxRuns: args['max-runs'], maxTime: args['max-time'], loadThreshold: args['load-threshold'],
        allowConcurrent: args['allow-concurrent'],
        factorial: args.factorial === undefined ? undefined : String(args.factorial).split(',').map((f) => f.trim()).filter(Boolean),
        weightsDtype: args['weights-dtype'],
        params: args.param?.map(String),
        maxPoints: args['max-points'],
        blockSize: args['block-size'],
        measuring,
      },
      VARIANTS,
      root,
    );
    const outcome = address
      ? await (await import('../../queue/coordinator.ts')).runQueuedSweep({
          root, dbPath: args.db, resolved, keepBranches: args['keep-branches'], commandLine: invocation(), progress, address, push: args.push ?? null, queueUrl: String(args.queue),
        })
      : await runSweep({ root, dbPath: args.db, resolved, keepBranches: args['keep-branches'], commandLine: invocation(), progress, noWait: !args.wait });
    await printOutcome(outcome, args);
  },
};

/** The sweep's result table, harness cost and where its record is: the same for a local, a queued and a resumed sweep. */
async function printOutcome(outcome: import('../../sweep/runner.ts').SweepOutcome, args: SweepArgs): Promise<void> {
  const { tableExporter } = await import('../../report/formats/table.ts');
  if (args.json) {
    console.log(JSON.stringify(outcome.result));
    return;
  }
  const input = { result: outcome.result, samples: {}, history: [] };
  console.log(tableExporter.render(input, { color: Boolean(process.stdout.isTTY), sort: 'run', metric: 'total' }));
  const h = outcome.harness;
  console.log(
    `harness: start-up ${h.startupS.toFixed(2)} s per variant (process, backend, weights; not in the samples), ` +
      `${(h.perSampleS * 1000).toFixed(1)} ms per sample (${h.perSamplePct.toFixed(2)}% of a sample), ${h.overallPct.toFixed(1)}% of measured time overall`,
  );
  if (args['keep-branches'] && outcome.branches.some((b) => b.branch)) console.log(`branches: lab/${outcome.sweepId}/<variant> (lab show ${outcome.sweepId})`);
  console.log(`sweep ${outcome.sweepId} (lab report ${outcome.sweepId})`);
}

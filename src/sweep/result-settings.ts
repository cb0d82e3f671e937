/**
 * How a sweep ran, as its result (result.ts) records it: the environment it measured in and its settings,
 * with the records they hold (--until-resolved's budget, lab tune's search, lab sweep --queue's queue).
 * Part of the stable JSON schema: fields are only ever added, never renamed or removed.
 */
import type { WeightDtype } from '../model/weight-dtype.ts';
import type { Correction, Stat } from './result-metrics.ts';

export interface Environment {
  labVersion: string;
  gitSha: string | null;
  gitDirty: boolean | null;
  /**
   * The git tree id of the code the sweep ran (its working tree, records aside; see workTreeId): the same as
   * the tree of any commit that holds exactly that code (git log --format='%h %T'), wherever HEAD pointed.
   * null with --no-git; absent in sweeps recorded before it existed.
   */
  sourceTree?: string | null;
  backend: string;
  device: string;
  tfjsVersion: string;
  nodeVersion: string;
  /** The machine's host name, which calibrations are matched by; absent in sweeps recorded before it existed. */
  hostname?: string;
  cpuModel: string;
  cpuCores: number;
  totalMemoryBytes: number;
  os: string;
  commandLine: string;
}

export interface SweepSettings {
  model: string;
  modelConfig: Record<string, number>;
  backend: string;
  promptLen: number;
  genLen: number;
  runs: number;
  warmup: number;
  seed: number;
  inProcess: boolean;
  /** Worker processes each variant's runs are spread over, with its warm-ups in each; absent in sweeps recorded before it existed: 1. */
  processes?: number;
  variants: string[];
  baseline: string;
  experiment: string | null;
  /** |Δ%| at or below this is 'no significant change' even when p < alpha. */
  noiseThresholdPct: number;
  /** How verdicts account for comparing several variants with one baseline; absent in sweeps recorded before it existed: 'none'. */
  correction?: Correction;
  /** Whether each variant ran from its own experiment commit (false: --no-git). */
  git: boolean;
  /** --weights-dtype, when given: the weights' element type in every worker; absent: each worker's default (f32, or a checkpoint's own on webgpu). */
  weightsDtype?: WeightDtype;
  /** How samples are compared; absent in sweeps recorded before it existed: 'mean'. */
  stat?: Stat;
  /** Whether each variant sample was measured next to a baseline sample (paired rounds); absent before: false. */
  paired?: boolean;
  /** Foreign load (average busy cores of other processes) above which a sample is flagged and its block re-run; null: never. */
  loadThreshold?: number | null;
  /** Whether the sweep measured without the machine's lock (--allow-concurrent). */
  allowConcurrent?: boolean;
  /** --until-resolved: rounds added until every verdict is resolved or the budget ends. */
  untilResolved?: UntilResolved;
  /** 'calibration': one of `lab calibrate`'s A/A sweeps (the latest-sweep lookups skip them). */
  purpose?: 'calibration' | 'tune';
  /** --factorial: the changes whose 2^k combinations the sweep measured (the baseline is none of them). */
  factorial?: string[];
  /** --param / the experiment file's "grid": per variant, each parameter's values, crossed into points. */
  grid?: Record<string, Record<string, (number | string | boolean)[]>>;
  /** --block-size: at most this many variants (baseline aside) measured at once, instead of what the device's memory allows. */
  blockSize?: number;
  /** The variants (baseline aside) of each memory block, when the grid's workers did not fit the device at once. */
  gridBlocks?: string[][];
  /** lab tune: the search that chose which points kept being measured. */
  tune?: TuneRecord;
  /** lab sweep --queue: where its blocks were queued and the code its workers had to run (lab sweep --resume reads it). */
  queue?: QueueRecord;
}

export interface QueueRecord {
  /** The Redis the blocks were queued on, host:port (never a password). */
  address: string;
  /** Where workers fetch the experiment branches from: the --push remote's URL, or the coordinator's repository. */
  source: string;
  /** --push: the remote the branches were pushed to; null: workers fetch from the coordinator's repository. */
  push: string | null;
  /** Every variant's experiment commit and that commit's tree, which a worker checks before it measures. */
  variants: { name: string; runsAs: string; commit: string | null; tree: string | null; branch: string | null }[];
}

export interface UntilResolved {
  /** The budget: runs per variant, and seconds of sweep; either may be null, not both. */
  maxRuns: number | null;
  maxTimeS: number | null;
  /** The runs per variant at each planned look (known once the first look's pace is). */
  looks: number[];
}

/** What lab tune did: its budget, its rounds of elimination and what the exhaustive grid would have cost. */
export interface TuneRecord {
  variant: string;
  /** The budget in seconds (--budget), or null. */
  budgetS: number | null;
  /** Per rung of successive halving: the runs each survivor had, and the points still in. */
  rungs: { runs: number; points: string[] }[];
  /** Points dropped, with the rung that dropped them. */
  dropped: { point: string; rung: number }[];
}

/** How a sweep's variants were run, in words: all in one process, or their runs in N worker processes each. */
export function workerLayout(settings: Pick<SweepSettings, 'inProcess' | 'processes' | 'runs' | 'warmup'>): string {
  if (settings.inProcess) return 'all variants in one process';
  const processes = settings.processes ?? 1;
  if (processes === 1) return 'one process per variant';
  return `${processes} processes per variant, ${settings.runs} runs spread over them, ${settings.warmup} warm-up in each`;
}

import type { WeightDtype } from '../model/weight-dtype.ts';
/**
 * The stable JSON schema of a sweep's result: what `lab sweep --json` prints as
 * its last line and what `lab report --format json` prints. Fields are only
 * ever added, never renamed or removed.
 */

/** The three timed quantities of one sample, in seconds. */
export const METRICS = ['prefill', 'generation', 'total'] as const;
export type Metric = (typeof METRICS)[number];

export type Verdict = 'faster' | 'slower' | 'no significant change';

/** Multiple-comparison corrections: 'none' judges each variant's p alone; 'holm' adjusts the sweep's p-values per metric (Holm). */
export const CORRECTIONS = ['none', 'holm'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export function isCorrection(name: string): name is Correction {
  return (CORRECTIONS as readonly string[]).includes(name);
}

export type SweepStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** Summary of one metric's samples (seconds). std is the sample (n-1) standard deviation. */
export interface MetricSummary {
  mean: number;
  std: number;
  median: number;
  min: number;
  max: number;
  /** Coefficient of variation, std / mean. */
  cv: number;
  n: number;
  /** Set when the metric is too noisy to trust: high CV, outliers, or a process effect, with the reason. */
  noisy?: string;
  /** With runs spread over several worker processes: how much of the spread lies between them. */
  processEffect?: ProcessEffect;
}

/** One-way ANOVA of a metric's samples grouped by worker process (stats.ts processEffect). */
export interface ProcessEffect {
  processes: number;
  /** Between-process over within-process mean square. */
  f: number;
  /** P(F this large | no process effect). */
  p: number;
  /** Estimated share of the variance that lies between processes, percent. */
  betweenSharePct: number;
}

/** A variant's metric against the baseline's. */
export interface DeltaSummary {
  /** candidate mean - baseline mean, seconds. */
  abs: number;
  /** abs / baseline mean * 100. */
  pct: number;
  /** 95% confidence interval of pct. */
  ciLow: number;
  ciHigh: number;
  /** Two-sided p-value of "no difference in means" (Welch's t-test). */
  p: number;
  /**
   * With settings.correction 'holm': p adjusted by Holm's method over the
   * sweep's comparisons with the baseline on this metric; the verdict and
   * runsToResolve are judged on it. Absent without a correction.
   */
  pAdjusted?: number;
  verdict: Verdict;
  /** Runs per variant that would resolve the observed delta (power 0.8), or null when it is already resolved or zero. */
  runsToResolve: number | null;
  /**
   * How abs, pct, the CI and p were computed: 'paired-rank-sum' (the default: paired rounds, the Hodges-Lehmann
   * shift of log time, the rank-sum test with the pairs' labels as its null), 'hodges-lehmann' (unpaired
   * samples: Wilcoxon rank-sum), 'process-t' (one estimate
   * per worker process, Student's t over them), 'welch' (--stat mean: means, Welch's t, Fieller's CI) or
   * 'welch-process-means' (--stat mean over process means). Absent in results computed before it existed: 'welch'.
   */
  method?: ComparisonMethod;
  /** Δ% of the means (as --stat mean reports it), beside the robust pct; equal to pct with --stat mean. */
  meanPct?: number;
  /**
   * Whether the question is settled at the noise threshold: a verdict faster/slower, or a CI inside
   * ±threshold (no change larger than the threshold). An unresolved delta needs more runs.
   */
  resolved?: boolean;
  /** The significance level this delta was judged at: less than 0.05 at a look of --until-resolved. */
  alpha?: number;
}

export const STATS = ['robust', 'mean'] as const;
/** How a sweep compares samples: 'robust' (Hodges-Lehmann on log time, rank tests; the default) or 'mean' (Welch). */
export type Stat = (typeof STATS)[number];

export function isStat(name: string): name is Stat {
  return (STATS as readonly string[]).includes(name);
}

/** 'random-effects': a sweep over several devices, the pool of the per-device deltas (src/sweep/judge-devices.ts). */
export type ComparisonMethod = 'paired-rank-sum' | 'hodges-lehmann' | 'process-t' | 'welch' | 'welch-process-means' | 'random-effects';

/** A sweep over several devices: one variant's Δ of one metric on one device, against that device's baseline samples only. */
export interface DeviceDelta {
  device: string;
  metric: Metric;
  pct: number;
  /** The (1 - alpha) CI of pct, as the device's own comparison gave it. */
  ciLow: number;
  ciHigh: number;
  p: number;
  verdict: Verdict;
  method: ComparisonMethod;
  /** The variant's and the baseline's samples on the device (the baseline's of the variant's grid block). */
  n: number;
  baselineN: number;
  /** Its share of the random-effects weight, percent; null when it is not in the pool (its CI was unusable). */
  weightPct: number | null;
}

/**
 * A sweep over several devices: the per-device log ratios of one metric pooled with a random-effects model
 * (src/stats/random-effects.ts): DerSimonian-Laird τ², the Hartung-Knapp-Sidik-Jonkman CI (t on k - 1 df).
 */
export interface PooledDelta {
  metric: Metric;
  pct: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  /** Between-device variance of the log ratio, and I² (percent): how much of the spread between devices is real. */
  tau2: number;
  i2: number;
  /** Cochran's Q on k - 1 df and its p. */
  q: number;
  qP: number;
  /** Devices pooled. */
  k: number;
  /** 'dl-hksj' (the default), 'dl-wald', or 'single' (one device: its own delta). */
  method: 'dl-hksj' | 'dl-wald' | 'single';
}

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

export interface VariantResult {
  name: string;
  /** Slot name -> implementation name. */
  slots: Record<string, string>;
  /** The experiment commit its samples ran from, or null (--no-git). */
  commit: string | null;
  n: number;
  prefill: MetricSummary;
  generation: MetricSummary;
  total: MetricSummary;
  /** Absent on the baseline's own entry. */
  delta?: Record<Metric, DeltaSummary>;
  /** About total; absent on the baseline's own entry. */
  verdict?: Verdict;
  /**
   * --until-resolved: the look whose total settled the verdict (or the last look reached), the pairs it
   * used, and the alpha that look spent (src/stats/sequential.ts).
   */
  sequential?: { runs: number; look: number; looks: number; alpha: number; resolved: boolean };
  /** Every parameter's value it ran at (a parametrized variant, its presets and grid points); absent otherwise. */
  params?: Record<string, number | string | boolean>;
  /** A preset or grid point: the parametrized variant it is a setting of. */
  pointOf?: string;
  /** A grid run in memory blocks: the block whose baseline samples it is compared with. */
  gridBlock?: number;
  /**
   * Only in a sweep whose samples span several devices: each device's Δ per metric (against that device's
   * baseline samples), and per metric their random-effects pool, which `delta` and the verdict then are.
   */
  devices?: DeviceDelta[];
  pooled?: PooledDelta[];
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

export interface FactorialEffectResult {
  /** A change's name, or `a×b` for the interaction of two. */
  term: string;
  kind: 'main' | 'interaction';
  metric: Metric;
  pct: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  /** Rounds that measured every combination. */
  rounds: number;
}

export interface BaselineOrigin {
  promotedFrom: string | null;
  /** Slot name -> implementation name, only where it differs from the seed's. */
  changedSlots: Record<string, string>;
}

export interface SweepResult {
  sweep: {
    id: string;
    createdAt: string;
    status: SweepStatus;
    environment: Environment;
    settings: SweepSettings;
  };
  baseline: string;
  /**
   * Set when the baseline entry ran with other slot choices than the seed's
   * (after `lab baseline promote`): the variant it was promoted from (null when
   * unknown) and the slots where it differs from the seed's baseline.
   */
  baselineOrigin?: BaselineOrigin;
  variants: VariantResult[];
  /** What the result lacks and why (e.g. an interrupted sweep whose baseline has no samples). */
  notes: string[];
  /** A --factorial sweep's main effects and two-way interactions per metric, on log time (src/stats/factorial.ts). */
  effects?: FactorialEffectResult[];
  /**
   * The latest `lab calibrate` of the machine and backend the sweep ran on (reports add it; the sweep's own
   * JSON has none): its A/A false-verdict rate with its 95% CI, the pair noise and the smallest change resolved.
   */
  calibration?: {
    id: number;
    createdAt: string;
    sweeps: number;
    falseVerdicts: number;
    falseVerdictRate: number;
    ciLow: number;
    ciHigh: number;
    noisePct: number;
    resolvablePct: number | null;
    resolvableBudgetPct: number | null;
  };
}

/** How a sweep's variants were run, in words: all in one process, or their runs in N worker processes each. */
export function workerLayout(settings: Pick<SweepSettings, 'inProcess' | 'processes' | 'runs' | 'warmup'>): string {
  if (settings.inProcess) return 'all variants in one process';
  const processes = settings.processes ?? 1;
  if (processes === 1) return 'one process per variant';
  return `${processes} processes per variant, ${settings.runs} runs spread over them, ${settings.warmup} warm-up in each`;
}

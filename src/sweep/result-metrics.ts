/**
 * The per-metric part of a sweep's result (result.ts): the metrics, each one's summary, its delta against
 * the baseline with the verdict, and how that was computed, per device and pooled over devices. Part of the
 * stable JSON schema: fields are only ever added, never renamed or removed.
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

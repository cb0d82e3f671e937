/**
 * A candidate's metric against the baseline's as the lab judges it: the
 * robust shift on log time (robust.ts) by default, or Welch on means
 * (welch.ts, --stat mean), with the samples' pairing and worker processes
 * respected. Pure functions.
 */
import type { ComparisonMethod, DeltaSummary, Stat } from '../sweep/result.ts';
import { mean, median } from './descriptive.ts';
import { normalQuantile, studentTQuantile } from './distributions.ts';
import { logDifferences, pairedRankSumShift, processLevelShift, rankSumShift, robustScale, shiftPct, type LogShift } from './robust.ts';
import { compare, resolveOptions, verdictOf, type CompareOptions } from './welch.ts';

/** One metric's samples of a baseline and a candidate, with how they were taken. */
export interface ComparisonSamples {
  /** Every sample of each side, in the order measured. */
  baseline: number[];
  candidate: number[];
  /**
   * The pairs measured next to each other in time (paired rounds), with each pair's worker process;
   * null for samples taken unpaired.
   */
  pairs: { baseline: number[]; candidate: number[]; process: number[] } | null;
  /** Each side's samples by worker process, when the runs were spread over several (--processes N > 1). */
  processes: { baseline: number[][]; candidate: number[][] } | null;
}

export interface ShiftOptions extends CompareOptions {
  stat?: Stat;
}

/** Δ% the threshold allows, on the log scale: ln(1 + threshold). */
function logThreshold(noiseThresholdPct: number): number {
  return Math.log1p(noiseThresholdPct / 100);
}

/** Whether a (log) interval settles the question at the threshold: beyond it on one side, or inside it. */
export function isResolved(verdict: DeltaSummary['verdict'], ciLowPct: number, ciHighPct: number, noiseThresholdPct: number): boolean {
  if (verdict !== 'no significant change') return true;
  return ciLowPct > -noiseThresholdPct && ciHighPct < noiseThresholdPct;
}

function robustShift(s: ComparisonSamples, alpha: number): LogShift {
  if (s.processes && s.pairs) {
    // One estimate per process, from the pairs it measured.
    const byProcess = new Map<number, { b: number[]; c: number[] }>();
    s.pairs.process.forEach((p, i) => {
      const g = byProcess.get(p) ?? { b: [], c: [] };
      g.b.push(s.pairs!.baseline[i]!);
      g.c.push(s.pairs!.candidate[i]!);
      byProcess.set(p, g);
    });
    const estimates = [...byProcess.values()].map((g) => logDifferences(g.b, g.c).estimate);
    if (estimates.length >= 2) return processLevelShift(estimates, alpha);
  }
  if (s.pairs && s.pairs.baseline.length >= 2) return pairedRankSumShift(s.pairs.baseline, s.pairs.candidate, alpha);
  return rankSumShift(s.baseline, s.candidate, alpha);
}

const MAX_RUNS = 1000;

/**
 * Runs per variant at which the observed shift would be resolved with
 * probability ≈ power if it and the samples' robust scale were the truth: the
 * t-based plan with the noise variance inflated by π/3 (the rank tests'
 * efficiency against the t-test is 3/π = 0.955 under normal noise, and better
 * under heavy tails), and the estimate also clearing the noise threshold. null when already resolved,
 * inside the threshold, noiseless, or beyond 1000 runs.
 */
function robustRunsToResolve(s: ComparisonSamples, shift: LogShift, resolved: boolean, o: ReturnType<typeof resolveOptions>): number | null {
  if (resolved) return null;
  const delta = Math.abs(shift.estimate);
  const threshold = logThreshold(o.noiseThresholdPct);
  if (delta === 0 || delta <= threshold) return null;
  const b = s.pairs && s.pairs.baseline.length >= 2 ? s.pairs.baseline : s.baseline;
  const c = s.pairs && s.pairs.baseline.length >= 2 ? s.pairs.candidate : s.candidate;
  // The two-sample estimate's noise: each side's robust scale of log time, as if the two were independent.
  const scale = Math.SQRT2 * Math.max(robustScale(b.map(Math.log)), robustScale(c.map(Math.log)));
  if (!(scale > 0)) return null;
  const inflated = scale * Math.sqrt(Math.PI / 3);
  const zPower = normalQuantile(o.power);
  const resolves = (n: number) => {
    const se = inflated / Math.sqrt(n); // of the shift, with n runs a side
    return delta >= (studentTQuantile(1 - o.alpha / 2, n - 1) + zPower) * se && delta - threshold >= zPower * se;
  };
  let lo = Math.max(s.baseline.length, s.candidate.length) + 1;
  if (lo > MAX_RUNS || !resolves(MAX_RUNS)) return null;
  if (resolves(lo)) return lo;
  let hi = MAX_RUNS;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (resolves(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Welch over process means when the runs were spread over processes, else over the samples. */
function meanComparison(s: ComparisonSamples, options: CompareOptions): { delta: DeltaSummary; method: ComparisonMethod } {
  if (s.processes) {
    const b = s.processes.baseline.filter((g) => g.length > 0).map((g) => mean(g));
    const c = s.processes.candidate.filter((g) => g.length > 0).map((g) => mean(g));
    if (b.length >= 2 && c.length >= 2) return { delta: compare(b, c, options), method: 'welch-process-means' };
  }
  return { delta: compare(s.baseline, s.candidate, options), method: 'welch' };
}

/**
 * The candidate's Δ against the baseline: abs (seconds, against the
 * baseline's median for the robust shift), pct, the (1 - alpha) CI of pct, p,
 * the verdict at the noise threshold, whether it is resolved, the runs that
 * would resolve it, the method, and the means' Δ% beside.
 * Throws with fewer than 2 samples a side or non-positive times.
 */
export function compareShift(s: ComparisonSamples, options: ShiftOptions = {}): DeltaSummary {
  const o = resolveOptions(options);
  const means = meanComparison(s, options);
  if ((options.stat ?? 'robust') === 'mean') {
    const resolved = isResolved(means.delta.verdict, means.delta.ciLow, means.delta.ciHigh, o.noiseThresholdPct);
    return { ...means.delta, method: means.method, meanPct: means.delta.pct, resolved, alpha: o.alpha };
  }
  const shift = robustShift(s, o.alpha);
  const pct = shiftPct(shift.estimate);
  const ciLow = shiftPct(shift.low);
  const ciHigh = shiftPct(shift.high);
  const verdict = verdictOf(shift.p, pct, options);
  const resolved = isResolved(verdict, ciLow, ciHigh, o.noiseThresholdPct);
  return {
    abs: median(s.baseline) * Math.expm1(shift.estimate),
    pct,
    ciLow,
    ciHigh,
    p: shift.p,
    verdict,
    runsToResolve: robustRunsToResolve(s, shift, resolved, o),
    method: shift.method,
    meanPct: means.delta.pct,
    resolved,
    alpha: o.alpha,
  };
}
